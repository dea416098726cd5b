import rule from "../../rules/sso-session-reuse.js";
import type { AppClient } from "../../src/snapshot/types.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withClient = (overrides: Partial<AppClient>) => poolEntry({ clients: [appClient({ ClientId: "web", ...overrides })] });
const reuse = (MaxValidityMinutes: number) => withClient({ sessionConfiguration: { SSOSession: { MaxValidityMinutes } } });

testRule(rule, {
  valid: [
    { name: "AWS's default when no SSOSession is reported", entry: withClient({ sessionConfiguration: {} }), evidence: { MaxValidityMinutes: "60 (default)", maxMinutes: 720 } },
    { name: "never reuses the session", entry: reuse(0) },
    { name: "exactly the limit", entry: reuse(720), evidence: { MaxValidityMinutes: 720, maxMinutes: 720 } },
    { name: "a stricter limit by option", entry: reuse(30), options: { maxMinutes: 30 } },
  ],
  invalid: [
    {
      name: "90 days, the API's maximum",
      entry: reuse(129600),
      messageId: "tooLong",
      severity: "medium",
      data: { minutes: 129600, hours: 2160, maxMinutes: 720 },
      evidence: { MaxValidityMinutes: 129600 },
    },
    {
      name: "AWS's default is too long for a stricter option",
      entry: withClient({ sessionConfiguration: {} }),
      options: { maxMinutes: 15 },
      messageId: "tooLong",
      data: { minutes: 60, hours: 1, maxMinutes: 15 },
    },
  ],
  notApplicable: [
    { name: "no managed login: the client is not an OAuth client of the pool", entry: withClient({ AllowedOAuthFlowsUserPoolClient: false, sessionConfiguration: { SSOSession: { MaxValidityMinutes: 129600 } } }) },
    { name: "machine-to-machine only", entry: withClient({ AllowedOAuthFlows: ["client_credentials"], sessionConfiguration: { SSOSession: { MaxValidityMinutes: 129600 } } }) },
  ],
  notEvaluated: [
    {
      name: "the emulator does not know the operation",
      entry: {
        ...withClient({ sessionConfiguration: undefined }),
        errors: [{ operation: "GetUserPoolClientSessionConfiguration", code: "Unsupported", message: "Unsupported x-amz-target header", resource: "web" }],
      },
      reason: /GetUserPoolClientSessionConfiguration failed with Unsupported/,
    },
    { name: "not collected (an older snapshot)", entry: withClient({ sessionConfiguration: undefined }), reason: /GetUserPoolClientSessionConfiguration was not collected/ },
  ],
});
