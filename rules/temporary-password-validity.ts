import { defineConfigRule, fail, integer, pass } from "../src/engine/rule.js";

/** AWS applies 7 days when TemporaryPasswordValidityDays is absent or 0. */
const AWS_DEFAULT_DAYS = 7;

export default defineConfigRule({
  id: "temporary-password-validity",
  resourceType: "userPool",
  severity: "low",
  title: "Temporary passwords stay valid too long",
  rationale:
    "An administrator-created user gets a temporary password by email or SMS. Until it is used it is a live credential sitting in a mailbox or on a phone; the longer it stays valid, the longer anyone who reads that message can claim the account and set their own password.",
  remediation: "Lower Policies.PasswordPolicy.TemporaryPasswordValidityDays to 7 days or less.",
  anchors: ["FSBP Cognito.3", "Prowler"],
  options: {
    maxDays: integer({ minimum: 1, maximum: 365, default: 7, description: "Longest acceptable validity of a temporary password, in days." }),
  },
  messages: {
    tooLong: "Temporary passwords stay valid for {{days}} days{{source}}; the limit is {{maxDays}}.",
  },
  check({ pool }, { maxDays }) {
    const userPool = pool.entry.userPool;
    const configured = userPool.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays;
    const legacy = userPool.AdminCreateUserConfig?.UnusedAccountValidityDays;
    let days = AWS_DEFAULT_DAYS;
    let source = "TemporaryPasswordValidityDays absent or 0: the AWS default";
    if (typeof configured === "number" && configured > 0) {
      days = configured;
      source = "TemporaryPasswordValidityDays";
    } else if (typeof legacy === "number" && legacy > 0) {
      // Pools created before TemporaryPasswordValidityDays existed use the legacy setting.
      days = legacy;
      source = "legacy AdminCreateUserConfig.UnusedAccountValidityDays";
    }
    const evidence = { days, source, maxDays };
    if (days <= maxDays) return pass(evidence);
    return fail({ messageId: "tooLong", data: { days, maxDays, source: source === "TemporaryPasswordValidityDays" ? "" : ` (${source})` }, evidence });
  },
});
