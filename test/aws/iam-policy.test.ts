// The README's minimal IAM policy lists exactly the operations the collectors may call.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { READ_OPERATIONS } from "../../src/aws/operations.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { RULES } from "../../rules/index.js";
import { ATHENA_OPERATIONS } from "../../src/cloudtrail/athena.js";

const readme = readFileSync(join(PACKAGE_ROOT, "README.md"), "utf8");

it("README's IAM policy equals the read operations that need permission", () => {
  const block = /### Minimal IAM policy[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block, "README has a Minimal IAM policy JSON block").toBeDefined();
  const policy = JSON.parse(block!) as { Statement: { Effect: string; Action: string[] }[] };
  const actions = policy.Statement.flatMap((s) => s.Action).sort();
  const expected = READ_OPERATIONS.filter((o) => o.needsPermission && o.scope === "audit").map((o) => o.action).sort();
  expect(actions).toEqual(expected);
  expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
});

it("every allowed operation is a read", () => {
  // sts:AssumeRole changes nothing: it hands out the audit role's (read-only) credentials. Athena's
  // Start/StopQueryExecution run and stop the one SELECT of --cloudtrail athena: (athena scope only).
  for (const op of READ_OPERATIONS) {
    const athena = op.scope === "athena" && /^(Start|Stop)QueryExecution$/.test(op.operation);
    if (!athena) expect(op.operation).toMatch(/^(Describe|Get|List|LookupEvents$|AssumeRole$)/);
  }
});

it("README lists every rule", () => {
  for (const rule of RULES) expect(readme).toContain(`| \`${rule.id}\` |`);
});

const permissionsOf = (scope: "audit" | "caller" | "trail" | "athena") =>
  READ_OPERATIONS.filter((o) => o.needsPermission && o.scope === scope)
    .map((o) => o.action)
    .sort();

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

it("README's caller policy is exactly the caller's operations: AssumeRole on the audit role, ListAccounts", () => {
  const section = /## Scanning an organization\n([\s\S]*?)\n## /.exec(readme)?.[1];
  expect(section, "README has a Scanning an organization section").toBeDefined();
  const block = /### Caller policy[\s\S]*?```json\n([\s\S]*?)```/.exec(section!)?.[1];
  expect(block, "that section has a Caller policy JSON block").toBeDefined();
  const policy = JSON.parse(block!) as { Statement: Statement[] };
  expect(actionsOf(policy.Statement)).toEqual(permissionsOf("caller"));
  expect(permissionsOf("caller")).toEqual(["organizations:ListAccounts", "sts:AssumeRole"]);
  expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
  // AssumeRole only on the audit role of the template, in any account; never "*".
  const assume = policy.Statement.find((s) => actionsOf([s]).includes("sts:AssumeRole"));
  expect(assume?.Resource).toBe("arn:aws:iam::*:role/CognitoAuditRole");
  // The flags the section documents.
  for (const flag of ["--region all", "--accounts all|ID[,ID…]", "--role-name", "--external-id", "--role-session-name"]) expect(section).toContain(flag);
  expect(section).toContain("docs/cognito-audit-role.yaml");
});

it("every operation's IAM action is its own unless IAM names it otherwise (S3's ListObjectsV2 is s3:ListBucket)", () => {
  for (const o of READ_OPERATIONS) expect(o.action).toBe(o.service === "s3" && o.operation === "ListObjectsV2" ? "s3:ListBucket" : `${o.service}:${o.operation}`);
});

it("README's trail bucket policy is exactly the S3 reads: s3:ListBucket on the bucket, s3:GetObject on its logs", () => {
  const section = /### Trail bucket policy\n([\s\S]*?)\n## /.exec(readme)?.[1];
  expect(section, "README has a Trail bucket policy section").toBeDefined();
  const block = /```json\n([\s\S]*?)```/.exec(section!)?.[1];
  expect(block, "that section has a JSON block").toBeDefined();
  const policy = JSON.parse(block!) as { Statement: Statement[] };
  expect(actionsOf(policy.Statement)).toEqual(permissionsOf("trail"));
  expect(permissionsOf("trail")).toEqual(["s3:GetObject", "s3:ListBucket"]);
  expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
  // One bucket, never "*": ListBucket on the bucket, GetObject on the objects under AWSLogs/.
  const resourceOf = (action: string) => policy.Statement.find((s) => actionsOf([s]).includes(action))?.Resource;
  expect(resourceOf("s3:ListBucket")).toBe("arn:aws:s3:::TRAIL-BUCKET");
  expect(resourceOf("s3:GetObject")).toBe("arn:aws:s3:::TRAIL-BUCKET/PREFIX/AWSLogs/*");
  expect(section).toContain("--cloudtrail s3://BUCKET/PREFIX");
  expect(section).toContain("kms:Decrypt");
  // Not in the minimal policy nor the audit role: the bucket is read by the caller only.
  expect(permissionsOf("audit").some((a) => a.startsWith("s3:"))).toBe(false);
});

