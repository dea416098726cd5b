import { isUserNotFound } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass } from "../src/engine/rule.js";
import { BurstTracker, SkippedCounter, burstEvidence, clientIp, entryOf, eventCount, ipMatcher, trustedSourceIpsOption } from "../src/behaviour/bursts.js";

const iso = (ms: number) => new Date(ms).toISOString();

export default defineEventRule({
  id: "user-enumeration",
  resourceType: "userPool",
  severity: "medium",
  title: "One source IP is probing for user names (user enumeration)",
  rationale:
    "Each UserNotFoundException tells the caller that a user name does not exist, so the names that do not fail are real accounts. Many of them for one source IP in a short time are someone testing a list of email addresses or phone numbers, the usual first step before password spraying, credential stuffing or targeted phishing.",
  remediation:
    "Set PreventUserExistenceErrors to ENABLED on every app client, block or rate-limit the source IPs with a WAF web ACL on the pool, and watch the same IPs for password-spraying and brute-force findings.",
  anchors: ["MITRE ATT&CK T1589.002", "OWASP WSTG-IDNT-04"],
  options: {
    threshold: integer({
      minimum: 2,
      default: 10,
      description: "UserNotFoundException errors for one source IP within the window that count as enumeration.",
    }),
    windowMinutes: integer({
      minimum: 1,
      maximum: 10_080,
      default: 60,
      description: "Length of the sliding window, in minutes of event time (the first and last error at most this far apart).",
    }),
    trustedSourceIps: trustedSourceIpsOption("UserNotFoundException errors"),
  },
  messages: {
    enumeration:
      "{{ips}} source IP(s) each received at least {{threshold}} UserNotFoundException errors within {{windowMinutes}} minutes: {{errors}} errors between {{first}} and {{last}}.",
  },
  events: {
    analyse({ threshold, windowMinutes, trustedSourceIps }) {
      const tracker = new BurstTracker({ windowMs: windowMinutes * 60_000, limit: threshold, measure: eventCount });
      const trusted = ipMatcher(trustedSourceIps);
      const fromTrusted = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || !isUserNotFound(event)) return;
          const ip = clientIp(event);
          if (ip === undefined) return;
          if (trusted(ip)) {
            fromTrusted.add(event.poolArn);
            return;
          }
          tracker.add(event.poolArn, ip, entryOf(event));
        },
        verdict({ pool }) {
          const trustedErrors = fromTrusted.get(pool.arn);
          const skipped = trustedErrors > 0 ? { userNotFoundFromTrustedIps: trustedErrors } : undefined;
          const found = tracker.result(pool.arn);
          if (!found) return pass(skipped);
          return fail({
            messageId: "enumeration",
            data: { ips: found.sourceIps.distinct, threshold, windowMinutes, errors: found.events, first: iso(found.first), last: iso(found.last) },
            evidence: { userNotFoundErrors: found.events, ...burstEvidence(found), threshold, windowMinutes, ...skipped },
          });
        },
      };
    },
  },
});
