import { isFailedSignIn } from "../src/cloudtrail/normalise.js";
import { BurstTracker, SkippedCounter, burstEvidence, entryOf, eventCount, iso } from "../src/behaviour/bursts.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass } from "../src/engine/rule.js";

export default defineEventRule({
  id: "brute-force",
  resourceType: "userPool",
  severity: "high",
  title: "A user's password is being guessed (brute force)",
  rationale:
    "Many failed sign-ins for one account in a short time are someone guessing that user's password: online guessing succeeds against weak, reused or leaked passwords, and Cognito's own lockout only slows it down. Without MFA a correct guess is a full account takeover.",
  remediation:
    "Turn on threat protection (ENFORCED, with adaptive authentication blocking high-risk sign-ins), require MFA, put a WAF web ACL with a rate-based rule on the pool, and reset the targeted users' passwords if any attempt succeeded.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior", "https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html"],
  options: {
    threshold: integer({
      minimum: 2,
      default: 10,
      description: "Failed sign-ins for one user (sub) within the window that count as brute force.",
    }),
    windowMinutes: integer({
      minimum: 1,
      maximum: 10_080,
      default: 15,
      description: "Length of the sliding window, in minutes of event time (the first and last failure at most this far apart).",
    }),
  },
  messages: {
    bruteForce:
      "{{users}} user(s) had at least {{threshold}} failed sign-ins within {{windowMinutes}} minutes: {{failures}} failures from {{ips}} source IP(s) between {{first}} and {{last}}.",
  },
  events: {
    analyse({ threshold, windowMinutes }) {
      const tracker = new BurstTracker({ windowMs: windowMinutes * 60_000, limit: threshold, measure: eventCount });
      const withoutSub = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || !isFailedSignIn(event)) return;
          // A failure without a sub names no user: nothing to add it to (see the doc page).
          if (event.sub === undefined) {
            withoutSub.add(event.poolArn);
            return;
          }
          tracker.add(event.poolArn, event.sub, entryOf(event));
        },
        verdict({ pool }) {
          const skipped = withoutSub.get(pool.arn);
          const unattributed = skipped > 0 ? { failedSignInsWithoutSub: skipped } : undefined;
          const found = tracker.result(pool.arn);
          if (!found) return pass(unattributed);
          return fail({
            messageId: "bruteForce",
            data: {
              users: found.subs.distinct,
              threshold,
              windowMinutes,
              failures: found.events,
              ips: found.sourceIps.distinct,
              first: iso(found.first),
              last: iso(found.last),
            },
            evidence: { failedSignIns: found.events, usersTargeted: found.subs.distinct, ...burstEvidence(found), threshold, windowMinutes, ...unattributed },
          });
        },
      };
    },
  },
});
