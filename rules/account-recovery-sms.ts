import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "account-recovery-sms",
  resourceType: "userPool",
  severity: "medium",
  title: "Account recovery sends codes by SMS first",
  rationale:
    "Whoever receives the recovery code can reset the password. A code sent by SMS goes to whoever controls the phone number: SIM swapping, number porting and recycled numbers hand accounts to attackers, and every ForgotPassword call is a billable text message.",
  remediation: "Set AccountRecoverySetting with verified_email as priority 1 (or admin_only), and phone only as a fallback if at all.",
  anchors: ["Prowler PR (unmerged)"],
  messages: {
    legacy: "AccountRecoverySetting is not set: the legacy behaviour sends the recovery code by SMS whenever the user has a verified phone number.",
    smsFirst: "The priority-1 account recovery mechanism is verified_phone_number: password resets are authorized by an SMS code.",
  },
  check({ pool }) {
    const mechanisms = pool.entry.userPool.AccountRecoverySetting?.RecoveryMechanisms ?? [];
    if (mechanisms.length === 0) return fail({ messageId: "legacy", evidence: { AccountRecoverySetting: null } });
    const ordered = [...mechanisms].sort((a, b) => (a.Priority ?? Number.MAX_SAFE_INTEGER) - (b.Priority ?? Number.MAX_SAFE_INTEGER));
    const evidence = { RecoveryMechanisms: ordered.map((m) => ({ Name: m.Name ?? null, Priority: m.Priority ?? null })) };
    const first = ordered[0]!;
    return first.Name?.toLowerCase() === "verified_phone_number" ? fail({ messageId: "smsFirst", evidence }) : pass(evidence);
  },
});
