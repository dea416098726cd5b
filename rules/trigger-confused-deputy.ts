import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { COGNITO_SERVICE, grantsInvoke, cognitoPrincipal, sourceConditions } from "../src/cognito/iamPolicy.js";
import { describeError } from "../src/snapshot/sections.js";
import type { PolicyStatement } from "../src/snapshot/types.js";

export default defineConfigRule({
  id: "trigger-confused-deputy",
  resourceType: "trigger",
  severity: "medium",
  title: "Any user pool can invoke the trigger function",
  rationale:
    "A resource policy that lets cognito-idp.amazonaws.com invoke a function without an aws:SourceArn or aws:SourceAccount condition trusts the Cognito service on behalf of every AWS customer: anyone can configure the function as a trigger of their own user pool and have Cognito call it with events they craft. That is the confused-deputy problem; the function then runs, writes and sends with its own role's permissions for a stranger's pool.",
  remediation: "Replace the permission with one that names the pool: aws lambda add-permission … --principal cognito-idp.amazonaws.com --source-arn <user pool ARN> (and --source-account), then remove the unscoped statement.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html", "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"],
  requires: ["lambdaFunctions"],
  messages: {
    unscoped: "The resource policy of {{name}} lets {{principal}} invoke it without an aws:SourceArn or aws:SourceAccount condition that names an account (statement {{sids}}): any user pool, in any account, can use it as a trigger.",
  },
  check({ functionArn, fn, errors }) {
    // A function that does not exist has no policy: trigger-missing-function reports it.
    if (!fn || fn.configuration === null) return null;
    if (fn.policy === undefined) {
      const error = errors.find((e) => e.operation === "GetPolicy");
      return notEvaluated(error ? describeError(error) : `the resource policy of ${functionArn} was not collected (GetPolicy)`);
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
    return fail({
      messageId: "unscoped",
      data: {
        name: fn.configuration?.FunctionName ?? functionArn,
        principal: unscoped.some((s) => s.principal === "*") ? "every principal (\"*\")" : COGNITO_SERVICE,
        sids: unscoped.map((s) => s.sid).join(", "),
      },
      evidence,
    });
  },
});
