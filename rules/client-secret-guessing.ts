import { BurstTracker, SkippedCounter, burstEvidence, clientIp, entryOf, eventCount, ipMatcher, iso, trustedSourceIpsOption } from "../src/behaviour/bursts.js";
import { grantType, isTokenRefusal } from "../src/behaviour/failures.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass } from "../src/engine/rule.js";

/** Grants whose refusals are expected in normal use (an expired code, a revoked refresh token). */
const USER_GRANTS = new Set(["authorization_code", "refresh_token"]);

export default defineEventRule({
  id: "client-secret-guessing",
  resourceType: "userPool",
  severity: "high",
  title: "An app client's secret is being guessed at the token endpoint",
  rationale:
    "The token endpoint of a pool with a domain is public: anyone who knows a client id can request client_credentials tokens and try secrets. A burst of refused Token_POST requests for one client is someone guessing or replaying a leaked, rotated secret; a correct guess gives machine-to-machine access tokens with every scope the client is allowed.",
  remediation:
    "Rotate the client's secret (AddUserPoolClientSecret, then DeleteUserPoolClientSecret for the old one), restrict the client's allowed scopes, block the source IPs with a WAF web ACL on the pool, and check which backend still uses a stale secret if the requests come from your own addresses.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html#cognito-cloudtrail-events-token-endpoint-requests"],
  options: {
    threshold: integer({
      minimum: 2,
      default: 20,
      description: "Refused token requests (4xx) for one app client within the window that count as secret guessing.",
    }),
    windowMinutes: integer({
      minimum: 1,
      maximum: 10_080,
      default: 15,
      description: "Length of the sliding window, in minutes of event time (the first and last refusal at most this far apart).",
    }),
    trustedSourceIps: trustedSourceIpsOption("refused token requests"),
  },
  messages: {
    guessing:
      "{{clients}} app client(s) each had at least {{threshold}} refused token requests within {{windowMinutes}} minutes: {{refusals}} refusals from {{ips}} source IP(s) between {{first}} and {{last}}.",
  },
  events: {
    analyse({ threshold, windowMinutes, trustedSourceIps }) {
      const tracker = new BurstTracker({ windowMs: windowMinutes * 60_000, limit: threshold, measure: eventCount });
      const trusted = ipMatcher(trustedSourceIps);
      const fromTrusted = new SkippedCounter();
      const withoutClient = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || !isTokenRefusal(event)) return;
          const grant = grantType(event);
          // A refused code exchange or refresh is a user's stale code or token, not a secret guess.
          if (grant !== undefined && USER_GRANTS.has(grant)) return;
          const ip = clientIp(event);
          if (ip !== undefined && trusted(ip)) {
            fromTrusted.add(event.poolArn);
            return;
          }
          if (event.clientId === undefined) {
            withoutClient.add(event.poolArn);
            return;
          }
          tracker.add(event.poolArn, event.clientId, entryOf(event));
        },
        verdict({ pool }) {
          const skipped = {
            ...(fromTrusted.get(pool.arn) > 0 ? { refusalsFromTrustedIps: fromTrusted.get(pool.arn) } : {}),
            ...(withoutClient.get(pool.arn) > 0 ? { refusalsWithoutClientId: withoutClient.get(pool.arn) } : {}),
          };
          const found = tracker.result(pool.arn);
          if (!found) return pass(Object.keys(skipped).length > 0 ? skipped : undefined);
          return fail({
            messageId: "guessing",
            data: { clients: found.clients.distinct, threshold, windowMinutes, refusals: found.events, ips: found.sourceIps.distinct, first: iso(found.first), last: iso(found.last) },
            evidence: { refusedTokenRequests: found.events, clientsTargeted: found.clients.distinct, ...burstEvidence(found), threshold, windowMinutes, ...skipped },
          });
        },
      };
    },
  },
});
