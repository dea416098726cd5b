import { field, isHidden } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, notEvaluated, pass, stringList } from "../src/engine/rule.js";
import { identityPoolEventsMissing } from "../src/behaviour/coverage.js";
import { Latest } from "../src/behaviour/latest.js";
import { Tally } from "../src/behaviour/tally.js";
import { globMatcher } from "../src/util/glob.js";

const OPERATIONS = new Set(["CreateIdentityPool", "UpdateIdentityPool", "SetIdentityPoolRoles", "DeleteIdentityPool"]);
/** Operations whose request holds the whole configuration (IdentityPoolName, AllowUnauthenticatedIdentities, AllowClassicFlow, …). */
const CONFIGURES = new Set(["CreateIdentityPool", "UpdateIdentityPool"]);
/** Changes listed in the evidence (the most recent), principals and source IPs listed and tracked. */
const CHANGES = 50;
const LISTED = 10;
const TRACKED = 1000;
/** Strings from the request are cut to this length in the evidence: they are the caller's. */
const CLIP = 200;
const UNKNOWN_PRINCIPAL = "(no IAM identity in the record)";

const iso = (ms: number) => new Date(ms).toISOString();
const clip = (value: string) => (value.length > CLIP ? `${value.slice(0, CLIP)}…` : value);
const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" && !isHidden(value) ? value.trim() : undefined);
/** A boolean as JSON or as text: request parameters are logged as the caller sent them. */
const flag = (value: unknown): boolean | undefined => (typeof value === "boolean" ? value : value === "true" ? true : value === "false" ? false : undefined);

/**
 * What a successful change does that raises its severity, in words. CreateIdentityPool and
 * UpdateIdentityPool: guest access or the classic flow switched on (requestParameters as the
 * developer guide's CreateIdentityPool example logs them: `allowUnauthenticatedIdentities`, …).
 * SetIdentityPoolRoles: any call replaces the roles (`roles.authenticated`, `roles.unauthenticated`)
 * and the role mappings. DeleteIdentityPool: every identity of the pool is gone with it.
 */
function highRisk(event: AttributedEvent): string[] {
  const request = event.request;
  const found: string[] = [];
  if (CONFIGURES.has(event.name)) {
    if (flag(field(request, "allowUnauthenticatedIdentities")) === true) found.push("unauthenticated identities allowed (allowUnauthenticatedIdentities true)");
    if (flag(field(request, "allowClassicFlow")) === true) found.push("classic (basic) flow allowed (allowClassicFlow true)");
  }
  if (event.name === "DeleteIdentityPool") found.push("the identity pool was deleted, with every identity in it (DeleteIdentityPool)");
  if (event.name === "SetIdentityPoolRoles") {
    const roles = field(request, "roles");
    const named = ["authenticated", "unauthenticated"].map((kind) => [kind, text(field(roles, kind))] as const).filter(([, arn]) => arn !== undefined);
    const mappings = field(request, "roleMappings");
    const mapped = mappings && typeof mappings === "object" && !Array.isArray(mappings) ? Object.keys(mappings).length : 0;
    const parts = [...named.map(([kind, arn]) => `${kind} ${clip(arn!)}`), ...(mapped > 0 ? [`${mapped} role mapping(s)`] : [])];
    found.push(`identity pool roles replaced (SetIdentityPoolRoles)${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`);
  }
  return found;
}

interface Change {
  time: number;
  operation: string;
  principal: string;
  sourceIp?: string;
  highRisk?: string[];
}

class PoolChanges {
  total = 0;
  highRisk = 0;
  allowedPrincipalChanges = 0;
  first = Infinity;
  last = -Infinity;
  latestHighRisk?: Change;
  readonly operations = new Tally(OPERATIONS.size);
  readonly principals = new Tally(TRACKED);
  readonly sourceIps = new Tally(TRACKED);
  /** The most recent changes, at most CHANGES. */
  readonly recent = new Latest<Change>(CHANGES);

  add(change: Change): void {
    this.total++;
    this.first = Math.min(this.first, change.time);
    this.last = Math.max(this.last, change.time);
    this.operations.add(change.operation);
    this.principals.add(change.principal);
    this.sourceIps.add(change.sourceIp ?? "unknown");
    if (change.highRisk) {
      this.highRisk++;
      if (!this.latestHighRisk || change.time >= this.latestHighRisk.time) this.latestHighRisk = change;
    }
    this.recent.add(change);
  }
}

const summary = (change: Change) => `${change.operation} by ${change.principal} at ${iso(change.time)}`;

