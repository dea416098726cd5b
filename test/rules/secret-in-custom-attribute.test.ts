import { expect } from "vitest";
import rule from "../../rules/secret-in-custom-attribute.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const attr = (Name: string, extra: object = {}) => ({ Name, AttributeDataType: "String" as const, Mutable: true, ...extra });
const withAttributes = (...names: string[]) => poolEntry({ userPool: userPool({ SchemaAttributes: names.map((n) => attr(n)) }) });

testRule(rule, {
  valid: [
    { name: "ordinary custom attributes", entry: withAttributes("custom:tenant_id", "custom:department", "custom:classname", "custom:lessons") },
    { name: "standard attributes only", entry: withAttributes("email", "phone_number") },
    { name: "no schema reported", entry: poolEntry({ userPool: userPool({ SchemaAttributes: undefined }) }) },
  ],
  invalid: [
    { name: "api_key", entry: withAttributes("custom:api_key"), messageId: "secret", severity: "high" },
    { name: "camelCase apiKey", entry: withAttributes("custom:apiKey"), messageId: "secret" },
    { name: "refresh_token", entry: withAttributes("custom:refresh_token"), messageId: "secret" },
    { name: "SSN upper case", entry: withAttributes("custom:SSN"), messageId: "secret" },
    { name: "card-number", entry: withAttributes("custom:card-number"), messageId: "secret" },
    { name: "password hash", entry: withAttributes("custom:user_password_hash"), messageId: "secret" },
    {
      name: "evidence lists the clients that can read it",
      entry: poolEntry({
        userPool: userPool({ SchemaAttributes: [attr("custom:private_key")] }),
        clients: [
          appClient({ ClientId: "reads-all", ClientName: "web", ReadAttributes: [] }),
          appClient({ ClientId: "reads-listed", ClientName: "api", ReadAttributes: ["email", "custom:private_key"] }),
          appClient({ ClientId: "reads-other", ClientName: "mobile", ReadAttributes: ["email"] }),
        ],
      }),
      messageId: "secret",
      data: { attribute: "custom:private_key", word: "privatekey", readers: "1 app client(s) and their ID tokens, and possibly 1 app client(s) without a ReadAttributes list" },
      evidence: {
        attributes: [
          {
            attribute: "custom:private_key",
            readableBy: ["web (ReadAttributes is empty: AWS documents standard attributes only, field reports say custom ones too)", "api"],
          },
        ],
        emptyReadAttributes: {
          awsApiReference: expect.stringContaining("When you don't specify the ReadAttributes for your app client") as unknown,
          fieldReports: expect.stringContaining("aws/aws-cdk#21835") as unknown,
        },
      },
    },
    {
      name: "only clients without a list: possibly readable",
      entry: poolEntry({
        userPool: userPool({ SchemaAttributes: [attr("custom:api_token")] }),
        clients: [appClient({ ClientId: "reads-all", ClientName: "web", ReadAttributes: undefined })],
      }),
      messageId: "secret",
      data: { attribute: "custom:api_token", word: "token", readers: "possibly 1 app client(s) without a ReadAttributes list" },
    },
    {
      name: "listed readers only: certain, no hedge in the evidence",
      entry: poolEntry({
        userPool: userPool({ SchemaAttributes: [attr("custom:api_token")] }),
        clients: [appClient({ ClientId: "api", ClientName: "api", ReadAttributes: ["custom:api_token"] })],
      }),
      messageId: "secret",
      data: { attribute: "custom:api_token", word: "token", readers: "1 app client(s) and their ID tokens" },
      evidence: { attributes: [{ attribute: "custom:api_token", readableBy: ["api"] }] },
    },
    {
      name: "developer-only attributes still fail, readable by no client",
      entry: poolEntry({ userPool: userPool({ SchemaAttributes: [attr("dev:custom:secret", { DeveloperOnlyAttribute: true })] }) }),
      messageId: "secret",
      data: { attribute: "dev:custom:secret", word: "secret", readers: "no app client (IAM only)" },
      evidence: { attributes: [{ attribute: "dev:custom:secret", readableBy: [] }] },
    },
  ],
});
