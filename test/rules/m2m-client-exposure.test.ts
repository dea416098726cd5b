import rule from "../../rules/m2m-client-exposure.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";
import type { AppClient, UserPoolEntry } from "../../src/snapshot/types.js";

const m2m = (AllowedOAuthScopes: string[], overrides: Partial<AppClient> = {}) =>
  appClient({ AllowedOAuthFlows: ["client_credentials"], AllowedOAuthFlowsUserPoolClient: true, CallbackURLs: [], LogoutURLs: [], AllowedOAuthScopes, ...overrides });
const unprotected = (client: AppClient, overrides: Partial<UserPoolEntry> = {}) => poolEntry({ clients: [client], webAcl: null, ...overrides });
const api = (...names: string[]) => names.map((n) => `https://api.example.com/${n}`);

testRule(rule, {
  valid: [
    { name: "a few narrow scopes", entry: unprotected(m2m(api("orders.read", "orders.write"))) },
    { name: "broad scopes behind a WAF web ACL", entry: poolEntry({ clients: [m2m(api("orders.admin"))] }) },
    { name: "a look-alike word is not a whole word (allowance, rooted)", entry: unprotected(m2m(api("allowance.read", "rooted.read"))) },
    {
      name: "a higher manyScopes option",
      entry: unprotected(m2m(api("a.read", "b.read", "c.read", "d.read", "e.read"))),
      options: { manyScopes: 10 },
    },
  ],
  invalid: [
    {
      name: "an admin-like scope without WAF",
      entry: unprotected(m2m(api("orders.read", "orders.admin"))),
      messageId: "exposed",
      severity: "medium",
      data: { count: 2, why: " (admin-like: https://api.example.com/orders.admin)" },
      evidence: { adminLikeScopes: [{ scope: "https://api.example.com/orders.admin", word: "admin" }], webAcl: "none associated" },
    },
    {
      name: "many scopes without WAF",
      entry: unprotected(m2m(api("a.read", "b.read", "c.read", "d.read", "e.read"))),
      messageId: "exposed",
      data: { count: 5, why: " (at least 5)" },
    },
    {
      name: "a configured word",
      entry: unprotected(m2m(api("billing.override"))),
      options: { broadScopeWords: ["override"] },
      messageId: "exposed",
    },
  ],
  notApplicable: [
    { name: "a user-facing client (code grant)", entry: unprotected(appClient({ AllowedOAuthScopes: api("orders.admin") })) },
    { name: "OAuth switched off on the client", entry: unprotected(m2m(api("orders.admin"), { AllowedOAuthFlowsUserPoolClient: false })) },
  ],
  notEvaluated: [
    {
      name: "the web ACL could not be read",
      entry: poolEntry({ clients: [m2m(api("orders.admin"))], webAcl: undefined, errors: [{ operation: "GetWebACLForResource", code: "AccessDeniedException", message: "no" }] }),
      reason: /GetWebACLForResource failed with AccessDeniedException/,
    },
  ],
});
