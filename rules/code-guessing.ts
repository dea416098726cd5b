import { BurstTracker, SkippedCounter, burstEvidence, clientIp, entryOf, eventCount, ipMatcher, iso, trustedSourceIpsOption } from "../src/behaviour/bursts.js";
import { isCodeFailure } from "../src/behaviour/failures.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass } from "../src/engine/rule.js";

export default defineEventRule({
  id: "code-guessing",
  resourceType: "userPool",
  severity: "high",
  title: "MFA, password-reset or confirmation codes are being guessed",
  rationale:
    "Cognito's one-time codes are short: an attacker who holds a user's password (for the MFA code) or only their user name (for a password-reset or sign-up code) can try codes until one matches. A burst of CodeMismatchException or ExpiredCodeException errors for one user or one source IP is that guessing; one hit resets the password or passes MFA, a full account takeover.",
  remediation:
    "Reset the targeted users' passwords and end their sessions if a later call succeeded, put a WAF web ACL with a rate-based rule on the pool, turn on threat protection in ENFORCED mode, and prefer TOTP or passkeys to SMS and email codes.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html#API_RespondToAuthChallenge_Errors", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmForgotPassword.html#API_ConfirmForgotPassword_Errors"],
  options: {
    threshold: integer({
      minimum: 2,
      default: 8,
      description: "Wrong or expired codes for one user (sub), or from one source IP when no sub is logged, within the window that count as guessing.",
    }),
    windowMinutes: integer({
      minimum: 1,
      maximum: 10_080,
      default: 15,
      description: "Length of the sliding window, in minutes of event time (the first and last error at most this far apart).",
    }),
    trustedSourceIps: trustedSourceIpsOption("code errors"),
  },
  messages: {
    guessing:
      "{{bursts}} burst(s) of guessing, each of at least {{threshold}} wrong or expired codes for one user or one source IP within {{windowMinutes}} minutes: {{errors}} errors for {{users}} user(s) from {{ips}} source IP(s) between {{first}} and {{last}}.",
  },
  events: {
    analyse({ threshold, windowMinutes, trustedSourceIps }) {
      const tracker = new BurstTracker({ windowMs: windowMinutes * 60_000, limit: threshold, measure: eventCount });
      const trusted = ipMatcher(trustedSourceIps);
      const fromTrusted = new SkippedCounter();
      const unattributed = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || !isCodeFailure(event)) return;
          const ip = clientIp(event);
          if (ip !== undefined && trusted(ip)) {
            fromTrusted.add(event.poolArn);
            return;
          }
          // Per user when CloudTrail names one; otherwise per client address (an IAM-signed call
          // without a sub names neither, and the backend's address is everyone's).
          const key = event.sub !== undefined ? `sub:${event.sub}` : ip !== undefined ? `ip:${ip}` : undefined;
          if (key === undefined) {
            unattributed.add(event.poolArn);
            return;
          }
          tracker.add(event.poolArn, key, entryOf(event));
        },
        verdict({ pool }) {
          const skipped = {
            ...(fromTrusted.get(pool.arn) > 0 ? { codeErrorsFromTrustedIps: fromTrusted.get(pool.arn) } : {}),
            ...(unattributed.get(pool.arn) > 0 ? { codeErrorsWithoutSubOrIp: unattributed.get(pool.arn) } : {}),
          };
          const found = tracker.result(pool.arn);
          if (!found) return pass(Object.keys(skipped).length > 0 ? skipped : undefined);
          return fail({
            messageId: "guessing",
            data: { bursts: found.bursts, users: found.subs.distinct, threshold, windowMinutes, errors: found.events, ips: found.sourceIps.distinct, first: iso(found.first), last: iso(found.last) },
            evidence: { codeErrors: found.events, bursts: found.bursts, usersTargeted: found.subs.distinct, ...burstEvidence(found), threshold, windowMinutes, ...skipped },
          });
        },
      };
    },
  },
});
