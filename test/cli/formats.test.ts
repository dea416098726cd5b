// One run, every format: each one is what its consumer accepts.
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { mkdtemp, readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
import { runCli } from "../helpers/cli.js";
import { checkIfReport } from "../helpers/reportSchema.js";
import { parseXml } from "../helpers/xml.js";

const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;
// The official schema's "language" pattern is not a valid Unicode regular expression.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, "test", "fixtures", "schemas", "sarif-schema-2.1.0.json"), "utf8")));

it("writes table, JSON, SARIF, Markdown, JUnit and HTML from the same run", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ca-formats-"));
  const snapshot = join("fixtures", "scenarios", "mobile-legacy.json");
  const out = (name: string) => join(dir, name);
  const r = await runCli([
    "scan", "--snapshot", snapshot, "--format", "table",
    "--report", `json=${out("r.json")}`, "--report", `sarif=${out("r.sarif")}`, "--report", `markdown=${out("r.md")}`,
    "--report", `junit=${out("r.xml")}`, "--report", `html=${out("r.html")}`,
  ]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/Findings \(\d+\)/);

  const json = await readFile(out("r.json"), "utf8");
  expect(checkIfReport(json)).toBe(true);
  const failures = JSON.parse(json).findings.filter((f: { status: string }) => f.status === "fail").length;

  const sarif = JSON.parse(await readFile(out("r.sarif"), "utf8"));
  expect(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
  expect(sarif.runs[0].results).toHaveLength(failures);
  // Scanning a snapshot, results point into it, so GitHub code scanning can show them.
  const location = sarif.runs[0].results[0].locations[0].physicalLocation;
  expect(location.artifactLocation.uri).toBe("fixtures/scenarios/mobile-legacy.json");
  expect(location.region.startLine).toBeGreaterThan(1);

  const junit = parseXml(await readFile(out("r.xml"), "utf8"));
  expect(junit.name).toBe("testsuites");
  expect(junit.attributes.failures).toBe(String(failures));
  // Passed checks are test cases too (the JSON report only counts them): a clean job never reads tests="0".
  const report = JSON.parse(json) as { includesPassed: boolean; findings: unknown[]; errors: unknown[]; score: { counts: { pass: number } } };
  expect(report.includesPassed).toBe(false);
  expect(Number(junit.attributes.tests)).toBe(report.findings.length + report.errors.length + report.score.counts.pass);

  expect(await readFile(out("r.md"), "utf8")).toMatch(/legacy\\-mobile/);
  const html = await readFile(out("r.html"), "utf8");
  expect(html).toMatch(/^<!DOCTYPE html>/);
  expect(html).not.toMatch(/<script/i);
});
