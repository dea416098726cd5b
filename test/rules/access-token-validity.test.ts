import rule from "../../rules/access-token-validity.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withClient = (c: Parameters<typeof appClient>[0]) => poolEntry({ clients: [appClient(c)] });

testRule(rule, {
  valid: [
    { name: "15 minutes", entry: withClient({}) },
    { name: "absent means 1 hour", entry: withClient({ AccessTokenValidity: undefined, IdTokenValidity: undefined, TokenValidityUnits: undefined }) },
    { name: "60 minutes exactly", entry: withClient({ AccessTokenValidity: 60, IdTokenValidity: 1, TokenValidityUnits: { AccessToken: "minutes", IdToken: "hours" } }) },
  ],
  invalid: [
    {
      name: "24-hour access tokens are medium",
      entry: withClient({ AccessTokenValidity: 24, TokenValidityUnits: { AccessToken: "hours", IdToken: "minutes" } }),
      messageId: "tooLong",
      severity: "medium",
    },
    {
      name: "a long ID token alone fails",
      entry: withClient({ IdTokenValidity: 2, TokenValidityUnits: { AccessToken: "minutes", IdToken: "hours" } }),
      messageId: "tooLong",
      severity: "low",
      evidence: { idTokenValidity: "2 hours" },
    },
    {
      name: "the default unit is hours",
      entry: withClient({ AccessTokenValidity: 2, TokenValidityUnits: undefined, IdTokenValidity: undefined }),
      messageId: "tooLong",
      severity: "low",
    },
    { name: "a stricter limit", entry: withClient({}), options: { maxMinutes: 10 }, messageId: "tooLong" },
  ],
});
