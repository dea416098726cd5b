// Reading IAM resource policies: who a statement lets in, what it grants, which conditions scope it.
import { globMatches } from "../util/glob.js";
import type { PolicyStatement } from "../snapshot/types.js";

/** The service principal of Amazon Cognito user pools. */
export const COGNITO_SERVICE = "cognito-idp.amazonaws.com";
const SOURCE_KEYS = new Set(["aws:sourcearn", "aws:sourceaccount"]);
const ACCOUNT_ID = /^\d{12}$/;

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** How the statement's principal lets Cognito in: "cognito-idp.amazonaws.com", "*", or undefined. */
export function cognitoPrincipal(principal: PolicyStatement["Principal"]): string | undefined {
  if (principal === undefined) return undefined;
  if (typeof principal === "string") {
    if (principal === "*") return "*";
    return principal.toLowerCase() === COGNITO_SERVICE ? COGNITO_SERVICE : undefined;
  }
  for (const [kind, value] of Object.entries(principal)) {
    const values = list(value);
    if (kind.toLowerCase() === "service" && values.some((v) => v.toLowerCase() === COGNITO_SERVICE)) return COGNITO_SERVICE;
    if (values.includes("*")) return "*";
  }
  return undefined;
}

/** IAM wildcard matching, case-insensitive as IAM matches actions (no regex: a hostile pattern cannot backtrack). */
const actionMatches = (pattern: string, value: string) => globMatches(pattern.toLowerCase(), value.toLowerCase());

/** Whether the statement grants lambda:InvokeFunction (a statement without Action is read as granting it). */
export const grantsInvoke = (statement: PolicyStatement) =>
  statement.Action === undefined || list(statement.Action).some((a) => actionMatches(a, "lambda:InvokeFunction"));

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
export function sourceConditions(statement: PolicyStatement) {
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

