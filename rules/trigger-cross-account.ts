import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { parseFunctionArn } from "../src/snapshot/triggers.js";

export default defineConfigRule({
  id: "trigger-cross-account",
  resourceType: "trigger",
  severity: "high",
  title: "A trigger runs code from another AWS account",
  rationale:
    "A Lambda trigger sees every sign-up, sign-in or token it serves and decides the outcome: it can accept any password, add claims and groups to tokens, or read plaintext passwords. A function in another account runs code that this account's owners cannot review, change or switch off, and that account's administrators (or whoever compromises them) control the pool's authentication.",
  remediation: "Deploy the trigger function in the pool's own account and point LambdaConfig at it; if a central account must own the code, ship it to this account through a pipeline instead of invoking it across accounts.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_LambdaConfigType.html"],
  messages: {
    crossAccount: "Trigger(s) {{triggers}} invoke {{name}} in account {{functionAccount}}, not in the pool's account {{poolAccount}}.",
  },
  check({ pool, functionArn, triggers }) {
    const parsed = parseFunctionArn(functionArn);
    if (!parsed) return notEvaluated(`LambdaConfig names "${functionArn}", which is not a Lambda function ARN`);
    const evidence = { functionArn, functionAccount: parsed.accountId, poolAccount: pool.accountId, triggers };
    if (parsed.accountId === pool.accountId) return pass(evidence);
    return fail({
      messageId: "crossAccount",
      data: { triggers: triggers.join(", "), name: parsed.name, functionAccount: parsed.accountId, poolAccount: pool.accountId },
      evidence,
    });
  },
});
