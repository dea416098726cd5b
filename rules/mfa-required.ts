import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { MFA_MODE_UNKNOWN, mfaMode } from "../src/cognito/mfa.js";

export default defineConfigRule({
  id: "mfa-required",
  resourceType: "userPool",
  severity: "high",
  title: "MFA is not required",
  rationale:
    "With MFA OFF a stolen or guessed password is a full account takeover; with MFA OPTIONAL only the users who opted in are protected, and attackers target the rest.",
  remediation: "Set MfaConfiguration to ON with a software token (TOTP) or passkey second factor.",
  anchors: ["FSBP Cognito.5", "Prowler", "CloudSploit"],
  messages: {
    off: "MFA is OFF: one password is all it takes to sign in as any user of this pool.",
    optional: "MFA is OPTIONAL: users who never enrolled a second factor sign in with a password alone.",
  },
  check({ pool }) {
    const userPool = pool.entry.userPool;
    const mfa = mfaMode(pool.entry);
    if (mfa === undefined) return notEvaluated(MFA_MODE_UNKNOWN);
    const firstFactors = userPool.Policies?.SignInPolicy?.AllowedFirstAuthFactors;
    // Passwordless-only pools have no password for a second factor to back up.
    if (firstFactors && firstFactors.length > 0 && !firstFactors.includes("PASSWORD")) return null;
    const evidence = { MfaConfiguration: mfa, AllowedFirstAuthFactors: firstFactors ?? ["PASSWORD"] };
    if (mfa === "OFF") return fail({ messageId: "off", evidence, severity: "high" });
    if (mfa === "OPTIONAL") return fail({ messageId: "optional", evidence, severity: "medium" });
    return pass(evidence);
  },
});
