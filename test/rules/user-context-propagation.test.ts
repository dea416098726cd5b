import rule from "../../rules/user-context-propagation.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

type Mode = "OFF" | "AUDIT" | "ENFORCED" | undefined;
const entry = (mode: Mode, c: Parameters<typeof appClient>[0]) =>
  poolEntry({
    userPool: userPool({ UserPoolAddOns: mode === undefined ? undefined : { AdvancedSecurityMode: mode } }),
    clients: [appClient(c)],
  });
const confidential = (extra: Parameters<typeof appClient>[0] = {}) => ({ ClientSecret: "REDACTED", ...extra });

testRule(rule, {
  valid: [
    { name: "ENFORCED with propagation on", entry: entry("ENFORCED", confidential({ EnablePropagateAdditionalUserContextData: true })) },
    { name: "AUDIT with propagation on", entry: entry("AUDIT", confidential({ EnablePropagateAdditionalUserContextData: true })) },
  ],
  invalid: [
    {
      name: "ENFORCED, propagation off",
      entry: entry("ENFORCED", confidential({ EnablePropagateAdditionalUserContextData: false })),
      messageId: "notPropagated",
      severity: "low",
      evidence: { AdvancedSecurityMode: "ENFORCED", EnablePropagateAdditionalUserContextData: false },
    },
    {
      name: "AUDIT counts as on",
      entry: entry("AUDIT", confidential({ EnablePropagateAdditionalUserContextData: false })),
      messageId: "notPropagated",
      evidence: { AdvancedSecurityMode: "AUDIT" },
    },
    {
      name: "setting absent: AWS's default is false",
      entry: entry("ENFORCED", confidential({ EnablePropagateAdditionalUserContextData: undefined })),
      messageId: "notPropagated",
      evidence: { EnablePropagateAdditionalUserContextData: null },
    },
  ],
  notApplicable: [
    { name: "a public client (no secret) sends context data without this setting", entry: entry("ENFORCED", { EnablePropagateAdditionalUserContextData: false }) },
    { name: "an empty secret is no secret", entry: entry("ENFORCED", { ClientSecret: "", EnablePropagateAdditionalUserContextData: false }) },
    { name: "threat protection OFF", entry: entry("OFF", confidential({ EnablePropagateAdditionalUserContextData: false })) },
    { name: "UserPoolAddOns absent means OFF", entry: entry(undefined, confidential({ EnablePropagateAdditionalUserContextData: false })) },
  ],
  notEvaluated: [
    {
      name: "the client could not be described",
      entry: poolEntry({
        userPool: userPool({ UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }),
        clients: [{ ClientId: "hidden", ClientName: "hidden" }],
        errors: [{ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "not authorized", resource: "hidden" }],
      }),
      reason: /DescribeUserPoolClient failed with AccessDeniedException/,
    },
  ],
});
