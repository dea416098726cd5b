import { threatProtectionMode } from "../src/cognito/authFlows.js";
import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { riskScopes } from "../src/cognito/riskScopes.js";


type Problem = "notConfigured" | "noAction" | "signInNotChecked" | "emptyFilter";

/** The API reference on EventFilter (CompromisedCredentialsRiskConfigurationType), word for word. */
const EVENT_FILTER_DOC = "Settings for the sign-in activity where you want to configure compromised-credentials actions. Defaults to all events.";

export default defineConfigRule({
  id: "compromised-credentials-action",
  resourceType: "userPool",
  severity: "medium",
  title: "Sign-in with compromised credentials is not blocked",
  rationale:
    "Compromised-credentials detection compares passwords with those published in breaches. Unless its action is BLOCK for sign-in events, a credential-stuffing attacker holding a leaked username and password signs in even though Cognito recognised the password as breached.",
  remediation:
    "With SetRiskConfiguration, set CompromisedCredentialsRiskConfiguration.Actions.EventAction to BLOCK and include SIGN_IN in EventFilter (or leave EventFilter out: all events), on the pool and on every app client with its own configuration.",
  anchors: ["Prowler cognito_user_pool_blocks_compromised_credentials_sign_in_attempts"],
  // Client-level configurations are read when collected: a pool-level failure stands without them.
  requires: ["riskConfiguration"],
  // Without enforcement the actions are never taken; threat-protection reports that.
  appliesTo: ({ pool }) => threatProtectionMode(pool.entry.userPool) === "ENFORCED",
  messages: {
    notConfigured: "No compromised-credentials response is configured for the {{level}}: breached passwords are not blocked{{more}}.",
    noAction: "The {{level}} lets users sign in with breached passwords (EventAction {{action}}){{more}}.",
    signInNotChecked: "The {{level}} does not check sign-ins for compromised credentials (EventFilter: {{filter}}){{more}}.",
    emptyFilter:
      "The {{level}} has an empty EventFilter: AWS documents all events only for an EventFilter left out, so sign-ins may not be checked for compromised credentials{{more}}.",
  },
  check({ pool }) {
    const { scopes, gaps, incomplete } = riskScopes(pool.entry);
    const levels = scopes.map(({ level, config }) => {
      const cc = config?.CompromisedCredentialsRiskConfiguration;
      const action = cc?.Actions?.EventAction;
      // AWS: an absent EventFilter "Defaults to all events". An empty list is not documented: a hedged problem of its own.
      const filter = cc?.EventFilter;
      const problems: Problem[] = [];
      if (!cc) problems.push("notConfigured");
      else {
        if (action?.toUpperCase() !== "BLOCK") problems.push("noAction");
        if (filter && filter.length === 0) problems.push("emptyFilter");
        else if (filter && !filter.some((f) => f.toUpperCase() === "SIGN_IN")) problems.push("signInNotChecked");
      }
      return {
        level,
        EventAction: cc ? (action ?? "absent") : "not configured",
        EventFilter: cc ? (filter ?? "absent (all events)") : "not configured",
        problems,
      };
    });
    const failing = levels.filter((l) => l.problems.length > 0);
    const hedged = levels.some((l) => l.problems.includes("emptyFilter"));
    const evidence = { levels, ...gaps, ...(hedged ? { EventFilterDocumentation: `AWS API reference: "${EVENT_FILTER_DOC}" It does not say what an empty list checks.` } : {}) };
    if (failing.length === 0) return incomplete ? notEvaluated(incomplete) : pass(evidence);
    // The message names a certain problem when there is one; only empty filters: a low, hedged finding.
    const certain = failing.flatMap((l) => l.problems.filter((p) => p !== "emptyFilter").map((problem) => ({ level: l, problem })));
    const { level: first, problem } = certain[0] ?? { level: failing[0]!, problem: "emptyFilter" as const };
    const others = failing.reduce((n, l) => n + l.problems.length, 0) - 1;
    const more = others > 0 ? `; ${others} more problem(s) in the evidence` : "";
    return fail({
      messageId: problem,
      data: { level: first.level, action: String(first.EventAction), filter: Array.isArray(first.EventFilter) ? first.EventFilter.join(", ") : "", more },
      evidence,
      ...(certain.length === 0 ? { severity: "low" as const } : {}),
    });
  },
});
