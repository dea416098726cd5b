import { BlockList } from "node:net";
import { threatProtectionMode } from "../src/cognito/authFlows.js";
import { isBroadRange, parseCidr, rangeSize, type Cidr } from "../src/cognito/cidr.js";
import { defineConfigRule, fail, integer, notEvaluated, pass } from "../src/engine/rule.js";
import { riskScopes } from "../src/cognito/riskScopes.js";


/** IPv4-mapped IPv6 addresses (::ffff:a.b.c.d): such a range is the IPv4 range it denotes. */
const IPV4_MAPPED = new BlockList();
IPV4_MAPPED.addSubnet("::ffff:0:0", 96, "ipv6");

/** The range as the width that matters: IPv4-mapped IPv6 ranges count as IPv4. */
function effectiveWidth(cidr: Cidr): { version: 4 | 6; prefix: number; mapped: boolean } {
  if (cidr.version === 6 && cidr.prefix >= 96) {
    const address = cidr.range.trim().split("/")[0]!;
    if (IPV4_MAPPED.check(address, "ipv6")) return { version: 4, prefix: cidr.prefix - 96, mapped: true };
  }
  return { version: cidr.version, prefix: cidr.prefix, mapped: false };
}

function describeSize(version: 4 | 6, prefix: number): string {
  return version === 4
    ? `${rangeSize({ range: "", version: 4, prefix }).toLocaleString("en-US")} IPv4 addresses`
    : `2^${128 - prefix} IPv6 addresses`;
}

export default defineConfigRule({
  id: "risk-exception-broad",
  resourceType: "userPool",
  severity: "high",
  title: "Threat protection is switched off for a broad IP range",
  rationale:
    "Sign-ins from an address in RiskExceptionConfiguration.SkippedIPRangeList (the always-allow list) are never risk-scored: no adaptive authentication, no block, no MFA challenge. A /16 holds 65,536 addresses (a whole cloud provider region or mobile carrier pool); attackers who rent or reach any address in it bypass threat protection.",
  remediation:
    "Narrow SkippedIPRangeList to the exact egress addresses you trust (a /32 per NAT gateway or office egress IP), on the pool and on every app client with its own risk configuration.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RiskExceptionConfigurationType.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html"],
  // Client-level configurations are read when collected: a broad range on the pool stands without them.
  requires: ["riskConfiguration"],
  options: {
    ipv4Prefix: integer({
      minimum: 0,
      maximum: 32,
      default: 16,
      description: "An IPv4 always-allow range with this prefix length or a shorter one (wider range) fails.",
    }),
    ipv6Prefix: integer({
      minimum: 0,
      maximum: 128,
      default: 48,
      description: "An IPv6 always-allow range with this prefix length or a shorter one (wider range) fails.",
    }),
  },
  messages: {
    broad: "{{count}} always-allow IP range(s) skip threat protection for a broad network, e.g. {{range}} ({{size}}) on the {{level}}.",
  },
  check({ pool }, { ipv4Prefix, ipv6Prefix }) {
    const { scopes, gaps, incomplete } = riskScopes(pool.entry);
    const broad: { range: string; level: string; size: string; note?: string }[] = [];
    const unparsable: { range: string; level: string }[] = [];
    let skipped = 0;
    for (const { level, config } of scopes) {
      for (const range of config?.RiskExceptionConfiguration?.SkippedIPRangeList ?? []) {
        skipped++;
        const cidr = parseCidr(range);
        if (!cidr) {
          unparsable.push({ range, level });
          continue;
        }
        const width = effectiveWidth(cidr);
        if (!isBroadRange({ ...cidr, ...width }, ipv4Prefix, ipv6Prefix)) continue;
        broad.push({
          range,
          level,
          size: describeSize(width.version, width.prefix),
          ...(width.mapped ? { note: `IPv4-mapped IPv6 range: judged as an IPv4 /${width.prefix}` } : {}),
        });
      }
    }
    const evidence = {
      broadRanges: broad,
      skippedRanges: skipped,
      limits: { ipv4: `/${ipv4Prefix}`, ipv6: `/${ipv6Prefix}` },
      AdvancedSecurityMode: pool.entry.userPool.UserPoolAddOns?.AdvancedSecurityMode ?? "absent (OFF)",
      ...(threatProtectionMode(pool.entry.userPool) !== "ENFORCED" ? { note: "the exceptions take effect as soon as threat protection is ENFORCED" } : {}),
      ...(unparsable.length > 0 ? { unparsableRanges: unparsable } : {}),
      ...gaps,
    };
    if (broad.length > 0) {
      const first = broad[0]!;
      return fail({ messageId: "broad", data: { count: broad.length, range: first.range, size: first.size, level: first.level }, evidence });
    }
    return incomplete ? notEvaluated(incomplete) : pass(evidence);
  },
});
