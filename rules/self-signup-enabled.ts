import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "self-signup-enabled",
  resourceType: "userPool",
  severity: "medium",
  title: "Anyone can sign up",
  rationale:
    "With self sign-up anyone on the internet can create an account with the public client id: a foothold into every API that trusts the pool's tokens, bulk fake accounts, and SMS or email sending on your bill.",
  remediation: "Set AdminCreateUserConfig.AllowAdminCreateUserOnly to true, or gate sign-ups with a PreSignUp trigger and WAF if the app really needs public registration.",
  anchors: ["Prowler cognito_user_pool_self_registration_disabled", "Pacu cognito__attack", "https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html"],
  messages: {
    open: "Self sign-up is enabled{{gate}}.",
  },
  check({ pool }) {
    const userPool = pool.entry.userPool;
    if (userPool.AdminCreateUserConfig?.AllowAdminCreateUserOnly === true) return pass();
    const preSignUp = (userPool.LambdaConfig as Record<string, unknown> | undefined)?.PreSignUp;
    const gated = typeof preSignUp === "string" && preSignUp.length > 0;
    return fail({
      messageId: "open",
      data: { gate: gated ? " (a PreSignUp trigger screens sign-ups)" : " and no PreSignUp trigger screens sign-ups" },
      evidence: { AllowAdminCreateUserOnly: userPool.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false, preSignUpTrigger: gated ? preSignUp : null },
    });
  },
});
