import rule from "../../rules/token-revocation.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

testRule(rule, {
  valid: [{ name: "revocation enabled", entry: poolEntry({ clients: [appClient({ EnableTokenRevocation: true })] }) }],
  invalid: [{ name: "revocation disabled", entry: poolEntry({ clients: [appClient({ EnableTokenRevocation: false })] }), messageId: "disabled" }],
  notEvaluated: [
    { name: "setting not reported", entry: poolEntry({ clients: [appClient({ EnableTokenRevocation: undefined })] }), reason: /EnableTokenRevocation/ },
    {
      name: "client could not be described",
      entry: poolEntry({
        clients: [{ ClientId: "broken", ClientName: "broken" }],
        errors: [{ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "denied", resource: "broken" }],
      }),
      reason: /DescribeUserPoolClient failed with AccessDeniedException/,
    },
  ],
});
