import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "feature-plan-lite",
  resourceType: "userPool",
  severity: "info",
  title: "The pool is on the Lite feature plan",
  rationale:
    "The LITE plan lacks security features that other rules recommend: threat protection (compromised credentials, adaptive authentication, log export of sign-in events) needs PLUS, and passkeys, email one-time codes, password history and access-token customisation need ESSENTIALS or PLUS. Findings about those features cannot be fixed on this plan.",
  remediation: "Move the pool to the ESSENTIALS plan (or PLUS for threat protection) with UpdateUserPool --user-pool-tier, after checking the pricing.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html"],
  messages: {
    lite: "The pool is on the LITE plan: threat protection, passkeys and password history are not available.",
  },
  check({ pool }) {
    const tier = pool.entry.userPool.UserPoolTier;
    if (tier === undefined) return notEvaluated("DescribeUserPool did not report UserPoolTier");
    const evidence = { UserPoolTier: tier };
    return tier.toUpperCase() === "LITE" ? fail({ messageId: "lite", evidence }) : pass(evidence);
  },
});
