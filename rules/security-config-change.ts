import { field, isHidden, type CognitoEvent } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, pass, stringList } from "../src/engine/rule.js";
import { classifyUrl } from "../src/cognito/urls.js";
import { Tally } from "../src/behaviour/tally.js";
import { globMatcher } from "../src/util/glob.js";

/** Calls that change how the pool authenticates, protects or logs. */
const OPERATIONS = new Set([
  "UpdateUserPool",
  "SetUserPoolMfaConfig",
  "SetRiskConfiguration",
  "UpdateUserPoolClient",
  "CreateUserPoolClient",
  "CreateIdentityProvider",
  "UpdateIdentityProvider",
  "DeleteUserPoolDomain",
  "SetLogDeliveryConfiguration",
]);
const CLIENT_OPERATIONS = new Set(["UpdateUserPoolClient", "CreateUserPoolClient"]);

/** Evidence lists at most this many source IPs and principals, and this many changes. */
const LISTED = 10;
const CHANGES = 50;
/** Insecure callback URLs named per change. */
const URLS_PER_CHANGE = 5;
const TRACKED = 1000;
const UNKNOWN_PRINCIPAL = "(no IAM identity in the record)";

const iso = (ms: number) => new Date(ms).toISOString();
const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" && !isHidden(value) ? value : undefined);
const upper = (value: unknown) => text(value)?.trim().toUpperCase();


/** How a successful call's request weakens the pool, in words; empty when it does not (visibly). */
function weaknesses(event: CognitoEvent): string[] {
  const request = event.request;
  const found: string[] = [];
  if ((event.name === "UpdateUserPool" || event.name === "SetUserPoolMfaConfig") && upper(field(request, "mfaConfiguration")) === "OFF") {
    found.push("MFA set to OFF (mfaConfiguration)");
  }
  if (event.name === "UpdateUserPool") {
    const mode = upper(field(field(request, "userPoolAddOns"), "advancedSecurityMode"));
    if (mode === "OFF" || mode === "AUDIT") found.push(`threat protection set to ${mode} (userPoolAddOns.advancedSecurityMode)`);
  }
  // With AllowedOAuthFlowsUserPoolClient false the client's OAuth flows and callbacks are inactive.
  if (CLIENT_OPERATIONS.has(event.name) && field(request, "allowedOAuthFlowsUserPoolClient") !== false) {
    const flows = field(request, "allowedOAuthFlows");
    if (Array.isArray(flows) && flows.some((f) => text(f)?.trim().toLowerCase() === "implicit")) found.push("implicit grant in allowedOAuthFlows");
    const callbacks = field(request, "callbackURLs");
    const insecure = (Array.isArray(callbacks) ? callbacks : [])
      .map(text)
      .filter((url): url is string => url !== undefined)
      .filter((url) => {
        const c = classifyUrl(url.trim());
        return c.scheme === "http" && !c.loopback;
      });
    if (insecure.length > 0) {
      const named = insecure.slice(0, URLS_PER_CHANGE).join(", ");
      found.push(`http callback URL on a non-loopback host in callbackURLs: ${named}${insecure.length > URLS_PER_CHANGE ? ` and ${insecure.length - URLS_PER_CHANGE} more` : ""}`);
    }
  }
  return found;
}

interface Change {
  time: number;
  operation: string;
  principal: string;
  sourceIp?: string;
  clientId?: string;
  providerName?: string;
  weakened?: string[];
  /** UpdateUserPool resets what it omits: the security settings this request did not state. */
  omitted?: string[];
}

/** The `cap` most recent changes. */
class RecentChanges {
  readonly items: Change[] = [];
  dropped = 0;
  constructor(private readonly cap: number) {}

  add(change: Change): void {
    if (this.items.length < this.cap) {
      this.items.push(change);
      return;
    }
    this.dropped++;
    let oldest = 0;
    for (let i = 1; i < this.items.length; i++) if (this.items[i]!.time < this.items[oldest]!.time) oldest = i;
    if (change.time > this.items[oldest]!.time) this.items[oldest] = change;
  }
}

class PoolChanges {
  total = 0;
  weakening = 0;
  first = Infinity;
  last = -Infinity;
  readonly operations = new Tally(OPERATIONS.size);
  readonly principals = new Tally(TRACKED);
  readonly sourceIps = new Tally(TRACKED);
  readonly weakeningChanges = new RecentChanges(CHANGES);
  readonly otherChanges = new RecentChanges(CHANGES);
  allowedPrincipalChanges = 0;

  add(change: Change): void {
    this.total++;
    this.first = Math.min(this.first, change.time);
    this.last = Math.max(this.last, change.time);
    this.operations.add(change.operation);
    this.principals.add(change.principal);
    this.sourceIps.add(change.sourceIp ?? "unknown");
    if (change.weakened) {
      this.weakening++;
      this.weakeningChanges.add(change);
    } else {
      this.otherChanges.add(change);
    }
  }

