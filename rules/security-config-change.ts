import { field, isHidden } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, pass, stringList } from "../src/engine/rule.js";
import { classifyUrl } from "../src/cognito/urls.js";
import { isBroadRange, parseCidr } from "../src/cognito/cidr.js";
import { Latest } from "../src/behaviour/latest.js";
import { Tally } from "../src/behaviour/tally.js";
import { globMatcher } from "../src/util/glob.js";

/** Calls that change how the pool authenticates, protects, logs or who can reach it. */
const OPERATIONS = new Set([
  "UpdateUserPool",
  "DeleteUserPool",
  "SetUserPoolMfaConfig",
  "SetRiskConfiguration",
  "UpdateUserPoolClient",
  "CreateUserPoolClient",
  "DeleteUserPoolClient",
  "AddUserPoolClientSecret",
  "DeleteUserPoolClientSecret",
  "CreateIdentityProvider",
  "UpdateIdentityProvider",
  "DeleteIdentityProvider",
  "CreateUserPoolDomain",
  "UpdateUserPoolDomain",
  "DeleteUserPoolDomain",
  "AddCustomAttributes",
  "CreateUserImportJob",
  "SetUserPoolSessionConfiguration",
  "SetUserPoolClientSessionConfiguration",
  "SetLogDeliveryConfiguration",
]);
const CLIENT_OPERATIONS = new Set(["UpdateUserPoolClient", "CreateUserPoolClient"]);
/** Operations whose evidence names the client they concern. */
const ABOUT_A_CLIENT = new Set([
  ...CLIENT_OPERATIONS,
  "DeleteUserPoolClient",
  "AddUserPoolClientSecret",
  "DeleteUserPoolClientSecret",
  "SetUserPoolClientSessionConfiguration",
  "SetRiskConfiguration",
]);
/** UpdateUserPool resets what it omits: the security settings whose omission the evidence names. */
const RESET_WHEN_OMITTED = ["mfaConfiguration", "userPoolAddOns", "adminCreateUserConfig", "deletionProtection", "policies", "lambdaConfig"];
/** Request keys whose value the rule judges, per operation; a hidden one is named in the evidence. */
const JUDGED: Record<string, string[]> = {
  UpdateUserPool: RESET_WHEN_OMITTED,
  SetUserPoolMfaConfig: ["mfaConfiguration"],
  SetRiskConfiguration: ["compromisedCredentialsRiskConfiguration", "accountTakeoverRiskConfiguration", "riskExceptionConfiguration"],
  UpdateUserPoolClient: ["allowedOAuthFlows", "callbackURLs"],
  CreateUserPoolClient: ["allowedOAuthFlows", "callbackURLs"],
};
/** Cognito's default password policy (the console's and the API's): what weaker is measured against. */
const DEFAULT_MIN_LENGTH = 8;
const CHARACTER_CLASSES = ["requireUppercase", "requireLowercase", "requireNumbers", "requireSymbols"];
/** The Lambda triggers of LambdaConfig; the sender triggers and pre token generation v2 nest their ARN. */
const LAMBDA_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]*:(\d{12}):function:/i;

/** Evidence lists at most this many source IPs and principals, and this many changes. */
const LISTED = 10;
const CHANGES = 50;
/** Insecure callback URLs or cross-account triggers named per change. */
const URLS_PER_CHANGE = 5;
/** Strings from the request are cut to this length in the evidence: they are the caller's. */
const CLIP = 200;
const TRACKED = 1000;
const UNKNOWN_PRINCIPAL = "(no IAM identity in the record)";

const iso = (ms: number) => new Date(ms).toISOString();
const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" && !isHidden(value) ? value : undefined);
const upper = (value: unknown) => text(value)?.trim().toUpperCase();
const clip = (value: string) => (value.length > CLIP ? `${value.slice(0, CLIP)}…` : value);
/** A boolean as JSON or as text ("false"): request parameters are logged as the caller sent them. */
const flag = (value: unknown): boolean | undefined => (typeof value === "boolean" ? value : value === "true" ? true : value === "false" ? false : undefined);
const named = (items: string[]) => items.slice(0, URLS_PER_CHANGE).map(clip).join(", ") + (items.length > URLS_PER_CHANGE ? ` and ${items.length - URLS_PER_CHANGE} more` : "");

