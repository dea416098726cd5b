import { isUserNotFound } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass } from "../src/engine/rule.js";
import { BurstTracker, SkippedCounter, burstEvidence, clientIp, entryOf, eventCount, ipMatcher, trustedSourceIpsOption } from "../src/behaviour/bursts.js";
import { isUsernameExists } from "../src/behaviour/failures.js";

const iso = (ms: number) => new Date(ms).toISOString();

export default defineEventRule({
  id: "user-enumeration",
  resourceType: "userPool",
  severity: "medium",
  title: "One source IP is probing for user names (user enumeration)",
  rationale:
    "Each UserNotFoundException tells the caller that a user name does not exist, so the names that do not fail are real accounts; each UsernameExistsException on sign-up tells them that a name does. Many of either for one source IP in a short time are someone testing a list of email addresses or phone numbers, the usual first step before password spraying, credential stuffing or targeted phishing.",
  remediation:
    "Set PreventUserExistenceErrors to ENABLED on every app client, block or rate-limit the source IPs with a WAF web ACL on the pool, and watch the same IPs for password-spraying and brute-force findings.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html#API_SignUp_Errors"],
  options: {
    threshold: integer({
      minimum: 2,
      default: 10,
      description:
        "UserNotFoundException errors (any operation), or UsernameExistsException errors on sign-up (counted apart), for one source IP within the window that count as enumeration.",
    }),
    windowMinutes: integer({
      minimum: 1,
      maximum: 10_080,
      default: 60,
      description: "Length of the sliding window, in minutes of event time (the first and last error at most this far apart).",
    }),
    trustedSourceIps: trustedSourceIpsOption("UserNotFoundException and UsernameExistsException errors"),
  },
  messages: {
    enumeration:
      "{{ips}} source IP(s) each received at least {{threshold}} UserNotFoundException errors within {{windowMinutes}} minutes: {{errors}} errors between {{first}} and {{last}}.",
    signUpEnumeration:
      "{{ips}} source IP(s) each received at least {{threshold}} UsernameExistsException errors on sign-up within {{windowMinutes}} minutes: {{errors}} errors between {{first}} and {{last}}.",
  },
  events: {
    analyse({ threshold, windowMinutes, trustedSourceIps }) {
      const tracker = new BurstTracker({ windowMs: windowMinutes * 60_000, limit: threshold, measure: eventCount });
      // Names that exist, found through sign-up: a separate count, so that what the rule found
      // through UserNotFoundException alone is unchanged.
      const signUps = new BurstTracker({ windowMs: windowMinutes * 60_000, limit: threshold, measure: eventCount });
      const trusted = ipMatcher(trustedSourceIps);
      const fromTrusted = new SkippedCounter();
      const signUpsFromTrusted = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn) return;
          const notFound = isUserNotFound(event);
          if (!notFound && !isUsernameExists(event)) return;
          const ip = clientIp(event);
          if (ip === undefined) return;
          if (trusted(ip)) {
            (notFound ? fromTrusted : signUpsFromTrusted).add(event.poolArn);
            return;
          }
          (notFound ? tracker : signUps).add(event.poolArn, ip, entryOf(event));
        },
        verdict({ pool }) {
          const trustedErrors = fromTrusted.get(pool.arn);
          const trustedSignUps = signUpsFromTrusted.get(pool.arn);
          const skipped = {
            ...(trustedErrors > 0 ? { userNotFoundFromTrustedIps: trustedErrors } : {}),
            ...(trustedSignUps > 0 ? { usernameExistsFromTrustedIps: trustedSignUps } : {}),
          };
          const found = tracker.result(pool.arn);
          const signUp = signUps.result(pool.arn);
          const signUpEvidence = signUp ? { usernameExistsErrors: signUp.events, signUp: burstEvidence(signUp) } : {};
          if (found)
            return fail({
              messageId: "enumeration",
              data: { ips: found.sourceIps.distinct, threshold, windowMinutes, errors: found.events, first: iso(found.first), last: iso(found.last) },
              evidence: { userNotFoundErrors: found.events, ...burstEvidence(found), threshold, windowMinutes, ...signUpEvidence, ...skipped },
            });
          if (signUp)
            return fail({
              messageId: "signUpEnumeration",
              data: { ips: signUp.sourceIps.distinct, threshold, windowMinutes, errors: signUp.events, first: iso(signUp.first), last: iso(signUp.last) },
              evidence: { usernameExistsErrors: signUp.events, ...burstEvidence(signUp), threshold, windowMinutes, ...skipped },
            });
          return pass(Object.keys(skipped).length > 0 ? skipped : undefined);
        },
      };
    },
  },
});
