// Scenario fixtures: realistic snapshots, each with the exact (rule, resource) results it must give.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";

// Scenario snapshots hold configuration, not CloudTrail events: the behaviour rules are tested elsewhere.
const CONFIGURATION_RULES = RULES.filter((r) => r.kind === "config");
import { runRules } from "../../src/engine/runner.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { loadSnapshot } from "../../src/snapshot/io.js";

const dir = join(PACKAGE_ROOT, "fixtures", "scenarios");
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
  .map((f) => f.replace(/\.json$/, ""));

describe("scenario fixtures", () => {
  it("are at least eight", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
  });

  it.each(scenarios)("%s yields exactly its expected failures and not-evaluated checks", async (name) => {
    const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as { failures: string[]; notEvaluated: string[] };
    const findings = runRules(await loadSnapshot(join(dir, `${name}.json`)), CONFIGURATION_RULES, { context: { now: new Date("2026-11-26T12:00:00Z") } });
    const keys = (status: string) => findings.filter((f) => f.status === status).map((f) => `${f.ruleId} ${f.resource.arn}`).sort();
    expect(keys("fail")).toEqual(expected.failures);
    expect(keys("not_evaluated")).toEqual(expected.notEvaluated);
  });

  it("the hardened pool fails nothing", () => {
    const expected = JSON.parse(readFileSync(join(dir, "hardened.expected.json"), "utf8")) as { failures: string[] };
    expect(expected.failures).toEqual([]);
  });
});
