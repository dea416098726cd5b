import { allowsFirstFactor, firstAuthFactors, threatProtectionMode } from "../src/cognito/authFlows.js";
import { boolean, defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { MFA_MODE_UNKNOWN, mfaMode } from "../src/cognito/mfa.js";
import { riskScopes } from "../src/cognito/riskScopes.js";
import { mfaCapability, responseEvidence, stopsWithoutMfa, takeoverResponses } from "../src/cognito/takeover.js";
import { missingSectionReason } from "../src/snapshot/sections.js";
import type { UserPoolEntry } from "../src/snapshot/types.js";

/**
 * Adaptive authentication as AWS recommends it with MFA OPTIONAL: threat protection ENFORCED, and at
 * every risk configuration in force, medium and high risk blocked or answered with MFA that a user
 * without MFA cannot get past. `known` is false when some configuration could not be read.
 */
function adaptiveMfa(entry: UserPoolEntry) {
  const { scopes, gaps, incomplete } = riskScopes(entry);
  const mfa = mfaCapability(entry);
  const levels = scopes.map(({ level, config }) => {
    const { MEDIUM, HIGH } = takeoverResponses(config, mfa);
    return { level, MEDIUM: responseEvidence(MEDIUM), HIGH: responseEvidence(HIGH), requiresMfa: stopsWithoutMfa(MEDIUM) && stopsWithoutMfa(HIGH) };
  });
  return { levels, gaps, incomplete, requiresMfa: levels.every((l) => l.requiresMfa) };
}

export default defineConfigRule({
  id: "mfa-required",
  resourceType: "userPool",
  severity: "high",
  title: "MFA is not required",
  rationale:
    "With MFA OFF a stolen or guessed password is a full account takeover; with MFA OPTIONAL only the users who opted in are protected, and attackers target the rest, unless adaptive authentication requires MFA whenever a sign-in looks risky.",
  remediation:
    "Set MfaConfiguration to ON with a software token (TOTP) or passkey second factor; or keep OPTIONAL with threat protection ENFORCED and MFA_REQUIRED or BLOCK for medium and high account-takeover risk, as AWS recommends for adaptive authentication.",
  anchors: ["FSBP Cognito.5", "https://docs.aws.amazon.com/config/latest/developerguide/cognito-user-pool-mfa-enabled.html", "Prowler cognito_user_pool_mfa_enabled"],
  options: {
    passwordOnlyScope: boolean({
      default: true,
      description:
        "Judge only pools whose sign-in policy allows PASSWORD alone as first factor, as FSBP Cognito.5 does; false also judges pools that allow PASSWORD alongside passwordless first factors.",
    }),
  },
  messages: {
    off: "MFA is OFF: one password is all it takes to sign in as any user of this pool.",
    optional: "MFA is OPTIONAL: users who never enrolled a second factor sign in with a password alone.",
    optionalAdaptive:
      "MFA is OPTIONAL with adaptive authentication requiring MFA or blocking at medium and high risk (AWS's recommended setup): users without MFA still sign in with a password alone when Cognito sees low or no risk.",
  },
  check({ pool }, { passwordOnlyScope }) {
    const userPool = pool.entry.userPool;
    const mfa = mfaMode(pool.entry);
    if (mfa === undefined) return notEvaluated(MFA_MODE_UNKNOWN);
    // Passwordless-only pools have no password for a second factor to back up.
    if (!allowsFirstFactor(userPool, "PASSWORD")) return null;
    const { factors } = firstAuthFactors(userPool);
    const passwordOnly = factors.every((f) => f.toUpperCase() === "PASSWORD");
    // FSBP Cognito.5 evaluates password-only sign-in policies; it does not apply to passwordless factors.
    if (!passwordOnly && passwordOnlyScope) return null;
    const evidence = {
      MfaConfiguration: mfa,
      AllowedFirstAuthFactors: factors,
      signInPolicy: passwordOnly
        ? "password only: in the scope of FSBP Cognito.5"
        : "PASSWORD among other first factors: outside the scope of FSBP Cognito.5, judged because passwordOnlyScope is false",
    };
    if (mfa === "OFF") return fail({ messageId: "off", evidence, severity: "high" });
    if (mfa === "ON") return pass(evidence);
    const AdvancedSecurityMode = threatProtectionMode(userPool);
    if (AdvancedSecurityMode !== "ENFORCED") return fail({ messageId: "optional", evidence: { ...evidence, AdvancedSecurityMode }, severity: "medium" });
    if (pool.entry.riskConfiguration === undefined) {
      return notEvaluated(`MFA is OPTIONAL with threat protection ENFORCED, but the adaptive-authentication actions are unknown (${missingSectionReason(pool.entry.errors, "riskConfiguration")})`);
    }
    const adaptive = adaptiveMfa(pool.entry);
    const withAdaptive = { ...evidence, AdvancedSecurityMode, adaptiveAuthentication: adaptive.levels, ...adaptive.gaps };
    if (!adaptive.requiresMfa) return fail({ messageId: "optional", evidence: withAdaptive, severity: "medium" });
    if (adaptive.incomplete) return notEvaluated(`MFA is OPTIONAL with adaptive authentication requiring MFA where it was read, but ${adaptive.incomplete}`);
    return fail({ messageId: "optionalAdaptive", evidence: withAdaptive, severity: "low" });
  },
});
