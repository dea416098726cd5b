import { threatProtectionMode } from "../src/cognito/authFlows.js";
import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { riskScopes } from "../src/cognito/riskScopes.js";
import { RISK_LEVELS, mfaCapability, responseEvidence, takeoverResponses, type RiskLevel } from "../src/cognito/takeover.js";

export default defineConfigRule({
  id: "account-takeover-action",
  resourceType: "userPool",
  severity: "medium",
  title: "High-risk sign-ins are not blocked or challenged",
  rationale:
    "Adaptive authentication scores each sign-in (new device, unusual location, known-bad IP) as low, medium or high risk and applies the action configured for that level. With no action, NO_ACTION, or MFA_IF_CONFIGURED where no MFA challenge is possible, the sign-ins Cognito itself judges most likely to be account takeovers go through with just the password.",
  remediation:
    "With SetRiskConfiguration, set AccountTakeoverRiskConfiguration.Actions.HighAction.EventAction to BLOCK or MFA_REQUIRED (and MediumAction to an MFA action), on the pool and on every app client with its own configuration; MFA_IF_CONFIGURED only challenges when MFA is OPTIONAL or ON with a factor users can set up.",
  anchors: ["Prowler cognito_user_pool_blocks_potential_malicious_sign_in_attempts"],
  // Client-level configurations are read when collected: a pool-level failure stands without them.
  requires: ["riskConfiguration"],
  // Without enforcement the actions are never taken; threat-protection reports that.
  appliesTo: ({ pool }) => threatProtectionMode(pool.entry.userPool) === "ENFORCED",
  messages: {
    notConfigured: "No action is configured for high-risk sign-ins at the {{level}}: they are let in with the password alone{{more}}.",
    noAction: "The {{level}} lets high-risk sign-ins in without a challenge (HighAction NO_ACTION){{more}}.",
    mfaImpossible: "The {{level}} answers high-risk sign-ins with MFA_IF_CONFIGURED, but {{why}}: they are let in with the password alone{{more}}.",
  },
  check({ pool }) {
    const { scopes, gaps, incomplete } = riskScopes(pool.entry);
    const mfa = mfaCapability(pool.entry);
    const levels = scopes.map(({ level, config }) => {
      const responses = takeoverResponses(config, mfa);
      const high = responses.HIGH;
      const problem =
        high.action === "absent" ? ("notConfigured" as const) : high.effect !== "allow" ? undefined : high.action.toUpperCase() === "NO_ACTION" ? ("noAction" as const) : ("mfaImpossible" as const);
      const risk = Object.fromEntries((Object.keys(RISK_LEVELS) as RiskLevel[]).map((r) => [r, responseEvidence(responses[r])]));
      return { level, ...risk, ...(problem ? { problem } : {}), unknown: high.effect === "unknown" ? high.verdict : undefined };
    });
    const evidence = {
      MfaConfiguration: mfa.mode ?? "unknown",
      ...(mfa.factors ? { mfaFactors: mfa.factors } : {}),
      levels: levels.map(({ unknown: _unknown, ...level }) => level),
      ...gaps,
    };
    const failing = levels.filter((l) => l.problem !== undefined);
    if (failing.length === 0) {
      const unknown = levels.find((l) => l.unknown !== undefined);
      if (unknown) return notEvaluated(`the effect of the ${unknown.level}'s high-risk action is ${unknown.unknown!}`);
      return incomplete ? notEvaluated(incomplete) : pass(evidence);
    }
    const first = failing[0]!;
    const more = failing.length > 1 ? `; ${failing.length - 1} more level(s) in the evidence` : "";
    const why = mfa.mode === "OFF" ? "MFA is OFF" : "the pool has no MFA factor users can set up";
    if (first.problem === "mfaImpossible") return fail({ messageId: "mfaImpossible", data: { level: first.level, why, more }, evidence });
    return fail({ messageId: first.problem!, data: { level: first.level, more }, evidence });
  },
});
