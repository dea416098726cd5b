import { expect } from "vitest";
import rule from "../../rules/threat-protection-custom-auth.js";
import type { AppClient } from "../../src/snapshot/types.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

type Mode = "AUDIT" | "ENFORCED" | undefined;
const pool = (customAuthMode: Mode, clients: AppClient[], extra: object = {}) =>
  poolEntry({
    userPool: userPool({
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED", ...(customAuthMode ? { AdvancedSecurityAdditionalFlows: { CustomAuthMode: customAuthMode } } : {}) },
    }),
    clients,
    ...extra,
  });
const srpOnly = () => appClient({ ClientId: "srp", ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
const custom = () => appClient({ ClientId: "magic", ClientName: "magic-link", ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });

testRule(rule, {
  valid: [
    {
      name: "no client allows custom auth",
      entry: pool(undefined, [srpOnly()]),
      evidence: { CustomAuthMode: "absent (OFF)", AdvancedSecurityMode: "ENFORCED", UserPoolTier: "PLUS", clients: [] },
    },
    { name: "everyPool: custom auth enforced passes", entry: pool("ENFORCED", [srpOnly()]), options: { everyPool: true } },
    { name: "no clients at all", entry: pool(undefined, []) },
    { name: "custom auth enforced", entry: pool("ENFORCED", [custom(), srpOnly()]) },
    {
      name: "enforced passes even when a client could not be described",
      entry: pool("ENFORCED", [{ ClientId: "broken" }], { errors: [{ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "no", resource: "broken" }] }),
    },
  ],
  invalid: [
    {
      name: "ALLOW_CUSTOM_AUTH with custom auth protection off",
      entry: pool(undefined, [srpOnly(), custom()]),
      messageId: "notEnforced",
      severity: "medium",
      data: { count: 1, example: "magic-link", mode: "off" },
      evidence: { CustomAuthMode: "absent (OFF)", clients: [{ clientId: "magic", clientName: "magic-link", flows: ["ALLOW_CUSTOM_AUTH"] }] },
    },
    {
      name: "custom auth in AUDIT mode",
      entry: pool("AUDIT", [custom()]),
      messageId: "notEnforced",
      evidence: { CustomAuthMode: "AUDIT" },
    },
    {
      name: "empty ExplicitAuthFlows means AWS's defaults, which include ALLOW_CUSTOM_AUTH",
      entry: pool(undefined, [appClient({ ClientId: "legacy", ExplicitAuthFlows: [] })]),
      messageId: "notEnforced",
      evidence: { clients: [{ clientId: "legacy", flows: ["ALLOW_CUSTOM_AUTH"], note: expect.stringMatching(/default/) }] },
    },
    {
      name: "absent ExplicitAuthFlows means AWS's defaults too",
      entry: pool(undefined, [appClient({ ClientId: "legacy2", ExplicitAuthFlows: undefined })]),
      messageId: "notEnforced",
    },
    {
      name: "legacy CUSTOM_AUTH_FLOW_ONLY",
      entry: pool("AUDIT", [appClient({ ClientId: "old", ExplicitAuthFlows: ["CUSTOM_AUTH_FLOW_ONLY"] })]),
      messageId: "notEnforced",
      evidence: { clients: [{ clientId: "old", flows: ["CUSTOM_AUTH_FLOW_ONLY"] }] },
    },
    {
      name: "fails on what it knows even when another client could not be described",
      entry: pool(undefined, [custom(), { ClientId: "broken" }], {
        errors: [{ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "no", resource: "broken" }],
      }),
      messageId: "notEnforced",
      evidence: { clients: [{ clientId: "magic" }], clientsNotDescribed: ["broken"] },
    },
    {
      name: "everyPool: no client allows custom auth, fails at low as FSBP Cognito.4",
      entry: pool("AUDIT", [srpOnly()]),
      options: { everyPool: true },
      messageId: "notEnforcedUnused",
      severity: "low",
      data: { mode: "in AUDIT mode" },
      evidence: { CustomAuthMode: "AUDIT", AdvancedSecurityMode: "ENFORCED", UserPoolTier: "PLUS", clients: [] },
    },
    {
      name: "everyPool: a pool whose client flows are unknown fails at low instead of not_evaluated",
      entry: pool(undefined, [{ ClientId: "broken", ClientName: "mobile" }], {
        errors: [{ operation: "DescribeUserPoolClient", code: "ThrottlingException", message: "slow down", resource: "broken" }],
      }),
      options: { everyPool: true },
      messageId: "notEnforcedUnused",
      severity: "low",
      data: { mode: "off" },
      evidence: { clients: [], clientsNotDescribed: ["mobile"] },
    },
    {
      name: "everyPool keeps medium where a client allows custom auth",
      entry: pool(undefined, [custom()]),
      options: { everyPool: true },
      messageId: "notEnforced",
      severity: "medium",
      data: { count: 1, example: "magic-link", mode: "off" },
    },
    {
      name: "threat protection OFF for standard flows too",
      entry: poolEntry({ userPool: userPool({ UserPoolAddOns: undefined }), clients: [custom()] }),
      messageId: "notEnforced",
      evidence: { AdvancedSecurityMode: "absent (OFF)", CustomAuthMode: "absent (OFF)" },
    },
  ],
  notEvaluated: [
    {
      name: "app clients were not listed",
      entry: poolEntry({ clients: undefined, errors: [{ operation: "ListUserPoolClients", code: "AccessDeniedException", message: "denied" }] }),
      reason: /ListUserPoolClients failed with AccessDeniedException/,
    },
    {
      name: "the only client's flows are unknown",
      entry: pool(undefined, [srpOnly(), { ClientId: "broken", ClientName: "mobile" }], {
        errors: [{ operation: "DescribeUserPoolClient", code: "ThrottlingException", message: "slow down", resource: "broken" }],
      }),
      reason: /mobile/,
    },
  ],
});
