import { defineConfigRule, fail, pass } from "../src/engine/rule.js";
import { parseFunctionArn } from "../src/snapshot/triggers.js";

export default defineConfigRule({
  id: "trigger-missing-function",
  resourceType: "trigger",
  severity: "high",
  title: "A trigger points to a function that does not exist",
  rationale:
    "Cognito fails every operation that needs a trigger it cannot invoke, so sign-up, sign-in or token refresh break for every user. Worse, the ARN is still trusted: whoever can create a function with that name in that account (any developer with lambda:CreateFunction, or the other account's owner when the ARN is foreign) gets their code run with every sign-in, password or token the trigger sees.",
  remediation: "Remove the trigger from LambdaConfig, or deploy the intended function under that ARN right away; then restrict lambda:CreateFunction on trigger function names.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_LambdaConfigType.html"],
  requires: ["lambdaFunctions"],
  messages: {
    missing: "Trigger(s) {{triggers}} invoke {{name}}, which does not exist in account {{account}}: Cognito cannot run them, and anyone who creates a function with that name takes them over.",
  },
  check({ pool, functionArn, triggers, fn }) {
    if (fn?.configuration !== null) return pass({ functionArn, triggers, exists: true });
    const parsed = parseFunctionArn(functionArn);
    return fail({
      messageId: "missing",
      data: { triggers: triggers.join(", "), name: parsed ? `${parsed.name}${parsed.qualifier ? `:${parsed.qualifier}` : ""}` : functionArn, account: parsed?.accountId ?? "unknown" },
      evidence: {
        functionArn,
        triggers,
        exists: false,
        functionAccount: parsed?.accountId ?? null,
        sameAccountAsPool: parsed ? parsed.accountId === pool.accountId : null,
      },
    });
  },
});
