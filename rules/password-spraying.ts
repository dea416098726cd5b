import { isFailedSignIn } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass } from "../src/engine/rule.js";
import { BurstTracker, SkippedCounter, burstEvidence, clientIp, distinctSubs, entryOf, ipMatcher, trustedSourceIpsOption } from "../src/behaviour/bursts.js";

const iso = (ms: number) => new Date(ms).toISOString();

export default defineEventRule({
  id: "password-spraying",
  resourceType: "userPool",
  severity: "high",
  title: "One source IP is failing sign-in for many users (password spraying)",
  rationale:
    "Password spraying tries a few common passwords against many accounts from one address, staying under any per-user lockout. A single source IP whose sign-ins fail for several different users in a short time is the signature; every account with a common password is at risk, and without MFA one hit is an account takeover.",
  remediation:
    "Block or rate-limit the source IPs with a WAF web ACL on the pool (rate-based rule), turn on threat protection with adaptive authentication and compromised-credential blocking, require MFA, and check whether any of the targeted users then signed in successfully.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior"],
  options: {
    distinctUsers: integer({
      minimum: 2,
      default: 10,
      description: "Different users (subs) one source IP must fail to sign in within the window to count as spraying.",
    }),
    windowMinutes: integer({
      minimum: 1,
      maximum: 10_080,
      default: 30,
      description: "Length of the sliding window, in minutes of event time (the first and last failure at most this far apart).",
    }),
    trustedSourceIps: trustedSourceIpsOption("failed sign-ins"),
  },
  messages: {
    spraying:
      "{{ips}} source IP(s) each failed sign-in for at least {{distinctUsers}} different users within {{windowMinutes}} minutes: {{failures}} failures for {{users}} user(s) between {{first}} and {{last}}.",
  },
  events: {
    analyse({ distinctUsers, windowMinutes, trustedSourceIps }) {
      const tracker = new BurstTracker({ windowMs: windowMinutes * 60_000, limit: distinctUsers, measure: distinctSubs, mergeSameSub: true });
      const trusted = ipMatcher(trustedSourceIps);
      const withoutSub = new SkippedCounter();
      const fromTrusted = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || !isFailedSignIn(event)) return;
          const ip = clientIp(event);
          if (ip === undefined) return;
          if (trusted(ip)) {
            fromTrusted.add(event.poolArn);
            return;
          }
          if (event.sub === undefined) {
            withoutSub.add(event.poolArn);
            return;
          }
          tracker.add(event.poolArn, ip, entryOf(event));
        },
        verdict({ pool }) {
          const skipped = {
            ...(withoutSub.get(pool.arn) > 0 ? { failedSignInsWithoutSub: withoutSub.get(pool.arn) } : {}),
            ...(fromTrusted.get(pool.arn) > 0 ? { failedSignInsFromTrustedIps: fromTrusted.get(pool.arn) } : {}),
          };
          const found = tracker.result(pool.arn);
          if (!found) return pass(Object.keys(skipped).length > 0 ? skipped : undefined);
          return fail({
            messageId: "spraying",
            data: {
              ips: found.sourceIps.distinct,
              distinctUsers,
              windowMinutes,
              failures: found.events,
              users: found.subs.distinct,
              first: iso(found.first),
              last: iso(found.last),
            },
            evidence: { failedSignIns: found.events, usersTargeted: found.subs.distinct, ...burstEvidence(found), distinctUsers, windowMinutes, ...skipped },
          });
        },
      };
    },
  },
});
