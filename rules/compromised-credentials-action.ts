import { threatProtectionMode } from "../src/cognito/authFlows.js";
import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { riskScopes } from "../src/cognito/riskScopes.js";


type Problem = "notConfigured" | "noAction" | "signInNotChecked";

export default defineConfigRule({
  id: "compromised-credentials-action",
  resourceType: "userPool",
  severity: "medium",
  title: "Sign-in with compromised credentials is not blocked",
  rationale:
    "Compromised-credentials detection compares passwords with those published in breaches. Unless its action is BLOCK for sign-in events, a credential-stuffing attacker holding a leaked username and password signs in even though Cognito recognised the password as breached.",
  remediation:
    "With SetRiskConfiguration, set CompromisedCredentialsRiskConfiguration.Actions.EventAction to BLOCK and include SIGN_IN in EventFilter (or leave EventFilter out: all events), on the pool and on every app client with its own configuration.",
  anchors: ["Prowler"],
  // Client-level configurations are read when collected: a pool-level failure stands without them.
  requires: ["riskConfiguration"],
  // Without enforcement the actions are never taken; threat-protection reports that.
  appliesTo: ({ pool }) => threatProtectionMode(pool.entry.userPool) === "ENFORCED",
  messages: {
    notConfigured: "No compromised-credentials response is configured for the {{level}}: breached passwords are not blocked{{more}}.",
    noAction: "The {{level}} lets users sign in with breached passwords (EventAction {{action}}){{more}}.",
    signInNotChecked: "The {{level}} does not check sign-ins for compromised credentials (EventFilter: {{filter}}){{more}}.",
  },
  check({ pool }) {
    const { scopes, gaps, incomplete } = riskScopes(pool.entry);
    const levels = scopes.map(({ level, config }) => {
      const cc = config?.CompromisedCredentialsRiskConfiguration;
      const action = cc?.Actions?.EventAction;
      // AWS: an absent EventFilter means all events (SIGN_IN, SIGN_UP, PASSWORD_CHANGE); an empty list is treated alike.
      const filter = cc?.EventFilter && cc.EventFilter.length > 0 ? cc.EventFilter : undefined;
      const problems: Problem[] = [];
      if (!cc) problems.push("notConfigured");
      else {
        if (action?.toUpperCase() !== "BLOCK") problems.push("noAction");
        if (filter && !filter.some((f) => f.toUpperCase() === "SIGN_IN")) problems.push("signInNotChecked");
      }
      return {
        level,
        EventAction: cc ? (action ?? "absent") : "not configured",
        EventFilter: cc ? (filter ?? "absent (all events)") : "not configured",
        problems,
      };
    });
    const failing = levels.filter((l) => l.problems.length > 0);
    const evidence = { levels, ...gaps };
    if (failing.length === 0) return incomplete ? notEvaluated(incomplete) : pass(evidence);
    const first = failing[0]!;
    const problem = first.problems[0]!;
    const others = failing.reduce((n, l) => n + l.problems.length, 0) - 1;
    const more = others > 0 ? `; ${others} more problem(s) in the evidence` : "";
    return fail({
      messageId: problem,
      data: { level: first.level, action: String(first.EventAction), filter: Array.isArray(first.EventFilter) ? first.EventFilter.join(", ") : "", more },
      evidence,
    });
  },
});