  /** The changes for the evidence: weakening ones first, then the most recent others; in time order. */
  listed(): Change[] {
    const weakening = this.weakeningChanges.items;
    const others = [...this.otherChanges.items].sort((a, b) => b.time - a.time).slice(0, Math.max(0, CHANGES - weakening.length));
    return [...weakening, ...others].sort((a, b) => a.time - b.time);
  }
}

const summary = (change: Change) => `${change.operation} by ${change.principal} at ${iso(change.time)}`;

export default defineEventRule({
  id: "security-config-change",
  resourceType: "userPool",
  severity: "medium",
  title: "The pool's security configuration was changed",
  rationale:
    "Changes to MFA, threat protection, app clients, identity providers, the domain or log delivery alter who can sign in and how; an attacker with IAM access makes exactly these changes to open a door (MFA off, an implicit-grant client with an http callback, a new identity provider) or to blind monitoring. Each change should be traceable to a deployment or a ticket; one that weakens the pool needs immediate review.",
  remediation:
    "Match each change to a deployment or change request. Revert any unexplained change (re-apply the configuration from infrastructure as code), and investigate the IAM principal that made it.",
  anchors: ["MITRE ATT&CK T1556", "MITRE ATT&CK T1562"],
  options: {
    allowedPrincipals: stringList({
      default: [],
      description:
        "IAM principal ARNs whose configuration changes are expected (for example the deployment pipeline's role); `*` matches any characters. Their changes are counted in the evidence but do not fail the rule, unless a change weakens the pool.",
    }),
  },
  messages: {
    weakened:
      "{{weakening}} of {{total}} security configuration change(s) weaken the pool, e.g. {{example}}: {{what}}.",
    changed: "{{total}} security configuration change(s) between {{first}} and {{last}} ({{operations}}), e.g. {{example}}.",
  },
  events: {
    analyse({ allowedPrincipals }) {
      const allowed = globMatcher(allowedPrincipals);
      const pools = new Map<string, PoolChanges>();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || event.kind !== "api" || !OPERATIONS.has(event.name)) return;
          // Only successful calls changed the configuration.
          if (event.errorCode !== undefined) return;
          const weakened = weaknesses(event);
          let pool = pools.get(event.poolArn);
          if (!pool) pools.set(event.poolArn, (pool = new PoolChanges()));
          // Expected principals are trusted with ordinary changes, never with weakening ones.
          if (weakened.length === 0 && allowed(event.principal)) {
            pool.allowedPrincipalChanges++;
            return;
          }
          const providerName = text(field(event.request, "providerName"));
          const omitted =
            event.name === "UpdateUserPool" ? ["mfaConfiguration", "userPoolAddOns"].filter((key) => field(event.request, key) === undefined) : [];
          pool.add({
            time: event.time,
            operation: event.name,
            principal: event.principal ?? UNKNOWN_PRINCIPAL,
            ...(event.sourceIp ? { sourceIp: event.sourceIp } : {}),
            ...(event.clientId && CLIENT_OPERATIONS.has(event.name) ? { clientId: event.clientId } : {}),
            ...(providerName ? { providerName } : {}),
            ...(weakened.length > 0 ? { weakened } : {}),
            ...(omitted.length > 0 ? { omitted } : {}),
          });
        },
        verdict({ pool: target }) {
          const pool = pools.get(target.arn);
          if (!pool) return pass();
          const expected = pool.allowedPrincipalChanges > 0 ? { allowedPrincipalChanges: pool.allowedPrincipalChanges } : {};
          if (pool.total === 0) return pass(expected);
          const changes = pool.listed();
          const dropped = pool.total - changes.length;
          const evidence = {
            total: pool.total,
            weakening: pool.weakening,
            firstEvent: iso(pool.first),
            lastEvent: iso(pool.last),
            operations: pool.operations.object(),
            principals: pool.principals.top(LISTED).map(([principal, count]) => ({ principal, count })),
            sourceIps: pool.sourceIps.top(LISTED).map(([ip, count]) => ({ ip, count })),
            changes: changes.map(({ time, ...rest }) => ({ time: iso(time), ...rest })),
            ...(dropped > 0 ? { changesNotListed: dropped } : {}),
            ...expected,
          };
          if (pool.weakening > 0) {
            // The most recent weakening change is the example.
            const latest = pool.weakeningChanges.items.reduce((a, b) => (b.time > a.time ? b : a));
            return fail({ messageId: "weakened", data: { weakening: pool.weakening, total: pool.total, example: summary(latest), what: latest.weakened!.join("; ") }, evidence, severity: "high" });
          }
          const latest = changes[changes.length - 1]!;
          const operations = pool.operations
            .top()
            .map(([name, n]) => `${name} (${n})`)
            .join(", ");
          return fail({ messageId: "changed", data: { total: pool.total, first: iso(pool.first), last: iso(pool.last), operations, example: summary(latest) }, evidence, severity: "medium" });
        },
      };
    },
  },
});
