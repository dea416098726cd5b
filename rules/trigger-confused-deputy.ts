import { defineRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import type { PolicyStatement } from "../src/snapshot/types.js";

const COGNITO = "cognito-idp.amazonaws.com";
const SOURCE_KEYS = new Set(["aws:sourcearn", "aws:sourceaccount"]);
const ACCOUNT_ID = /^\d{12}$/;

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** How the statement's principal lets Cognito in: "cognito-idp.amazonaws.com", "*", or undefined. */
function cognitoPrincipal(principal: PolicyStatement["Principal"]): string | undefined {
  if (principal === undefined) return undefined;
  if (typeof principal === "string") {
    if (principal === "*") return "*";
    return principal.toLowerCase() === COGNITO ? COGNITO : undefined;
  }
  for (const [kind, value] of Object.entries(principal)) {
    const values = list(value);
    if (kind.toLowerCase() === "service" && values.some((v) => v.toLowerCase() === COGNITO)) return COGNITO;
    if (values.includes("*")) return "*";
  }
  return undefined;
}

/** IAM wildcard matching (case-insensitive, as IAM matches actions). */
const globMatches = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i").test(value);

/** Whether the statement grants lambda:InvokeFunction (a statement without Action is read as granting it). */
const grantsInvoke = (statement: PolicyStatement) =>
  statement.Action === undefined || list(statement.Action).some((a) => globMatches(a, "lambda:InvokeFunction"));

/** Whether a condition value names one account: a 12-digit account id, or an ARN with one in its account field. */
function pinsAccount(key: string, value: string): boolean {
  if (key === "aws:sourceaccount") return ACCOUNT_ID.test(value);
  return ACCOUNT_ID.test(value.split(":")[4] ?? "");
}

/**
 * The aws:SourceArn / aws:SourceAccount conditions of a statement, and whether one of them ties the
 * invocation to a named account. Negated operators (StringNotEquals, ArnNotLike, …) and Null only
 * exclude or require the key, and wildcard accounts (`*`, `arn:aws:cognito-idp:*:*:userpool/*`)
 * match every account: none of these scopes the caller.
 */
function sourceConditions(statement: PolicyStatement) {
  const found: string[] = [];
  let scoped = false;
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(block ?? {})) {
      const normalized = key.toLowerCase();
      if (!SOURCE_KEYS.has(normalized)) continue;
      found.push(`${operator} ${key} ${JSON.stringify(value)}`);
      if (/not/i.test(operator) || /^null$/i.test(operator)) continue;
      if (list(value).some((v) => pinsAccount(normalized, v))) scoped = true;
    }
  }
  return { found, scoped };
}

export default defineRule({
  id: "trigger-confused-deputy",
  resourceType: "trigger",
  severity: "medium",
  title: "Any user pool can invoke the trigger function",
  rationale:
    "A resource policy that lets cognito-idp.amazonaws.com invoke a function without an aws:SourceArn or aws:SourceAccount condition trusts the Cognito service on behalf of every AWS customer: anyone can configure the function as a trigger of their own user pool and have Cognito call it with events they craft. That is the confused-deputy problem; the function then runs, writes and sends with its own role's permissions for a stranger's pool.",
  remediation: "Replace the permission with one that names the pool: aws lambda add-permission … --principal cognito-idp.amazonaws.com --source-arn <user pool ARN> (and --source-account), then remove the unscoped statement.",
  anchors: ["new"],
  requires: ["lambdaFunctions"],
  messages: {
    unscoped: "The resource policy of {{name}} lets {{principal}} invoke it without an aws:SourceArn or aws:SourceAccount condition that names an account (statement {{sids}}): any user pool, in any account, can use it as a trigger.",
  },
  check({ functionArn, fn, errors }) {
    // A function that does not exist has no policy: trigger-missing-function reports it.
    if (!fn || fn.configuration === null) return null;
    if (fn.policy === undefined) {
      const error = errors.find((e) => e.operation === "GetPolicy");
      return notEvaluated(error ? `GetPolicy failed with ${error.code}${error.message ? `: ${error.message}` : ""}` : `the resource policy of ${functionArn} was not collected (GetPolicy)`);
    }
    if (fn.policy === null) return pass({ functionArn, resourcePolicy: null, note: "no resource policy: no service can invoke the function" });

    const declared = fn.policy.Statement;
    const statements: PolicyStatement[] = Array.isArray(declared) ? declared : declared ? [declared] : [];
    const cognito = statements.flatMap((statement, index) => {
      const principal = cognitoPrincipal(statement.Principal);
      if (statement.Effect?.toLowerCase() !== "allow" || !principal || !grantsInvoke(statement)) return [];
      const { found, scoped } = sourceConditions(statement);
      return [{ sid: statement.Sid ?? `#${index + 1} (no Sid)`, principal, conditions: found, scoped }];
    });
    const unscoped = cognito.filter((s) => !s.scoped);
    const evidence = {
      functionArn,
      statements: cognito.map(({ sid, principal, conditions, scoped }) => ({
        sid,
        principal,
        sourceConditions: conditions,
        scoped,
      })),
    };
    if (unscoped.length === 0) return pass(evidence);
    return fail(
      "unscoped",
      {
        name: fn.configuration?.FunctionName ?? functionArn,
        principal: unscoped.some((s) => s.principal === "*") ? "every principal (\"*\")" : COGNITO,
        sids: unscoped.map((s) => s.sid).join(", "),
      },
      evidence,
    );
  },
});
