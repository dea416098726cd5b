// Scenario fixtures carry their expected results: exactly these failures, no more and no fewer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { RULES } from "../../rules/index.js";

// Scenario snapshots hold configuration, not CloudTrail events: the behaviour rules are tested elsewhere.
const CONFIGURATION_RULES = RULES.filter((r) => r.kind === "config");
import { runRules } from "../../src/engine/runner.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { loadSnapshot } from "../../src/snapshot/io.js";

const dir = join(PACKAGE_ROOT, "fixtures", "snapshots");

it("demo.json yields exactly its expected failures and not-evaluated checks", async () => {
  const expected = JSON.parse(readFileSync(join(dir, "demo.expected.json"), "utf8")) as { failures: string[]; notEvaluated: string[] };
  const findings = runRules(await loadSnapshot(join(dir, "demo.json")), CONFIGURATION_RULES, { context: { now: new Date("2026-11-26T12:00:00Z") } });
  const keys = (status: string) => findings.filter((f) => f.status === status).map((f) => `${f.ruleId} ${f.resource.name}`).sort();
  expect(keys("fail")).toEqual(expected.failures);
  expect(keys("not_evaluated")).toEqual(expected.notEvaluated);
  expect(readFileSync(join(dir, "demo.json"), "utf8")).not.toContain("demo-client-secret");
});
