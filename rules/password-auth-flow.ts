import { effectiveAuthFlows, firstAuthFactors, userAuthAllowsPassword } from "../src/cognito/authFlows.js";
import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

/** Flows in which the app sends the plain password to the public InitiateAuth API. */
const USER_PASSWORD_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"];
/** Flows in which a back end sends the plain password to AdminInitiateAuth with IAM credentials. */
const ADMIN_PASSWORD_FLOWS = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"];

export default defineConfigRule({
  id: "password-auth-flow",
  resourceType: "client",
  severity: "medium",
  title: "The client accepts plain-text password sign-in",
  rationale:
    "With USER_PASSWORD_AUTH, or USER_AUTH with the PASSWORD challenge, the app sends the user's password itself to Cognito instead of an SRP proof: it passes through every proxy, TLS-inspecting middlebox, request log and SDK debug output on the way, and the public InitiateAuth endpoint becomes a straightforward credential-stuffing and password-spraying target. The admin variant needs IAM credentials and runs on a back end, so it exposes less, but the password still travels and is handled in clear by your server.",
  remediation:
    "Remove ALLOW_USER_PASSWORD_AUTH (and ALLOW_ADMIN_USER_PASSWORD_AUTH unless a back end needs it) from ExplicitAuthFlows and sign users in with SRP (ALLOW_USER_SRP_AUTH), passkeys or managed login; keep USER_PASSWORD_AUTH only temporarily for a user-migration trigger. ALLOW_USER_AUTH offers the PASSWORD challenge whenever the pool's sign-in policy allows PASSWORD: use it only where you accept that.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html"],
  messages: {
    userPassword: "ExplicitAuthFlows allows {{flows}}: apps send users' plain passwords to the public InitiateAuth API instead of SRP.",
    userAuthPassword:
      "ExplicitAuthFlows allows ALLOW_USER_AUTH and the pool's sign-in policy allows PASSWORD: apps can send users' plain passwords to the public InitiateAuth API (USER_AUTH with the PASSWORD challenge) instead of SRP.",
    adminPassword: "ExplicitAuthFlows allows {{flows}}: a back end sends users' plain passwords to AdminInitiateAuth instead of SRP.",
  },
  check({ client, pool }) {
    const { flows, defaulted } = effectiveAuthFlows(client);
    const listed = (names: readonly string[]) => flows.filter((f) => names.includes(f.toUpperCase()));
    const choiceBased = listed(["ALLOW_USER_AUTH"]);
    const userAuth = userAuthAllowsPassword(client, pool.entry.userPool) ? choiceBased : [];
    const userPassword = [...listed(USER_PASSWORD_FLOWS), ...userAuth];
    const adminPassword = listed(ADMIN_PASSWORD_FLOWS);
    const signIn = firstAuthFactors(pool.entry.userPool);
    const evidence = {
      ExplicitAuthFlows: flows,
      ...(defaulted ? { explicitAuthFlowsDefaulted: true } : {}),
      // The sign-in policy matters only to ALLOW_USER_AUTH.
      ...(choiceBased.length > 0 ? { AllowedFirstAuthFactors: signIn.factors, ...(signIn.defaulted ? { signInPolicyDefaulted: true } : {}) } : {}),
    };
    if (userPassword.length > 0) {
      const passwordFlows = [...userPassword, ...adminPassword];
      const failure = { evidence: { ...evidence, passwordFlows }, severity: "medium" as const };
      return userPassword.length === userAuth.length
        ? fail({ messageId: "userAuthPassword", ...failure })
        : fail({ messageId: "userPassword", data: { flows: passwordFlows.join(", ") }, ...failure });
    }
    if (adminPassword.length > 0) {
      return fail({ messageId: "adminPassword", data: { flows: adminPassword.join(", ") }, evidence: { ...evidence, passwordFlows: adminPassword }, severity: "low" });
    }
    return pass(evidence);
  },
});
