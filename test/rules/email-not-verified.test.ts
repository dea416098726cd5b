import rule from "../../rules/email-not-verified.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const pool = (overrides: Parameters<typeof userPool>[0]) => poolEntry({ userPool: userPool(overrides) });

testRule(rule, {
  valid: [
    { name: "email username, auto-verified", entry: pool({ UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"] }) },
    { name: "email and phone aliases, both auto-verified", entry: pool({ AliasAttributes: ["email", "phone_number", "preferred_username"], AutoVerifiedAttributes: ["email", "phone_number"] }) },
    { name: "plain usernames, nothing to verify", entry: pool({ UsernameAttributes: undefined, AliasAttributes: undefined, AutoVerifiedAttributes: undefined }) },
    { name: "preferred_username alias only", entry: pool({ UsernameAttributes: undefined, AliasAttributes: ["preferred_username"], AutoVerifiedAttributes: [] }) },
  ],
  invalid: [
    {
      name: "email username, nothing auto-verified",
      entry: pool({ UsernameAttributes: ["email"], AutoVerifiedAttributes: undefined }),
      messageId: "notVerified",
      severity: "medium",
      evidence: { unverified: ["email"], identifiers: [{ attribute: "email", signInVia: ["UsernameAttributes"], autoVerified: false }] },
    },
    {
      name: "phone alias while only email is verified",
      entry: pool({ AliasAttributes: ["email", "phone_number"], AutoVerifiedAttributes: ["email"] }),
      messageId: "notVerified",
      evidence: { unverified: ["phone_number"] },
    },
    {
      name: "values compared case-insensitively (hand-edited snapshot)",
      entry: pool({ UsernameAttributes: ["EMAIL" as never], AutoVerifiedAttributes: ["phone_number"] }),
      messageId: "notVerified",
      evidence: { unverified: ["email"] },
    },
    {
      name: "both identifiers unverified",
      entry: pool({ UsernameAttributes: ["email", "phone_number"], AutoVerifiedAttributes: [] }),
      messageId: "notVerified",
      evidence: { unverified: ["email", "phone_number"] },
    },
  ],
});