/** The account of a pool ARN (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/ID). */
const accountOf = (poolArn: string) => poolArn.split(":")[4];

/** The Lambda ARNs of a LambdaConfig in another account than `account`, as "Trigger: ARN". */
function foreignTriggers(lambdaConfig: unknown, account: string | undefined): string[] {
  if (!account || !lambdaConfig || typeof lambdaConfig !== "object" || Array.isArray(lambdaConfig)) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(lambdaConfig as Record<string, unknown>)) {
    if (key.toLowerCase() === "kmskeyid") continue;
    const arn = text(value) ?? text(field(value, "lambdaArn"));
    const owner = arn === undefined ? undefined : LAMBDA_ARN.exec(arn.trim())?.[1];
    if (owner !== undefined && owner !== account) found.push(`${key}: ${arn!.trim()}`);
  }
  return found;
}

/** How an UpdateUserPool request's password policy is weaker than Cognito's default. */
function weakerPasswordPolicy(policies: unknown): string[] {
  const policy = field(policies, "passwordPolicy");
  if (!policy || typeof policy !== "object") return [];
  const found: string[] = [];
  const length = field(policy, "minimumLength");
  const n = typeof length === "number" ? length : typeof length === "string" && /^\d{1,4}$/.test(length.trim()) ? Number(length) : undefined;
  if (n !== undefined && n < DEFAULT_MIN_LENGTH) found.push(`minimumLength ${n} (default ${DEFAULT_MIN_LENGTH})`);
  const off = CHARACTER_CLASSES.filter((key) => flag(field(policy, key)) === false);
  if (off.length > 0) found.push(`${off.join(", ")} false`);
  return found.length > 0 ? [`password policy weaker than the default: ${found.join("; ")} (policies.passwordPolicy)`] : [];
}

/** SetRiskConfiguration: detections whose every stated action is NO_ACTION only audit. */
function auditOnlyRisk(request: Record<string, unknown>): string[] {
  const found: string[] = [];
  const compromised = upper(field(field(field(request, "compromisedCredentialsRiskConfiguration"), "actions"), "eventAction"));
  if (compromised === "NO_ACTION") found.push("compromised-credentials protection set to audit only (compromisedCredentialsRiskConfiguration.actions.eventAction NO_ACTION)");
  const takeover = field(field(request, "accountTakeoverRiskConfiguration"), "actions");
  const levels = ["lowAction", "mediumAction", "highAction"].map((level) => upper(field(field(takeover, level), "eventAction"))).filter((a) => a !== undefined);
  if (levels.length > 0 && levels.every((a) => a === "NO_ACTION")) {
    found.push("adaptive authentication set to audit only (accountTakeoverRiskConfiguration.actions: every eventAction NO_ACTION)");
  }
  // The always-allow list: sign-ins from these ranges are never risk-scored (risk-exception-broad's widths).
  const skipped = field(field(request, "riskExceptionConfiguration"), "skippedIPRangeList");
  const broad = (Array.isArray(skipped) ? skipped : [])
    .map(text)
    .filter((range): range is string => range !== undefined)
    .filter((range) => {
      const cidr = parseCidr(range);
      return cidr !== undefined && isBroadRange(cidr);
    });
  if (broad.length > 0) found.push(`threat protection skipped for a broad IP range (riskExceptionConfiguration.skippedIPRangeList): ${named(broad)}`);
  return found;
}

