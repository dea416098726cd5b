import { allowsCustomAuth, effectiveAuthFlows } from "../src/cognito/authFlows.js";
import { boolean, defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "threat-protection-custom-auth",
  resourceType: "userPool",
  severity: "medium",
  title: "Threat protection is not enforced for custom authentication",
  rationale:
    "Threat protection judges custom authentication (CUSTOM_AUTH, the Lambda challenge flow behind most magic-link and OTP sign-ins) separately from password and SRP sign-in. Unless CustomAuthMode is ENFORCED, risky custom-auth sign-ins are never blocked or challenged, so an attacker picks the flow that the protection does not cover.",
  remediation:
    "Set UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode to ENFORCED (PLUS plan), or remove ALLOW_CUSTOM_AUTH from the ExplicitAuthFlows of clients that do not use it.",
  // FSBP Cognito.4 checks the same setting on every pool, whatever its clients allow: not the same check.
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html"],
  requires: ["clients"],
  options: {
    everyPool: boolean({
      default: false,
      description:
        "Also fail, at low, pools where no app client allows custom authentication, as FSBP Cognito.4 does: its verdicts are then the rule's.",
    }),
  },
  messages: {
    notEnforced:
      "{{count}} app client(s) allow custom authentication (e.g. {{example}}) but threat protection for custom auth is {{mode}}.",
    notEnforcedUnused:
      "Threat protection for custom auth is {{mode}}; no app client allows custom authentication today (reported because everyPool is true, as FSBP Cognito.4 does).",
  },
  check({ pool }, { everyPool }) {
    const userPool = pool.entry.userPool;
    const clients = pool.entry.clients ?? [];
    const rawMode = userPool.UserPoolAddOns?.AdvancedSecurityAdditionalFlows?.CustomAuthMode;
    const mode = rawMode?.toUpperCase();
    // Clients whose DescribeUserPoolClient failed are kept with their id only: their flows are unknown.
    const undescribed = new Set(
      pool.entry.errors.filter((e) => e.operation === "DescribeUserPoolClient" && e.resource !== undefined).map((e) => e.resource!),
    );
    const known = clients.filter((c) => !undescribed.has(c.ClientId ?? ""));
    const unknown = clients.filter((c) => undescribed.has(c.ClientId ?? "")).map((c) => c.ClientName ?? c.ClientId ?? "");
    const customAuthClients = known.filter(allowsCustomAuth).map((c) => {
      const { flows, defaulted } = effectiveAuthFlows(c);
      return {
        clientId: c.ClientId ?? "",
        clientName: c.ClientName ?? c.ClientId ?? "",
        flows: flows.filter((f) => f === "ALLOW_CUSTOM_AUTH" || f === "CUSTOM_AUTH_FLOW_ONLY"),
        ...(defaulted ? { note: "ExplicitAuthFlows is empty: AWS's default flows include ALLOW_CUSTOM_AUTH" } : {}),
      };
    });
    const evidence = {
      CustomAuthMode: rawMode ?? "absent (OFF)",
      AdvancedSecurityMode: userPool.UserPoolAddOns?.AdvancedSecurityMode ?? "absent (OFF)",
      UserPoolTier: userPool.UserPoolTier ?? "not reported",
      clients: customAuthClients,
      ...(unknown.length > 0 ? { clientsNotDescribed: unknown } : {}),
    };
    if (mode === "ENFORCED") return pass(evidence);
    const shownMode = rawMode ? `in ${mode} mode` : "off";
    if (customAuthClients.length > 0) {
      const first = customAuthClients[0]!;
      return fail({ messageId: "notEnforced", data: { count: customAuthClients.length, example: first.clientName, mode: shownMode }, evidence });
    }
    if (everyPool) return fail({ messageId: "notEnforcedUnused", data: { mode: shownMode }, evidence, severity: "low" });
    if (unknown.length > 0) {
      return notEvaluated(`the auth flows of app client(s) ${unknown.join(", ")} are unknown (DescribeUserPoolClient failed)`);
    }
    return pass(evidence);
  },
});
