// The README's minimal IAM policy lists exactly the operations the collectors may call.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { READ_OPERATIONS } from "../../src/aws/operations.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { RULES } from "../../rules/index.js";

const readme = readFileSync(join(PACKAGE_ROOT, "README.md"), "utf8");

it("README's IAM policy equals the read operations that need permission", () => {
  const block = /### Minimal IAM policy[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block, "README has a Minimal IAM policy JSON block").toBeDefined();
  const policy = JSON.parse(block!) as { Statement: { Effect: string; Action: string[] }[] };
  const actions = policy.Statement.flatMap((s) => s.Action).sort();
  const expected = READ_OPERATIONS.filter((o) => o.needsPermission && o.scope === "audit").map((o) => `${o.service}:${o.operation}`).sort();
  expect(actions).toEqual(expected);
  expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
});

it("every allowed operation is a read", () => {
  // sts:AssumeRole changes nothing: it hands out the audit role's (read-only) credentials.
  for (const op of READ_OPERATIONS) expect(op.operation).toMatch(/^(Describe|Get|List|LookupEvents$|AssumeRole$)/);
});

it("README lists every rule", () => {
  for (const rule of RULES) expect(readme).toContain(`| \`${rule.id}\` |`);
});
