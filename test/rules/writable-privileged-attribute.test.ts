import { expect } from "vitest";
import rule from "../../rules/writable-privileged-attribute.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const attr = (Name: string, extra: object = {}) => ({ Name, AttributeDataType: "String" as const, Mutable: true, ...extra });
type Attr = ReturnType<typeof attr>;
const entryWith = (attributes: Attr[], client: Parameters<typeof appClient>[0] = {}) =>
  poolEntry({ userPool: userPool({ SchemaAttributes: attributes }), clients: [appClient(client)] });

const costCenter = entryWith([attr("custom:cost_center")], { WriteAttributes: ["email", "custom:cost_center"] });

testRule(rule, {
  valid: [
    { name: "an ordinary attribute the configuration does not list", entry: costCenter },
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
      data: { count: 1, attribute: "custom:role", reason: 'name contains "role"' },
      evidence: { attributes: [{ attribute: "custom:role", matched: "role", via: "listed" }], WriteAttributes: ["email", "custom:role"] },
    },
    {
      name: "empty WriteAttributes: a hedged, medium finding that quotes both sources",
      entry: entryWith([attr("custom:department"), attr("custom:tenantId"), attr("custom:shoe_size")], { WriteAttributes: [] }),
      messageId: "privilegedUnlisted",
      severity: "medium",
      data: { count: 2, attribute: "custom:department", reason: 'name contains "department"' },
      evidence: {
        attributes: [
          { attribute: "custom:department", matched: "department", via: "unlisted" },
          { attribute: "custom:tenantId", matched: "tenant", via: "unlisted" },
        ],
        WriteAttributes: [],
        emptyWriteAttributes: {
          awsApiReference: expect.stringContaining("When you don't specify the WriteAttributes for your app client, your app can write the values of the Standard attributes") as unknown,
          fieldReports: expect.stringContaining("aws/aws-cdk#21835") as unknown,
        },
      },
    },
    {
      name: "absent WriteAttributes is the same as empty",
      entry: entryWith([attr("custom:isAdmin")], { WriteAttributes: undefined }),
      messageId: "privilegedUnlisted",
      severity: "medium",
      evidence: { attributes: [{ attribute: "custom:isAdmin", via: "unlisted" }], WriteAttributes: [] },
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
    {
      name: "an attribute authorizationAttributes lists as custom:cost_center",
      entry: costCenter,
      context: { authorizationAttributes: ["custom:cost_center"] },
      messageId: "privileged",
      data: { count: 1, attribute: "custom:cost_center", reason: "listed in authorizationAttributes" },
      evidence: { attributes: [{ attribute: "custom:cost_center", matched: "configured", via: "listed" }] },
    },
    {
      name: "an attribute authorizationAttributes lists as COST_CENTER",
      entry: costCenter,
      context: { authorizationAttributes: ["COST_CENTER"] },
      messageId: "privileged",
      data: { count: 1, attribute: "custom:cost_center", reason: "listed in authorizationAttributes" },
      evidence: { attributes: [{ attribute: "custom:cost_center", matched: "configured", via: "listed" }] },
    },
    {
      name: "the name words still apply next to the configured list",
      entry: entryWith([attr("custom:role")], { WriteAttributes: ["custom:role"] }),
      context: { authorizationAttributes: ["custom:cost_center"] },
      messageId: "privileged",
      evidence: { attributes: [{ matched: "role" }] },
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
