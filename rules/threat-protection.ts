import { threatProtectionMode } from "../src/cognito/authFlows.js";
import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

/** What the feature plan means for turning threat protection on. */
function planNote(tier: string | undefined): string {
  const upper = tier?.toUpperCase();
  if (upper === "PLUS") return "the pool is on the PLUS plan, so it can be switched on";
  if (upper === undefined) return "the feature plan was not reported; threat protection needs PLUS";
  return `the pool is on the ${upper} plan; threat protection needs PLUS`;
}

export default defineConfigRule({
  id: "threat-protection",
  resourceType: "userPool",
  severity: "medium",
  title: "Threat protection is not enforced",
  rationale:
    "Threat protection (formerly advanced security) scores every sign-in for risk, detects passwords known from breaches and can block or challenge risky attempts. OFF means none of this happens; AUDIT only logs the risk while every credential-stuffing attempt with a right password still signs in.",
  remediation: "Move the pool to the PLUS feature plan and set UserPoolAddOns.AdvancedSecurityMode to ENFORCED (after a period in AUDIT to tune the responses).",
  anchors: ["FSBP Cognito.1", "Prowler cognito_user_pool_advanced_security_enabled", "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html"],
  messages: {
    off: "Threat protection is OFF: no risk scoring and no compromised-credential checks on sign-in ({{plan}}).",
    audit: "Threat protection is in AUDIT mode: risky sign-ins are logged but never blocked or challenged ({{plan}}).",
  },
  check({ pool }) {
    const userPool = pool.entry.userPool;
    const mode = threatProtectionMode(userPool);
    const evidence = {
      AdvancedSecurityMode: userPool.UserPoolAddOns?.AdvancedSecurityMode ?? "absent (OFF)",
      UserPoolTier: userPool.UserPoolTier ?? "not reported",
      requiredTier: "PLUS",
    };
    if (mode === "ENFORCED") return pass(evidence);
    const plan = planNote(userPool.UserPoolTier);
    return mode === "AUDIT" ? fail({ messageId: "audit", data: { plan }, evidence, severity: "low" }) : fail({ messageId: "off", data: { plan }, evidence, severity: "medium" });
  },
});
