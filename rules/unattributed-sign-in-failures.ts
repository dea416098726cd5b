import { isFailedSignIn } from "../src/cloudtrail/normalise.js";
import { BurstTracker, SkippedCounter, burstEvidence, clientIp, entryOf, eventCount, ipMatcher, iso, trustedSourceIpsOption, type PoolBursts } from "../src/behaviour/bursts.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass } from "../src/engine/rule.js";

const part = (found: PoolBursts | undefined) => (found ? { failedSignIns: found.events, bursts: found.bursts, ...burstEvidence(found) } : undefined);

export default defineEventRule({
  id: "unattributed-sign-in-failures",
  resourceType: "userPool",
  severity: "high",
  title: "Failed sign-ins that name no user come in bursts (managed login or unknown user names)",
  rationale:
    "CloudTrail logs no sub for a failed managed-login (hosted UI) sign-in, nor for a user name that does not exist or is hidden, so per-user brute-force and spraying detection cannot see them. A burst of such failures from one source IP, or for one app client, is still password guessing or spraying, just with the users unnamed.",
  remediation:
    "Block or rate-limit the source IPs with a WAF web ACL associated with the pool, turn on threat protection in ENFORCED mode with adaptive authentication, require MFA, and check whether the addresses then signed in (see sign-in-after-failures).",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html"],
  options: {
    ipThreshold: integer({
      minimum: 2,
      default: 10,
      description: "Failed sign-ins without a sub from one source IP within the window that count as a burst.",
    }),
    clientThreshold: integer({
      minimum: 2,
      default: 50,
      description: "Failed sign-ins without a sub for one app client (from any addresses) within the window that count as a burst.",
    }),
    windowMinutes: integer({
      minimum: 1,
      maximum: 10_080,
      default: 15,
      description: "Length of the sliding window, in minutes of event time (the first and last failure at most this far apart).",
    }),
    trustedSourceIps: trustedSourceIpsOption("failed sign-ins"),
  },
  messages: {
    burst:
      "Failed sign-ins naming no user came in bursts within {{windowMinutes}} minutes: {{ips}} source IP(s) with at least {{ipThreshold}}, {{clients}} app client(s) with at least {{clientThreshold}}; {{failures}} failures between {{first}} and {{last}}.",
  },
  events: {
    analyse({ ipThreshold, clientThreshold, windowMinutes, trustedSourceIps }) {
      const windowMs = windowMinutes * 60_000;
      const byIp = new BurstTracker({ windowMs, limit: ipThreshold, measure: eventCount });
      const byClient = new BurstTracker({ windowMs, limit: clientThreshold, measure: eventCount });
      const trusted = ipMatcher(trustedSourceIps);
      const fromTrusted = new SkippedCounter();
      const withSub = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || !isFailedSignIn(event)) return;
          // A failure that names a user is brute-force's and password-spraying's to count.
          if (event.sub !== undefined) {
            withSub.add(event.poolArn);
            return;
          }
          const ip = event.sourceIp !== undefined && clientIp(event) !== undefined ? event.sourceIp : undefined;
          if (ip !== undefined && trusted(ip)) {
            fromTrusted.add(event.poolArn);
            return;
          }
          const entry = entryOf(event);
          if (ip !== undefined) byIp.add(event.poolArn, ip, entry);
          if (event.clientId !== undefined) byClient.add(event.poolArn, event.clientId, { ...entry });
        },
        verdict({ pool }) {
          const skipped = {
            ...(withSub.get(pool.arn) > 0 ? { failedSignInsWithSub: withSub.get(pool.arn) } : {}),
            ...(fromTrusted.get(pool.arn) > 0 ? { failedSignInsFromTrustedIps: fromTrusted.get(pool.arn) } : {}),
          };
          const ips = byIp.result(pool.arn);
          const clients = byClient.result(pool.arn);
          if (!ips && !clients) return pass(Object.keys(skipped).length > 0 ? skipped : undefined);
          const all = [ips, clients].filter((f): f is PoolBursts => f !== undefined);
          return fail({
            messageId: "burst",
            data: {
              windowMinutes,
              ips: ips?.bursts ?? 0,
              ipThreshold,
              clients: clients?.bursts ?? 0,
              clientThreshold,
              // The same failures may be counted per IP and per client: the larger count, not the sum.
              failures: Math.max(...all.map((f) => f.events)),
              first: iso(Math.min(...all.map((f) => f.first))),
              last: iso(Math.max(...all.map((f) => f.last))),
            },
            evidence: { ...(ips ? { perSourceIp: part(ips) } : {}), ...(clients ? { perClient: part(clients) } : {}), ipThreshold, clientThreshold, windowMinutes, ...skipped },
          });
        },
      };
    },
  },
});