export default defineEventRule({
  id: "identity-pool-config-change",
  resourceType: "identityPool",
  severity: "medium",
  title: "The identity pool's configuration or roles were changed",
  rationale:
    "CreateIdentityPool and UpdateIdentityPool decide who may get AWS credentials from the pool (guest access, the classic flow, the identity providers), SetIdentityPoolRoles decides which IAM roles those credentials are for, and DeleteIdentityPool removes every identity the pool holds. An attacker with IAM access who switches guest access on, or points the unauthenticated or authenticated role at a powerful role, turns the public identity pool id into a way into the account that survives the loss of their own keys. Each change should match a deployment; a change that opens the pool to guests, replaces its roles or deletes it needs immediate review.",
  remediation:
    "Match each change to a deployment or change request. Revert any unexplained change (re-apply the identity pool and its roles from infrastructure as code), review the roles now attached, and investigate the IAM principal that made it.",
  anchors: ["https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UpdateIdentityPool.html", "https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetIdentityPoolRoles.html"],
  options: {
    allowedPrincipals: stringList({
      default: [],
      description:
        "IAM principal ARNs whose identity pool changes are expected (for example the deployment pipeline's role); `*` matches any characters. Their changes are counted in the evidence but do not fail the rule, unless a change allows guests or the classic flow, replaces the roles or deletes the pool.",
    }),
  },
  messages: {
    highRisk: "{{highRisk}} of {{total}} change(s) to identity pool {{name}} open it, replace its roles or delete it, e.g. {{example}}: {{what}}.",
    changed: "{{total}} change(s) to identity pool {{name}} between {{first}} and {{last}}, e.g. {{example}}.",
  },
  events: {
    analyse({ allowedPrincipals }, context) {
      const allowed = globMatcher(allowedPrincipals);
      const pools = new Map<string, PoolChanges>();
      // Whether the trail's log files hold identity pool events at all (a copy filtered to cognito-idp holds none).
      let identityEvents = 0;
      return {
        observe(event: AttributedEvent) {
          if (event.service === "cognito-identity") identityEvents++;
          if (!event.identityPoolArn || !OPERATIONS.has(event.name) || event.errorCode !== undefined) return;
          let pool = pools.get(event.identityPoolArn);
          if (!pool) pools.set(event.identityPoolArn, (pool = new PoolChanges()));
          const found = highRisk(event);
          if (found.length === 0 && allowed(event.principal)) {
            pool.allowedPrincipalChanges++;
            return;
          }
          pool.add({
            time: event.time,
            operation: event.name,
            principal: event.principal ? clip(event.principal) : UNKNOWN_PRINCIPAL,
            ...(event.sourceIp ? { sourceIp: clip(event.sourceIp) } : {}),
            ...(found.length > 0 ? { highRisk: found } : {}),
          });
        },
        verdict({ identityPool, resource, region }) {
          const pool = pools.get(resource.arn);
          // Never a pass on what could not be seen (see the doc page): LookupEvents records that were
          // not pulled for cognito-identity, or log files without a single cognito-identity event.
          const missing = identityPoolEventsMissing(context, region, "management");
          if (missing) return notEvaluated(missing);
          if (!pool && !context.eventCoverage && identityEvents === 0) {
            return notEvaluated(
              "the CloudTrail log files hold no identity pool (cognito-identity.amazonaws.com) events at all; scan the trail's own log files, not a copy filtered to user pool events, to judge identity pool changes",
            );
          }
          if (!pool) return pass();
          const expected = pool.allowedPrincipalChanges > 0 ? { allowedPrincipalChanges: pool.allowedPrincipalChanges } : {};
          if (pool.total === 0) return pass(expected);
          const changes = [...pool.recent.items].sort((a, b) => a.time - b.time);
          const evidence = {
            total: pool.total,
            highRisk: pool.highRisk,
            firstEvent: iso(pool.first),
            lastEvent: iso(pool.last),
            operations: pool.operations.object(),
            principals: pool.principals.top(LISTED).map(([principal, count]) => ({ principal, count })),
            sourceIps: pool.sourceIps.top(LISTED).map(([ip, count]) => ({ ip, count })),
            changes: changes.map(({ time, ...rest }) => ({ time: iso(time), ...rest })),
            ...(pool.total > changes.length ? { changesNotListed: pool.total - changes.length } : {}),
            ...expected,
          };
          const name = identityPool.IdentityPoolName ?? identityPool.IdentityPoolId ?? resource.name;
          const latest = pool.latestHighRisk;
          if (latest) {
            return fail({ messageId: "highRisk", data: { highRisk: pool.highRisk, total: pool.total, name, example: summary(latest), what: latest.highRisk!.join("; ") }, evidence, severity: "high" });
          }
          return fail({ messageId: "changed", data: { total: pool.total, name, first: iso(pool.first), last: iso(pool.last), example: summary(changes[changes.length - 1]!) }, evidence, severity: "medium" });
        },
      };
    },
  },
});
