import { field, isHidden } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, notEvaluated, pass } from "../src/engine/rule.js";
import { identityPoolEventsMissing } from "../src/behaviour/coverage.js";
import { Tally } from "../src/behaviour/tally.js";

/** Calls by which an app gets an identity and its credentials: proof that the pool's data events are logged. */
const IDENTITY_CALLS = new Set(["GetId", "GetCredentialsForIdentity"]);
/** Source IPs listed in the evidence, and source IPs / identities tracked per pool. */
const LISTED = 10;
const TRACKED = 1000;

/** Strings from the record are cut to this length in the evidence: they are the caller's. */
const CLIP = 100;
const iso = (ms: number) => new Date(ms).toISOString();
const clip = (value: string) => (value.length > CLIP ? `${value.slice(0, CLIP)}…` : value);

/**
 * Whether a successful GetCredentialsForIdentity gave guest (unauthenticated) credentials: the
 * request names an identity and no logins. The API reference: "Logins should not be specified when
 * trying to get credentials for an unauthenticated identity"; the developer guide's example of an
 * authenticated call logs `"logins": {"cognito-idp…/POOL": "HIDDEN_DUE_TO_SECURITY_REASONS"}`. A
 * request CloudTrail left out or hid, or logins hidden as a whole, cannot be told apart: not counted.
 */
function isGuestGrant(event: AttributedEvent): boolean {
  if (event.name !== "GetCredentialsForIdentity" || event.errorCode !== undefined) return false;
  const identityId = field(event.request, "identityId");
  if (typeof identityId !== "string" || identityId.trim() === "" || isHidden(identityId)) return false;
  const logins = field(event.request, "logins");
  if (logins === undefined || logins === null) return true;
  return typeof logins === "object" && !Array.isArray(logins) && Object.keys(logins).length === 0;
}

class PoolGrants {
  /** GetId / GetCredentialsForIdentity records of any kind: the trail logs this pool's data events. */
  identityCalls = 0;
  grants = 0;
  first = Infinity;
  last = -Infinity;
  readonly sourceIps = new Tally(TRACKED);
  readonly identities = new Tally(TRACKED);
}

export default defineEventRule({
  id: "identity-pool-guest-credentials",
  resourceType: "identityPool",
  severity: "medium",
  title: "Unauthenticated guests obtained AWS credentials from the identity pool",
  rationale:
    "GetCredentialsForIdentity without logins hands out temporary AWS credentials for the identity pool's unauthenticated role to anyone who knows the pool id, which ships inside the app. The first such grant in the window shows that guest access is not only configured but used; a pool that should not serve guests, a burst from few addresses or credentials used from unexpected IPs are how an over-broad guest role is abused to reach S3, DynamoDB or other services.",
  remediation:
    "Confirm that the app really needs guest access; if not, set AllowUnauthenticatedIdentities to false. If it does, scope the unauthenticated role down to the fewest actions on the narrowest resources, keep the classic flow off, and review what the listed source IPs did with the credentials (CloudTrail events of the guest role's sessions).",
  anchors: ["https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html#cognito-cloudtrail-events-getcredentialsforidentity"],
  options: {
    threshold: integer({
      minimum: 1,
      default: 1,
      description: "Unauthenticated GetCredentialsForIdentity grants for one identity pool within the scan's window that fail the rule (1: the first one).",
    }),
  },
  messages: {
    guestCredentials:
      "Identity pool {{name}} gave unauthenticated guests AWS credentials {{grants}} time(s) in the window, first at {{first}} (last {{last}}), to {{ips}} source IP(s).",
  },
  events: {
    analyse({ threshold }, context) {
      const pools = new Map<string, PoolGrants>();
      return {
        observe(event: AttributedEvent) {
          if (!event.identityPoolArn || !IDENTITY_CALLS.has(event.name)) return;
          let pool = pools.get(event.identityPoolArn);
          if (!pool) pools.set(event.identityPoolArn, (pool = new PoolGrants()));
          pool.identityCalls++;
          if (!isGuestGrant(event)) return;
          pool.grants++;
          pool.first = Math.min(pool.first, event.time);
          pool.last = Math.max(pool.last, event.time);
          pool.sourceIps.add(event.sourceIp ? clip(event.sourceIp) : "unknown");
          pool.identities.add(clip(String(field(event.request, "identityId")).trim()));
        },
        verdict({ identityPool, resource, region }) {
          // LookupEvents (live, or stored in a snapshot) never holds data events: no pool can be judged.
          const missing = identityPoolEventsMissing(context, region, "data");
          if (missing) return notEvaluated(missing);
          const pool = pools.get(resource.arn);
          if (!pool || pool.identityCalls === 0) {
            // GetId and GetCredentialsForIdentity are CloudTrail data events: without any, the trail
            // may simply not log them, and silence would be no evidence for a pool open to guests.
            if (identityPool.AllowUnauthenticatedIdentities === true) {
              return notEvaluated(
                "no GetId or GetCredentialsForIdentity events of this identity pool were found in the window; they are CloudTrail data events, logged only when the trail selects AWS::Cognito::IdentityPool data events",
              );
            }
            return pass({ identityCalls: 0 });
          }
          if (pool.grants < threshold) return pass({ identityCalls: pool.identityCalls, guestGrants: pool.grants, threshold });
          return fail({
            messageId: "guestCredentials",
            data: {
              name: identityPool.IdentityPoolName ?? identityPool.IdentityPoolId ?? resource.name,
              grants: pool.grants,
              first: iso(pool.first),
              last: iso(pool.last),
              ips: pool.sourceIps.distinct,
            },
            evidence: {
              firstGrant: iso(pool.first),
              lastGrant: iso(pool.last),
              guestGrants: pool.grants,
              guestIdentities: pool.identities.distinct,
              sourceIps: pool.sourceIps.top(LISTED).map(([ip, count]) => ({ ip, count })),
              identityCalls: pool.identityCalls,
              AllowUnauthenticatedIdentities: identityPool.AllowUnauthenticatedIdentities ?? null,
              threshold,
            },
          });
        },
      };
    },
  },
});
