import { expect } from "vitest";
import rule from "../../rules/risk-exception-broad.js";
import type { RiskConfiguration, UserPoolEntry } from "../../src/snapshot/types.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const POOL_ID = "eu-west-1_Risk00003";
const skipping = (...SkippedIPRangeList: string[]): RiskConfiguration => ({
  UserPoolId: POOL_ID,
  RiskExceptionConfiguration: { SkippedIPRangeList, BlockedIPRangeList: ["0.0.0.0/1"] },
});

function pool(
  riskConfiguration: RiskConfiguration | null,
  clientRisk: Record<string, RiskConfiguration | null> | null = { web: null },
  extra: Partial<UserPoolEntry> = {},
  mode: "OFF" | "AUDIT" | "ENFORCED" = "ENFORCED",
): UserPoolEntry {
  return poolEntry({
    userPool: userPool({ Id: POOL_ID, UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: mode } }),
    riskConfiguration,
    clients: [appClient({ ClientId: "web", ClientName: "web-app" })],
    clientRiskConfigurations: clientRisk,
    ...extra,
  });
}

testRule(rule, {
  valid: [
    { name: "no risk configuration", entry: pool(null) },
    { name: "clientRiskConfigurations null: collected, no client has its own", entry: pool(skipping("192.0.2.1/32"), null) },
    { name: "no exceptions", entry: pool({ UserPoolId: POOL_ID, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" } } }) },
    { name: "single addresses and a /24", entry: pool(skipping("203.0.113.10/32", "198.51.100.0/24", "192.0.2.7")) },
    { name: "a /17 is narrower than the limit", entry: pool(skipping("10.0.0.0/17")) },
    { name: "an IPv6 /56", entry: pool(skipping("2001:db8:1200::/56")) },
    { name: "a broad blocked range does not matter", entry: pool({ UserPoolId: POOL_ID, RiskExceptionConfiguration: { BlockedIPRangeList: ["0.0.0.0/0"] } }) },
    { name: "a wider limit by option", entry: pool(skipping("10.0.0.0/12")), options: { ipv4Prefix: 8 } },
    { name: "an IPv4-mapped single address", entry: pool(skipping("::ffff:203.0.113.10/128")) },
    { name: "a client echoing the pool's configuration is not a level", entry: pool(skipping("192.0.2.0/24"), { web: { ...skipping("0.0.0.0/0"), ClientId: "ALL" } }) },
  ],
  invalid: [
    {
      name: "a /16 is broad",
      entry: pool(skipping("203.0.113.10/32", "10.20.0.0/16")),
      messageId: "broad",
      severity: "high",
      evidence: { broadRanges: [{ range: "10.20.0.0/16", level: "user pool", size: "65,536 IPv4 addresses" }], skippedRanges: 2, limits: { ipv4: "/16", ipv6: "/48" } },
    },
    {
      name: "everything",
      entry: pool(skipping("0.0.0.0/0", "::/0")),
      messageId: "broad",
      evidence: { broadRanges: [{ range: "0.0.0.0/0", size: "4,294,967,296 IPv4 addresses" }, { range: "::/0", size: "2^128 IPv6 addresses" }] },
    },
    { name: "an IPv6 /48 is broad", entry: pool(skipping("2001:db8:1234::/48")), messageId: "broad", evidence: { broadRanges: [{ size: "2^80 IPv6 addresses" }] } },
    {
      name: "an IPv4-mapped IPv6 /104 is an IPv4 /8",
      entry: pool(skipping("::ffff:10.0.0.0/104")),
      messageId: "broad",
      evidence: { broadRanges: [{ range: "::ffff:10.0.0.0/104", note: expect.stringContaining("IPv4 /8") }] },
    },
    { name: "a stricter limit by option", entry: pool(skipping("198.51.100.0/24")), options: { ipv4Prefix: 24 }, messageId: "broad" },
    { name: "a stricter IPv6 limit by option", entry: pool(skipping("2001:db8:1200::/56")), options: { ipv6Prefix: 56 }, messageId: "broad" },
    {
      name: "a client override with a broad range",
      entry: pool(skipping("192.0.2.1/32"), { web: { ...skipping("100.64.0.0/10"), ClientId: "web" } }),
      messageId: "broad",
      evidence: { broadRanges: [{ range: "100.64.0.0/10", level: "app client web-app (web)" }] },
    },
    {
      name: "judged even while threat protection is only auditing",
      entry: pool(skipping("172.16.0.0/12"), undefined, {}, "AUDIT"),
      messageId: "broad",
      evidence: { AdvancedSecurityMode: "AUDIT", note: expect.stringContaining("ENFORCED") },
    },
    {
      name: "an unparsable entry is reported, a broad one fails",
      entry: pool(skipping("not-a-range", "10.0.0.0/8")),
      messageId: "broad",
      evidence: { unparsableRanges: [{ range: "not-a-range", level: "user pool" }] },
    },
    {
      name: "fails on what it knows even when a client's configuration could not be read",
      entry: pool(skipping("10.0.0.0/8"), {}, { errors: [{ operation: "DescribeRiskConfiguration", code: "AccessDeniedException", message: "denied", resource: "web" }] }),
      messageId: "broad",
      evidence: { clientsNotRead: ["web-app (web)"] },
    },
    {
      name: "a broad range on the pool fails though client-level configurations were not collected",
      entry: pool(skipping("10.0.0.0/8"), undefined, { clientRiskConfigurations: undefined }),
      messageId: "broad",
      evidence: { clientLevels: expect.stringMatching(/^not collected: clientRiskConfigurations was not collected/) },
    },
  ],
  notEvaluated: [
    {
      name: "DescribeRiskConfiguration failed",
      entry: pool(null, undefined, {
        riskConfiguration: undefined,
        errors: [{ operation: "DescribeRiskConfiguration", code: "AccessDeniedException", message: "denied" }],
      }),
      reason: /DescribeRiskConfiguration failed with AccessDeniedException/,
    },
    {
      name: "the pool's ranges are narrow, but the client's configuration could not be read",
      entry: pool(skipping("192.0.2.1/32"), {}, { errors: [{ operation: "DescribeRiskConfiguration", code: "ThrottlingException", message: "slow", resource: "web" }] }),
      reason: /web-app \(web\) could not be read/,
    },
    {
      name: "the pool's ranges are narrow, but client-level configurations were not collected",
      entry: pool(skipping("192.0.2.1/32"), undefined, { clientRiskConfigurations: undefined }),
      reason: /risk configurations were not collected/,
    },
  ],
});