/** How a successful call's request weakens the pool, in words; empty when it does not (visibly). */
function weaknesses(event: AttributedEvent): string[] {
  const request = event.request;
  const found: string[] = [];
  if (event.name === "DeleteUserPool") found.push("the user pool was deleted, with its users (DeleteUserPool)");
  if ((event.name === "UpdateUserPool" || event.name === "SetUserPoolMfaConfig") && upper(field(request, "mfaConfiguration")) === "OFF") {
    found.push("MFA set to OFF (mfaConfiguration)");
  }
  if (event.name === "UpdateUserPool") {
    const mode = upper(field(field(request, "userPoolAddOns"), "advancedSecurityMode"));
    if (mode === "OFF" || mode === "AUDIT") found.push(`threat protection set to ${mode} (userPoolAddOns.advancedSecurityMode)`);
    const triggers = foreignTriggers(field(request, "lambdaConfig"), accountOf(event.poolArn!));
    if (triggers.length > 0) found.push(`trigger in another account than the pool's (lambdaConfig): ${named(triggers)}`);
    if (flag(field(field(request, "adminCreateUserConfig"), "allowAdminCreateUserOnly")) === false) {
      found.push("self sign-up switched on (adminCreateUserConfig.allowAdminCreateUserOnly false)");
    }
    found.push(...weakerPasswordPolicy(field(request, "policies")));
    if (upper(field(request, "deletionProtection")) === "INACTIVE") found.push("deletion protection set to INACTIVE (deletionProtection)");
  }
  if (event.name === "SetRiskConfiguration") found.push(...auditOnlyRisk(request));
  // With AllowedOAuthFlowsUserPoolClient false the client's OAuth flows and callbacks are inactive.
  if (CLIENT_OPERATIONS.has(event.name) && flag(field(request, "allowedOAuthFlowsUserPoolClient")) !== false) {
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
    if (insecure.length > 0) found.push(`http callback URL on a non-loopback host in callbackURLs: ${named(insecure)}`);
  }
  return found;
}

/** The names of the custom attributes an AddCustomAttributes request adds (hidden ones left out). */
const addedAttributes = (request: Record<string, unknown>) => {
  const list = field(request, "customAttributes");
  return (Array.isArray(list) ? list : [])
    .map((item) => text(field(item, "name")))
    .filter((name): name is string => name !== undefined)
    .slice(0, URLS_PER_CHANGE * 4)
    .map(clip);
};

interface Change {
  time: number;
  operation: string;
  principal: string;
  sourceIp?: string;
  clientId?: string;
  providerName?: string;
  domain?: string;
  /** AddCustomAttributes: the attributes added. */
  attributes?: string[];
  weakened?: string[];
  /** UpdateUserPool resets what it omits: the security settings this request did not state. */
  omitted?: string[];
  /** Judged settings CloudTrail logged as HIDDEN: whether they weaken the pool cannot be told. */
  hidden?: string[];
}

/** The `cap` most recent changes. */
class PoolChanges {
  total = 0;
  weakening = 0;
  first = Infinity;
  last = -Infinity;
  readonly operations = new Tally(OPERATIONS.size);
  readonly principals = new Tally(TRACKED);
  readonly sourceIps = new Tally(TRACKED);
  readonly weakeningChanges = new Latest<Change>(CHANGES);
  readonly otherChanges = new Latest<Change>(CHANGES);
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
    "Changes to MFA, threat protection, triggers, sign-up, the password policy, deletion protection, app clients and their secrets, identity providers, domains, custom attributes, user imports, sessions or log delivery alter who can sign in and how; an attacker with IAM access makes exactly these changes to open a door (MFA off, self sign-up on, a trigger in their own account, an implicit-grant client with an http callback, a new identity provider or client secret) or to blind monitoring, and DeleteUserPool destroys every account at once. Each change should be traceable to a deployment or a ticket; one that weakens the pool needs immediate review.",
  remediation:
    "Match each change to a deployment or change request. Revert any unexplained change (re-apply the configuration from infrastructure as code), and investigate the IAM principal that made it.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html"],
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
          const request = event.request;
          const providerName = text(field(request, "providerName"));
          const domain = event.name.endsWith("UserPoolDomain") ? text(field(request, "domain")) : undefined;
          const attributes = event.name === "AddCustomAttributes" ? addedAttributes(request) : [];
          const omitted = event.name === "UpdateUserPool" ? RESET_WHEN_OMITTED.filter((key) => field(request, key) === undefined) : [];
          const hidden = (JUDGED[event.name] ?? []).filter((key) => isHidden(field(request, key)));
          pool.add({
            time: event.time,
            operation: event.name,
            principal: event.principal ?? UNKNOWN_PRINCIPAL,
            ...(event.sourceIp ? { sourceIp: event.sourceIp } : {}),
            ...(event.clientId && ABOUT_A_CLIENT.has(event.name) ? { clientId: clip(event.clientId) } : {}),
            ...(providerName ? { providerName: clip(providerName) } : {}),
            ...(domain ? { domain: clip(domain) } : {}),
            ...(attributes.length > 0 ? { attributes } : {}),
            ...(weakened.length > 0 ? { weakened } : {}),
            ...(omitted.length > 0 ? { omitted } : {}),
            ...(hidden.length > 0 ? { hidden } : {}),
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
