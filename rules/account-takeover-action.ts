import { threatProtectionMode } from "../src/cognito/authFlows.js";
import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { riskScopes } from "../src/cognito/riskScopes.js";


const LEVELS = ["LowAction", "MediumAction", "HighAction"] as const;

export default defineConfigRule({
  id: "account-takeover-action",
  resourceType: "userPool",
  severity: "medium",
  title: "High-risk sign-ins are not blocked or challenged",
  rationale:
    "Adaptive authentication scores each sign-in (new device, unusual location, known-bad IP) as low, medium or high risk and applies the action configured for that level. With no action, or NO_ACTION, for high risk, the sign-ins Cognito itself judges most likely to be account takeovers go through with just the password.",
  remediation:
    "With SetRiskConfiguration, set AccountTakeoverRiskConfiguration.Actions.HighAction.EventAction to BLOCK or MFA_REQUIRED (and MediumAction to an MFA action), on the pool and on every app client with its own configuration.",
  anchors: ["Prowler"],
  // Client-level configurations are read when collected: a pool-level failure stands without them.
  requires: ["riskConfiguration"],
  // Without enforcement the actions are never taken; threat-protection reports that.
  appliesTo: ({ pool }) => threatProtectionMode(pool.entry.userPool) === "ENFORCED",
  messages: {
    notConfigured: "No action is configured for high-risk sign-ins at the {{level}}: they are let in with the password alone{{more}}.",
    noAction: "The {{level}} lets high-risk sign-ins in without a challenge (HighAction NO_ACTION){{more}}.",
  },
  check({ pool }) {
    const { scopes, gaps, incomplete } = riskScopes(pool.entry);
    const levels = scopes.map(({ level, config }) => {
      const actions = config?.AccountTakeoverRiskConfiguration?.Actions;
      const described = Object.fromEntries(
        LEVELS.map((name) => {
          const action = actions?.[name];
          return [name, action?.EventAction ? `${action.EventAction}${action.Notify ? " (notify)" : ""}` : "absent"];
        }),
      );
      const high = actions?.HighAction?.EventAction?.toUpperCase();
      const problem = high === undefined ? ("notConfigured" as const) : high === "NO_ACTION" ? ("noAction" as const) : undefined;
      return { level, ...described, ...(problem ? { problem } : {}) };
    });
    const failing = levels.filter((l) => l.problem !== undefined);
    const evidence = { levels, ...gaps };
    if (failing.length === 0) return incomplete ? notEvaluated(incomplete) : pass(evidence);
    const first = failing[0]!;
    const more = failing.length > 1 ? `; ${failing.length - 1} more level(s) in the evidence` : "";
    return fail({ messageId: first.problem!, data: { level: first.level, more }, evidence });
  },
});
