import { isFailedSignIn } from "../src/cloudtrail/normalise.js";
import { BurstTracker, SkippedCounter, burstEvidence, clientIp, entryOf, eventCount, ipMatcher, iso, trustedSourceIpsOption, type PoolBursts } from "../src/behaviour/bursts.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass } from "../src/engine/rule.js";

const part = (found: PoolBursts | undefined) => (found ? { failedSignIns: found.events, bursts: found.bursts, ...burstEvidence(found) } : undefined);

export default defineEventRule({
  id: "slow-brute-force",
  resourceType: "userPool",
  severity: "high",
  title: "Passwords are being guessed slowly, under the lockout (slow brute force)",
  rationale:
    "An attacker who paces guesses under Cognito's lockout (a few attempts, a pause, again, for hours) never makes a short burst, so brute-force detection over minutes misses it; over a day the failed sign-ins of one user, or from one source IP, still add up far beyond what people mistype.",
  remediation:
    "Block the source IPs with a WAF web ACL rule, turn on threat protection in ENFORCED mode with adaptive authentication, require MFA, and check whether any targeted user then signed in successfully (see sign-in-after-failures).",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior", "https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html"],
  options: {
    userFailures: integer({
      minimum: 2,
      default: 30,
      description: "Failed sign-ins for one user (sub) within the long window that count as slow brute force.",
    }),
    ipFailures: integer({
      minimum: 2,
      default: 100,
      description: "Failed sign-ins from one source IP (any users, with or without a sub) within the long window that count as slow brute force.",
    }),
    windowHours: integer({
      minimum: 1,
      maximum: 168,
      default: 24,
      description: "Length of the long sliding window, in hours of event time (the first and last failure at most this far apart).",
    }),
    trustedSourceIps: trustedSourceIpsOption("failed sign-ins"),
  },
  messages: {
    slowBruteForce:
      "Within {{windowHours}} hours, {{users}} user(s) had at least {{userFailures}} failed sign-ins and {{ips}} source IP(s) at least {{ipFailures}}: {{failures}} failures between {{first}} and {{last}}.",
  },
  events: {
    analyse({ userFailures, ipFailures, windowHours, trustedSourceIps }) {
      const windowMs = windowHours * 3_600_000;
      const byUser = new BurstTracker({ windowMs, limit: userFailures, measure: eventCount });
      const byIp = new BurstTracker({ windowMs, limit: ipFailures, measure: eventCount });
      const trusted = ipMatcher(trustedSourceIps);
      const fromTrusted = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || !isFailedSignIn(event)) return;
          const entry = entryOf(event);
          if (event.sub !== undefined) byUser.add(event.poolArn, event.sub, entry);
          const ip = clientIp(event);
          if (ip === undefined) return;
          if (trusted(ip)) fromTrusted.add(event.poolArn);
          else byIp.add(event.poolArn, ip, { ...entry });
        },
        verdict({ pool }) {
          const skipped = fromTrusted.get(pool.arn) > 0 ? { failedSignInsFromTrustedIps: fromTrusted.get(pool.arn) } : undefined;
          const users = byUser.result(pool.arn);
          const ips = byIp.result(pool.arn);
          if (!users && !ips) return pass(skipped);
          const all = [users, ips].filter((f): f is PoolBursts => f !== undefined);
          return fail({
            messageId: "slowBruteForce",
            data: {
              windowHours,
              users: users?.bursts ?? 0,
              userFailures,
              ips: ips?.bursts ?? 0,
              ipFailures,
              // Failures counted both per user and per IP are the same events: the larger count, not the sum.
              failures: Math.max(...all.map((f) => f.events)),
              first: iso(Math.min(...all.map((f) => f.first))),
              last: iso(Math.max(...all.map((f) => f.last))),
            },
            evidence: { ...(users ? { perUser: part(users) } : {}), ...(ips ? { perSourceIp: part(ips) } : {}), userFailures, ipFailures, windowHours, ...skipped },
          });
        },
      };
    },
  },
});
