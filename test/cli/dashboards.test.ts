// The dashboard formats from the CLI: on stdout and beside other formats, from the same run.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { dashboardCount, parseValid, schemaValidator } from "../helpers/dashboards.js";
import type { Report } from "../../src/report/model.js";

const validateOcsf = schemaValidator("ocsf-1.1.0-findings.json");
const validateAsff = schemaValidator("asff-2018-10-08.json");

it("--format ocsf, --report asff=FILE and --report ocsf=FILE carry the JSON report's findings", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ca-dash-"));
  const out = (name: string) => join(dir, name);
  const snapshot = join("fixtures", "scenarios", "mobile-legacy.json");
  const r = await runCli(["scan", "--snapshot", snapshot, "--format", "ocsf", "--report", `json=${out("r.json")}`, "--report", `ASFF=${out("r.asff.json")}`, "--report", `ocsf=${out("r.ocsf.json")}`]);
  expect(r.code, r.stderr).toBe(1);
  const report = JSON.parse(await readFile(out("r.json"), "utf8")) as Report;
  const expected = dashboardCount(report);
  expect(expected).toBeGreaterThan(0);

  const events = parseValid<{ finding_info: { uid: string } }>(validateOcsf, r.stdout);
  expect(events).toHaveLength(expected);
  expect(await readFile(out("r.ocsf.json"), "utf8")).toBe(r.stdout);
  const findings = parseValid<{ Id: string }>(validateAsff, await readFile(out("r.asff.json"), "utf8"));
  expect(findings).toHaveLength(expected);
  // One identifier per finding, the same in both formats.
  expect(findings.map((f) => f.Id)).toEqual(events.map((e) => e.finding_info.uid));
});

it("an unknown format name suggests the dashboard formats", async () => {
  const r = await runCli(["scan", "--snapshot", join("fixtures", "scenarios", "hardened.json"), "--report", "asf=out.json"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/did you mean asff/i);
});
