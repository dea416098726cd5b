// The generated documentation is checked in: it must be what scripts/docs.ts produces from the rules now.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../rules/index.js";
import { defineConfigRule, pass } from "../src/engine/rule.js";
import { PACKAGE_ROOT } from "../src/package.js";
import { generatedFiles, OPTIONS_END, OPTIONS_START, optionsTable, REFERENCES_END, REFERENCES_START, referencesList, rulesIndex, withOptionsTable, withReferences } from "../scripts/docs.js";

describe.each(generatedFiles().map((file) => [relative(PACKAGE_ROOT, file.path), file] as const))("%s", (name, { path, content }) => {
  it("is what the generator produces from the rules (run npm run docs)", () => {
    expect(readFileSync(path, "utf8"), `${name} is out of date: run npm run docs`).toBe(content);
  });
});

const example = defineConfigRule({
  id: "example-rule",
  resourceType: "client",
  severity: "low",
  title: "An example | with a pipe",
  rationale: "Only here to exercise the documentation generator with every kind of option it shows.",
  remediation: "Nothing to fix.",
  anchors: ["FSBP Cognito.9", "Prowler example_check", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html"],
  options: {
    maxDays: { type: "integer", minimum: 1, maximum: 30, default: 7, description: "Longest\nlifetime, in days." },
    ratio: { type: "number", exclusiveMinimum: 0, default: 0.5, description: "A share of `a|b`." },
    mode: { type: "string", enum: ["warn", "fail"], default: "warn", description: "What to do." },
    names: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true, default: [], description: "Names." },
    note: { type: "string", maxLength: 40, default: "", description: "A note." },
  },
  messages: { found: "found" },
  check: () => pass(),
});

describe("optionsTable", () => {
  it("shows each option's type, default, range and meaning from its schema", () => {
    expect(optionsTable(example).split("\n")).toEqual([
      "| option | type | default | range | meaning |",
      "| --- | --- | --- | --- | --- |",
      "| `maxDays` | integer | `7` | 1–30 | Longest lifetime, in days. |",
      "| `ratio` | number | `0.5` | > 0 | A share of `a\\|b`. |",
      '| `mode` | string | `"warn"` | one of `"warn"`, `"fail"` | What to do. |',
      "| `names` | array of strings | `[]` | no duplicates, each non-empty | Names. |",
      '| `note` | string | `""` | at most 40 characters | A note. |',
    ]);
  });

  it("says None. for a rule without options", () => {
    expect(optionsTable(defineConfigRule({ ...example, options: {} }))).toBe("None.");
  });

  it("refuses a schema keyword it cannot show rather than hide a constraint", () => {
    const hidden = defineConfigRule({ ...example, options: { n: { type: "integer", multipleOf: 5, default: 5, description: "N." } } });
    expect(() => optionsTable(hidden)).toThrow(/multipleOf/);
  });
});

describe("withOptionsTable", () => {
  const page = ["# example-rule", "", "## Options", OPTIONS_START, "| stale |", OPTIONS_END, "", "Prose after the table.", ""].join("\n");

  it("replaces only what is between the markers", () => {
    const updated = withOptionsTable(page, example);
    expect(updated).toBe(page.replace("| stale |", optionsTable(example)));
    expect(withOptionsTable(updated, example)).toBe(updated);
  });

  it("fails on a page without exactly one marker pair", () => {
    expect(() => withOptionsTable("# example-rule\n\n## Options\nNone.\n", example)).toThrow(/options:start/);
    expect(() => withOptionsTable(`${page}${OPTIONS_START}\n${OPTIONS_END}\n`, example)).toThrow(/options:start/);
    expect(() => withOptionsTable(`${page}${OPTIONS_END}\n`, example)).toThrow(/options:start/);
    expect(() => withOptionsTable(`${OPTIONS_END}\n${page}`, example)).toThrow(/options:start/);
  });
});

describe("withReferences", () => {
  const page = ["# example-rule", "", "## References", REFERENCES_START, "- stale", REFERENCES_END, "", "Related standards: prose kept.", ""].join("\n");

  it("lists each anchor between the markers, linked where it has a page, and keeps the prose around them", () => {
    expect(referencesList(example).split("\n")).toEqual([
      "- AWS Security Hub, FSBP control [Cognito.9](https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-9)",
      "- Prowler check `example_check`",
      "- AWS documentation: <https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html>",
    ]);
    const updated = withReferences(page, example);
    expect(updated).toBe(page.replace("- stale", referencesList(example)));
    expect(withReferences(updated, example)).toBe(updated);
  });

  it("leaves a page without markers alone and fails on a broken pair or an anchor that is none", () => {
    expect(withReferences("# example-rule\n", example)).toBe("# example-rule\n");
    expect(() => withReferences(`${page}${REFERENCES_END}\n`, example)).toThrow(/references:start/);
    const internal = defineConfigRule({ ...example, anchors: ["seed"] });
    expect(() => withReferences(page, internal)).toThrow(/"seed" is not an anchor/);
  });
});

describe("rulesIndex", () => {
  const index = rulesIndex(RULES);

  it("lists every rule with its resource, default severity, title, anchors and page", () => {
    const rows = index.split("\n").filter((line) => line.startsWith("| [`"));
    expect(rows).toHaveLength(RULES.length);
    expect(index).toContain(
      "| [`password-min-length`](../rules/password-min-length.md) | user pool | high | Passwords may be too short | FSBP Cognito.3, Prowler cognito_user_pool_password_policy_minimum_length_14, Pacu cognito__enum, [AWS docs API_PasswordPolicyType](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html) |",
    );
    for (const rule of RULES) expect(index).toContain(`| [\`${rule.id}\`](../rules/${rule.id}.md) |`);
  });

  it("says that rule ids are stable public ids", () => {
    expect(index).toContain("Rule ids are stable public ids");
  });

  it("has an option section for each rule with options, and escapes table breaks", () => {
    const withExample = rulesIndex([...RULES, example]);
    expect(withExample).toContain(`### example-rule\n\n${optionsTable(example)}`);
    expect(withExample).toContain("| An example \\| with a pipe |");
    for (const rule of RULES) expect(index.includes(`### ${rule.id}\n`)).toBe(Object.keys(rule.defaultOptions).length > 0);
  });
});
