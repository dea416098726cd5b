import rule from "../../rules/refresh-token-validity.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withClient = (c: Parameters<typeof appClient>[0]) => poolEntry({ clients: [appClient(c)] });

testRule(rule, {
  valid: [
    { name: "7 days", entry: withClient({ RefreshTokenValidity: 7 }) },
    { name: "absent means the 30-day default", entry: withClient({ RefreshTokenValidity: undefined, TokenValidityUnits: undefined }) },
    { name: "exactly 30 days", entry: withClient({ RefreshTokenValidity: 30, TokenValidityUnits: { RefreshToken: "days" } }) },
    { name: "720 hours is 30 days", entry: withClient({ RefreshTokenValidity: 720, TokenValidityUnits: { RefreshToken: "hours" } }) },
    { name: "a custom limit", entry: withClient({ RefreshTokenValidity: 90 }), options: { maxDays: 90 } },
  ],
  invalid: [
    { name: "10 years is high", entry: withClient({ RefreshTokenValidity: 3650 }), messageId: "tooLong", severity: "high", evidence: { days: 3650 } },
    { name: "365 days is high", entry: withClient({ RefreshTokenValidity: 365 }), messageId: "tooLong", severity: "high" },
    { name: "31 days is medium", entry: withClient({ RefreshTokenValidity: 31 }), messageId: "tooLong", severity: "medium" },
    {
      name: "the unit matters: 1000 hours",
      entry: withClient({ RefreshTokenValidity: 1000, TokenValidityUnits: { RefreshToken: "hours" } }),
      messageId: "tooLong",
      severity: "medium",
    },
    { name: "a stricter limit", entry: withClient({ RefreshTokenValidity: 7 }), options: { maxDays: 1 }, messageId: "tooLong" },
  ],
});
