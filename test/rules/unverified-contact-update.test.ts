import { expect } from "vitest";
import rule from "../../rules/unverified-contact-update.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const GUARDED = { AttributesRequireVerificationBeforeUpdate: ["email" as const, "phone_number" as const] };
const NONE = { AttributesRequireVerificationBeforeUpdate: [] };
const schema = [
  { Name: "sub", AttributeDataType: "String" as const, Mutable: false, Required: true },
  { Name: "email", AttributeDataType: "String" as const, Mutable: true },
  { Name: "phone_number", AttributeDataType: "String" as const, Mutable: true },
];

const pool = (overrides: Parameters<typeof userPool>[0], clients = [appClient({ ClientId: "web", ClientName: "web", WriteAttributes: ["email", "phone_number"] })]) =>
  poolEntry({ userPool: userPool({ SchemaAttributes: schema, ...overrides }), clients });

testRule(rule, {
  valid: [
    {
      name: "email username, verification required before update",
      entry: pool({ UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"], UserAttributeUpdateSettings: GUARDED }),
    },
    {
      name: "neither attribute identifies users nor is auto-verified",
      entry: pool({ UsernameAttributes: undefined, AliasAttributes: undefined, AutoVerifiedAttributes: undefined, UserAttributeUpdateSettings: NONE }),
    },
    {
      name: "no client may write the attribute",
      entry: pool({ UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"], UserAttributeUpdateSettings: NONE }, [
        appClient({ ClientId: "web", WriteAttributes: ["name"] }),
      ]),
    },
    {
      name: "the attribute is immutable in the schema",
      entry: poolEntry({
        userPool: userPool({
          SchemaAttributes: [{ Name: "email", AttributeDataType: "String", Mutable: false }],
          UsernameAttributes: ["email"],
          AutoVerifiedAttributes: ["email"],
          UserAttributeUpdateSettings: NONE,
        }),
        clients: [appClient({ ClientId: "web", WriteAttributes: [] })],
      }),
    },
    {
      name: "settings absent but nothing at stake: no need to know them",
      entry: pool({ UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"], UserAttributeUpdateSettings: undefined }, []),
    },
  ],
  invalid: [
    {
      name: "email username without verification before update",
      entry: pool({ UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"], UserAttributeUpdateSettings: NONE }),
      messageId: "unverifiedUpdate",
      severity: "high",
      data: { attributes: "email", clients: "app client(s) web" },
      evidence: {
        attributes: [
          {
            attribute: "email",
            role: ["sign-in identifier (UsernameAttributes)", "auto-verified (AutoVerifiedAttributes)"],
            writableBy: ["web"],
            requiresVerificationBeforeUpdate: false,
          },
        ],
      },
    },
    {
      name: "phone alias, only email guarded",
      entry: pool({ UsernameAttributes: undefined, AutoVerifiedAttributes: [], AliasAttributes: ["phone_number"], UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] } }),
      messageId: "unverifiedUpdate",
      evidence: { attributes: [{ attribute: "phone_number", role: ["sign-in alias (AliasAttributes)"], requiresVerificationBeforeUpdate: false }] },
    },
    {
      name: "auto-verified only (not an identifier) still counts",
      entry: pool({ UsernameAttributes: undefined, AutoVerifiedAttributes: ["email"], UserAttributeUpdateSettings: {} }),
      messageId: "unverifiedUpdate",
      evidence: { attributes: [{ attribute: "email", role: ["auto-verified (AutoVerifiedAttributes)"] }] },
    },
    {
      name: "a client without a WriteAttributes list writes the standard attributes, as AWS documents, and the evidence quotes it",
      entry: pool({ UsernameAttributes: ["email"], UserAttributeUpdateSettings: NONE }, [
        appClient({ ClientId: "web", ClientName: "web", WriteAttributes: [] }),
        appClient({ ClientId: "api", ClientName: "api", WriteAttributes: ["name"] }),
      ]),
      messageId: "unverifiedUpdate",
      data: { attributes: "email", clients: "app client(s) web (a client without a WriteAttributes list writes the standard attributes, these included)" },
      evidence: {
        attributes: [{ attribute: "email", writableBy: ["web (WriteAttributes is empty: the standard attributes, as AWS documents)"] }],
        emptyWriteAttributes: expect.stringContaining("your app can write the values of the Standard attributes of your user pool") as unknown,
      },
    },
    {
      name: "a standard attribute missing from the schema is mutable by default",
      entry: poolEntry({
        userPool: userPool({ SchemaAttributes: undefined, UsernameAttributes: ["phone_number"], UserAttributeUpdateSettings: NONE }),
        clients: [appClient({ ClientId: "web", WriteAttributes: ["phone_number"] })],
      }),
      messageId: "unverifiedUpdate",
    },
    {
      name: "email guarded, phone number not: only the phone number fails",
      entry: pool({ UsernameAttributes: ["email", "phone_number"], UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] } }),
      messageId: "unverifiedUpdate",
      evidence: {
        AttributesRequireVerificationBeforeUpdate: ["email"],
        attributes: [
          { attribute: "email", requiresVerificationBeforeUpdate: true },
          { attribute: "phone_number", requiresVerificationBeforeUpdate: false },
        ],
      },
    },
    {
      name: "both attributes unguarded",
      entry: pool({ UsernameAttributes: ["email", "phone_number"], UserAttributeUpdateSettings: NONE }),
      messageId: "unverifiedUpdate",
      evidence: { attributes: [{ attribute: "email" }, { attribute: "phone_number" }] },
    },
  ],
  notEvaluated: [
    {
      name: "UserAttributeUpdateSettings not reported (emulator)",
      entry: pool({ UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"], UserAttributeUpdateSettings: undefined }),
      reason: /UserAttributeUpdateSettings/,
    },
    {
      name: "clients were not listed",
      entry: poolEntry({
        userPool: userPool({ UsernameAttributes: ["email"], UserAttributeUpdateSettings: NONE }),
        clients: undefined,
        errors: [{ operation: "ListUserPoolClients", code: "AccessDeniedException", message: "denied" }],
      }),
      reason: /ListUserPoolClients failed with AccessDeniedException/,
    },
  ],
});
