import { describe, expect, it } from "vitest";
import rule from "../../rules/writable-privileged-attribute.js";
import { appClient, clientTargetOf, poolEntry, userPool } from "../helpers/factories.js";
import { NOW, testRule } from "../helpers/ruleTester.js";

const attr = (Name: string, extra: object = {}) => ({ Name, AttributeDataType: "String" as const, Mutable: true, ...extra });
type Attr = ReturnType<typeof attr>;
const entryWith = (attributes: Attr[], client: Parameters<typeof appClient>[0] = {}) =>
  poolEntry({ userPool: userPool({ SchemaAttributes: attributes }), clients: [appClient(client)] });

testRule(rule, {
  valid: [
    { name: "privileged attribute not in WriteAttributes", entry: entryWith([attr("custom:role")], { WriteAttributes: ["email", "name"] }) },
    { name: "an ordinary attribute is writable", entry: entryWith([attr("custom:nickname_color")], { WriteAttributes: [] }) },
    { name: "immutable privileged attribute", entry: entryWith([attr("custom:tenant_id", { Mutable: false })], { WriteAttributes: ["custom:tenant_id"] }) },
    {
      name: "developer-only attribute: no client can write it",
      entry: entryWith([attr("dev:custom:role", { DeveloperOnlyAttribute: true })], { WriteAttributes: [] }),
    },
    { name: "word match, not substring: custom:program is not custom:role", entry: entryWith([attr("custom:program"), attr("custom:explanation")], { WriteAttributes: undefined }) },
    { name: "no custom attributes", entry: entryWith([], { WriteAttributes: [] }) },
    { name: "no schema reported", entry: poolEntry({ userPool: userPool({ SchemaAttributes: undefined }), clients: [appClient({ WriteAttributes: [] })] }) },
  ],
  invalid: [
    {
      name: "custom:role listed in WriteAttributes",
      entry: entryWith([attr("custom:role")], { WriteAttributes: ["email", "custom:role"] }),
      messageId: "privileged",
      severity: "critical",
      evidence: { attributes: [{ attribute: "custom:role", matched: "role", via: "listed" }], WriteAttributes: ["email", "custom:role"] },
    },
    {
      name: "empty WriteAttributes makes every mutable attribute writable, and says so",
      entry: entryWith([attr("custom:department"), attr("custom:tenantId"), attr("custom:shoe_size")], { WriteAttributes: [] }),
      messageId: "privileged",
      evidence: {
        attributes: [
          { attribute: "custom:department", matched: "department", via: "all" },
          { attribute: "custom:tenantId", matched: "tenant", via: "all" },
        ],
        note: expect.stringContaining("WriteAttributes is empty") as unknown,
      },
    },
    {
      name: "absent WriteAttributes is the same as empty",
      entry: entryWith([attr("custom:isAdmin")], { WriteAttributes: undefined }),
      messageId: "privileged",
      evidence: { attributes: [{ attribute: "custom:isAdmin", via: "all" }] },
    },
    { name: "Mutable absent means mutable (AWS default)", entry: entryWith([{ Name: "custom:plan", AttributeDataType: "String" } as Attr], { WriteAttributes: ["custom:plan"] }), messageId: "privileged" },
    {
      name: "case and separators do not matter",
      entry: entryWith([attr("custom:ACCESS-LEVEL")], { WriteAttributes: ["custom:ACCESS-LEVEL"] }),
      messageId: "privileged",
      evidence: { attributes: [{ attribute: "custom:ACCESS-LEVEL", matched: "access" }] },
    },
    {
      name: "only the attributes this client can write are listed",
      entry: entryWith([attr("custom:role"), attr("custom:tier")], { WriteAttributes: ["custom:tier"] }),
      messageId: "privileged",
      evidence: { attributes: [{ attribute: "custom:tier", matched: "tier", via: "listed" }] },
    },
  ],
  notEvaluated: [
    {
      name: "the client could not be described",
      entry: poolEntry({
        clients: [{ ClientId: "hidden", ClientName: "hidden" }],
        errors: [{ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "not authorized", resource: "hidden" }],
      }),
      reason: /DescribeUserPoolClient failed with AccessDeniedException/,
    },
  ],
});

describe("writable-privileged-attribute with the config's authorizationAttributes", () => {
  const client = appClient({ WriteAttributes: ["email", "custom:cost_center"] });
  const entry = poolEntry({ userPool: userPool({ SchemaAttributes: [attr("custom:cost_center")] }), clients: [client] });

  it("passes when the attribute is not configured and its name is ordinary", () => {
    expect(rule.check!(clientTargetOf(client, entry), rule.defaultOptions, { now: NOW })).toMatchObject({ status: "pass" });
  });

  it("fails when the configuration lists it (with or without the custom: prefix, any case)", () => {
    for (const configured of ["custom:cost_center", "COST_CENTER"]) {
      const verdict = rule.check!(clientTargetOf(client, entry), rule.defaultOptions, { now: NOW, authorizationAttributes: [configured] });
      expect(verdict).toMatchObject({
        status: "fail",
        messageId: "privileged",
        data: { reason: "listed in authorizationAttributes" },
        evidence: { attributes: [{ attribute: "custom:cost_center", matched: "configured", via: "listed" }] },
      });
    }
  });

  it("still applies the name words next to the configured list", () => {
    const roleClient = appClient({ WriteAttributes: ["custom:role"] });
    const roleEntry = poolEntry({ userPool: userPool({ SchemaAttributes: [attr("custom:role")] }), clients: [roleClient] });
    const verdict = rule.check!(clientTargetOf(roleClient, roleEntry), rule.defaultOptions, { now: NOW, authorizationAttributes: ["custom:cost_center"] });
    expect(verdict).toMatchObject({ status: "fail", evidence: { attributes: [{ matched: "role" }] } });
  });
});
