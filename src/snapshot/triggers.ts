// The Lambda functions a pool's LambdaConfig names, with the triggers each serves.
import type { UserPool } from "./types.js";

/** Entries of LambdaConfig that are not functions. */
const NOT_A_FUNCTION = new Set(["KMSKeyID"]);

/**
 * Function ARN → trigger names, e.g. "PreSignUp", "PreTokenGenerationConfig", "CustomSMSSender".
 * Plain string entries and `{ LambdaArn }` objects (pre token generation v2, custom senders,
 * inbound federation) are both triggers.
 */
export function triggerFunctions(pool: UserPool): Map<string, string[]> {
  const functions = new Map<string, string[]>();
  const add = (arn: unknown, trigger: string) => {
    if (typeof arn !== "string" || arn.length === 0) return;
    functions.set(arn, [...(functions.get(arn) ?? []), trigger]);
  };
  for (const [trigger, value] of Object.entries((pool.LambdaConfig ?? {}) as Record<string, unknown>)) {
    if (NOT_A_FUNCTION.has(trigger)) continue;
    if (typeof value === "string") add(value, trigger);
    else if (value && typeof value === "object") add((value as { LambdaArn?: unknown }).LambdaArn, trigger);
  }
  // PreTokenGeneration and PreTokenGenerationConfig usually name the same function: one resource.
  for (const [arn, triggers] of functions) functions.set(arn, [...new Set(triggers)]);
  return functions;
}

const LAMBDA_ARN = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/;

/** The parts of a function ARN (qualified or not), or undefined for a name or malformed value. */
export function parseFunctionArn(arn: string) {
  const m = LAMBDA_ARN.exec(arn);
  return m ? { partition: m[1]!, region: m[2]!, accountId: m[3]!, name: m[4]!, qualifier: m[5] } : undefined;
}
