import rule from "../../rules/implicit-grant.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

testRule(rule, {
  valid: [
    { name: "code flow", entry: poolEntry({ clients: [appClient({ AllowedOAuthFlows: ["code"] })] }) },
    { name: "no OAuth at all", entry: poolEntry({ clients: [appClient({ AllowedOAuthFlows: undefined, AllowedOAuthFlowsUserPoolClient: false })] }) },
    { name: "client credentials", entry: poolEntry({ clients: [appClient({ AllowedOAuthFlows: ["client_credentials"] })] }) },
  ],
  invalid: [
    { name: "implicit alone", entry: poolEntry({ clients: [appClient({ AllowedOAuthFlows: ["implicit"] })] }), messageId: "implicit", severity: "high" },
    { name: "implicit beside code", entry: poolEntry({ clients: [appClient({ AllowedOAuthFlows: ["code", "implicit"] })] }), messageId: "implicit" },
  ],
});
