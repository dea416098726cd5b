import rule from "../../rules/user-existence-errors.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

testRule(rule, {
  valid: [{ name: "ENABLED", entry: poolEntry({ clients: [appClient({ PreventUserExistenceErrors: "ENABLED" })] }) }],
  invalid: [
    { name: "LEGACY", entry: poolEntry({ clients: [appClient({ PreventUserExistenceErrors: "LEGACY" })] }), messageId: "legacy" },
    {
      name: "absent means LEGACY",
      entry: poolEntry({ clients: [appClient({ PreventUserExistenceErrors: undefined })] }),
      messageId: "legacy",
      evidence: { PreventUserExistenceErrors: null },
    },
  ],
});
