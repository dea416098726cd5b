import { hasClientSecret, threatProtectionMode } from "../src/cognito/authFlows.js";
import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "user-context-propagation",
  resourceType: "client",
  severity: "low",
  title: "Threat protection cannot see the user's IP address",
  rationale:
    "A confidential client signs users in from a server, so Cognito sees the server's IP address on every request. Unless the client propagates the user's context data (EnablePropagateAdditionalUserContextData), threat protection scores every sign-in as coming from that one address: IP-based risk, impossible-travel and per-IP blocking cannot work, and an attacker hides among all legitimate users.",
  remediation:
    "Set EnablePropagateAdditionalUserContextData to true on the client and send the user's IP address and device fingerprint in UserContextData with each InitiateAuth and RespondToAuthChallenge call.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-adaptive-authentication.html#user-pool-settings-adaptive-authentication-device-fingerprint", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html"],
  messages: {
    notPropagated:
      "Threat protection is {{mode}} but this confidential client does not propagate user context data (EnablePropagateAdditionalUserContextData is {{setting}}): risk is judged on the server's IP address.",
  },
  check({ pool, client }) {
    const mode = threatProtectionMode(pool.entry.userPool);
    // Only confidential clients can (and need to) propagate context; without threat protection nobody reads it.
    if (!hasClientSecret(client) || mode === "OFF") return null;
    const setting = client.EnablePropagateAdditionalUserContextData;
    const evidence = { AdvancedSecurityMode: mode, EnablePropagateAdditionalUserContextData: setting ?? null, clientSecret: true };
    if (setting === true) return pass(evidence);
    return fail({ messageId: "notPropagated", data: { mode, setting: setting === undefined ? "absent (AWS default: false)" : String(setting) }, evidence });
  },
});
