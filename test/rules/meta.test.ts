// Keeps every registered rule whole: module, doc page, tests, registry entry and metadata. The
// module's id, severity, resource type and anchors are the truth; docs/rules.md is generated from them.
// A rule missing any of them fails the build.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { RESOURCE_TYPES } from "../../src/snapshot/identifiers.js";
import { SEVERITIES } from "../../src/engine/severity.js";
import { compileSchema } from "../../src/snapshot/validate.js";
import { PACKAGE_ROOT, REFERENCES_END, REFERENCES_START, ruleDocPath } from "../../src/package.js";
import { anchorKind } from "../../src/engine/anchors.js";


describe("rule registry", () => {
  it("is sorted by id, without duplicates", () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("registers every module in rules/", () => {
    const modules = readdirSync(join(PACKAGE_ROOT, "rules"))
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""));
    expect(modules.sort()).toEqual(RULES.map((r) => r.id));
  });
});

describe.each(RULES.map((r) => [r.id, r] as const))("rule %s", (id, rule) => {
  it("has a kebab-case id, a known default severity and a known resource type", () => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(SEVERITIES).toContain(rule.severity);
    expect(Object.keys(RESOURCE_TYPES)).toContain(rule.resourceType);
  });

  it("has a doc page that names it and states its title", () => {
    const doc = ruleDocPath(id);
    expect(existsSync(doc), `${doc} is missing`).toBe(true);
    const text = readFileSync(doc, "utf8");
    expect(text.split("\n")[0]).toBe(`# ${id}`);
    expect(text).toContain(`**${rule.title}**`);
    for (const section of ["## What it checks", "## Why it matters", "## How to fix", "## Options"]) expect(text).toContain(section);
    for (const option of Object.keys(rule.defaultOptions)) expect(text).toContain(`\`${option}\``);
  });

  it("has anchors a user can follow: FSBP control ids, peer scanners' checks by name, AWS documentation URLs", () => {
    for (const anchor of rule.anchors) {
      expect(anchor, `anchor ${JSON.stringify(anchor)} is an internal word, not a reference`).not.toMatch(/^(seed|new)\b/i);
      expect(anchorKind(anchor), `anchor ${JSON.stringify(anchor)}: use "FSBP <Service>.<n>", "<Prowler|Checkov|CloudSploit|Steampipe|Pacu> <check name>" or an https://docs.aws.amazon.com/ URL`).toBeDefined();
    }
  });

  it("has a doc page that speaks to users and lists its references", () => {
    const text = readFileSync(ruleDocPath(id), "utf8");
    expect(text).toContain(`## References\n${REFERENCES_START}\n`);
    expect(text).toContain(REFERENCES_END);
    expect(text).not.toMatch(/the catalog says|\banchors?: *(new|seed)\b|\bseed\b/i);
  });

  it("has unit tests", () => {
    const file = join(PACKAGE_ROOT, "test", "rules", `${id}.test.ts`);
    expect(existsSync(file), `${file} is missing`).toBe(true);
    expect(readFileSync(file, "utf8")).toMatch(/testRule\(rule, \{[\s\S]*valid:[\s\S]*invalid:/);
  });

  it("has complete metadata", () => {
    expect(rule.title).not.toMatch(/^Ensure/);
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(rule.remediation.length).toBeGreaterThan(10);
    expect(rule.anchors.length).toBeGreaterThan(0);
    for (const anchor of rule.anchors) expect(anchor, `anchor ${JSON.stringify(anchor)}`).toMatch(/^\S(.*\S)?$/);
    expect(new Set(rule.anchors).size).toBe(rule.anchors.length);
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
  });

  it("has an options schema that accepts its defaults and rejects unknown options", () => {
    const validate = compileSchema(rule.optionsSchema);
    expect(validate(rule.defaultOptions), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...rule.defaultOptions, noSuchOption: 1 })).toBe(false);
    for (const [name, schema] of Object.entries((rule.optionsSchema as { properties: Record<string, { description?: string }> }).properties)) {
      expect(schema.description, `option ${name} needs a description`).toBeTruthy();
    }
  });
});