describe("the audit role template (docs/cognito-audit-role.yaml)", () => {
  // Long-form intrinsics only: a plain YAML parser must read it (customTags would be needed for !Sub).
  const template = parse(readFileSync(join(PACKAGE_ROOT, "docs", "cognito-audit-role.yaml"), "utf8")) as {
    Parameters: Record<string, { Type: string; Default?: string; AllowedPattern?: string }>;
    Conditions: Record<string, unknown>;
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const roles = Object.values(template.Resources).filter((r) => r.Type === "AWS::IAM::Role");
  const role = roles[0]!.Properties as {
    RoleName: unknown;
    AssumeRolePolicyDocument: { Statement: Statement[] };
    Policies: { PolicyDocument: { Statement: Statement[] } }[];
    ManagedPolicyArns?: unknown;
  };

  it("is one role whose inline policy allows exactly the audited account's read operations", () => {
    expect(roles).toHaveLength(1);
    expect(Object.keys(template.Resources)).toHaveLength(1);
    expect(role.ManagedPolicyArns).toBeUndefined();
    const statements = role.Policies.flatMap((p) => p.PolicyDocument.Statement);
    expect(actionsOf(statements)).toEqual(permissionsOf("audit"));
    expect(statements.every((s) => s.Effect === "Allow")).toBe(true);
    // The same list as the README's minimal policy (tested above against READ_OPERATIONS).
    expect(actionsOf(statements)).not.toContain("sts:AssumeRole");
  });

  it("is named by a parameter (default CognitoAuditRole) and trusts the audit account, with an optional external id", () => {
    expect(template.Parameters.RoleName).toMatchObject({ Type: "String", Default: "CognitoAuditRole" });
    expect(role.RoleName).toEqual({ Ref: "RoleName" });
    expect(template.Parameters.AuditAccountId).toMatchObject({ Type: "String", AllowedPattern: "\\d{12}" });
    expect(template.Parameters.AuditAccountId!.Default).toBeUndefined();
    expect(template.Parameters.ExternalId).toMatchObject({ Type: "String", Default: "" });
    expect(template.Conditions.HasExternalId).toEqual({ "Fn::Not": [{ "Fn::Equals": [{ Ref: "ExternalId" }, ""] }] });
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Sid: "TrustTheAuditAccount",
        Effect: "Allow",
        Principal: { AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${AuditAccountId}:root" } },
        Action: "sts:AssumeRole",
        Condition: { "Fn::If": ["HasExternalId", { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } }, { Ref: "AWS::NoValue" }] },
      },
    ]);
  });

  it("accepts in its parameters what the flags accept", () => {
    const full = (pattern: string) => new RegExp(`^(?:${pattern})$`);
    const roleName = full(template.Parameters.RoleName!.AllowedPattern!);
    for (const name of ["CognitoAuditRole", "a+b=c,d.e@f_g-h", "r".repeat(64)]) expect(roleName.test(name), name).toBe(true);
    for (const name of ["", "r".repeat(65), "a/b"]) expect(roleName.test(name), name).toBe(false);
    const externalId = full(template.Parameters.ExternalId!.AllowedPattern!);
    for (const id of ["", "ab", "urn:x/y-1"]) expect(externalId.test(id), id).toBe(true);
    for (const id of ["a", "has space"]) expect(externalId.test(id), id).toBe(false);
  });
});

it("the Athena source sends exactly the operations docs/athena.md's policy allows, and only in its own scope", () => {
  expect(permissionsOf("athena")).toEqual(ATHENA_OPERATIONS.map((o) => `athena:${o}`).sort());
  expect(permissionsOf("audit").some((a) => a.startsWith("athena:"))).toBe(false);
});
