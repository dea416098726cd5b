// The command line in-process: argument parsing, exit codes, outputs and error paragraphs.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { PACKAGE_ROOT as PACKAGE_ROOT_FOR_TESTS } from "../../src/package.js";
import type { CommandIo } from "../../src/commands/io.js";
import type { Report } from "../../src/report/model.js";
import { serializeSnapshot } from "../../src/snapshot/io.js";
import { appClient, poolEntry, snapshotOf, userPool } from "../helpers/factories.js";
import { checkIfReport } from "../helpers/reportSchema.js";

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false, columns: 140 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: options.env ?? {},
    cwd: options.cwd ?? dir,
    now: () => new Date("2026-11-26T12:00:00Z"),
  };
  const code = await run(["node", "cognito-audit", ...args], io);
  checkIfReport(stdout);
  return { code, stdout, stderr };
}

let dir = "";
const file = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-cli-"));
  const clean = snapshotOf([poolEntry({ userPool: userPool({ Name: "clean" }) })]);
  const high = snapshotOf([poolEntry({ userPool: userPool({ Name: "legacy", MfaConfiguration: "OFF" }) })]);
  const medium = snapshotOf([poolEntry({ userPool: userPool({ Name: "mid", DeletionProtection: "INACTIVE" }) })]);
  const incomplete = snapshotOf([poolEntry({ userPool: userPool({ Name: "emu", DeletionProtection: undefined }) })]);
  const badType = snapshotOf([poolEntry(), poolEntry({ clients: [appClient({ AccessTokenValidity: "60" as never })] })]);
  await writeFile(file("clean.json"), serializeSnapshot(clean));
  await writeFile(file("high.json"), serializeSnapshot(high));
  await writeFile(file("medium.json"), serializeSnapshot(medium));
  await writeFile(file("incomplete.json"), serializeSnapshot(incomplete));
  await writeFile(file("bad-type.json"), JSON.stringify(badType));
});

describe("scan --snapshot", () => {
  it("writes JSON when stdout is not a terminal and exits 0 on a clean estate", async () => {
    const r = await cli(["scan", "--snapshot", file("clean.json")]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ format: "cognito-audit/report", version: 1, tool: { name: "cognito-audit" }, score: { value: 100, grade: "A" } });
    expect(report.pools).toHaveLength(1);
    expect(r.stderr).toBe("");
  });

  it("exits 1 on a high finding (default --fail-on high) and names it in the gate", async () => {
    const r = await cli(["scan", "--snapshot", file("high.json")]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.gate).toMatchObject({ passed: false, failOn: "high", reasons: [expect.stringMatching(/^1 finding\(s\) at or above high: mfa-required on legacy$/)] });
    expect(report.findings[0]).toMatchObject({ ruleId: "mfa-required", status: "fail", severity: "high" });
  });

  it("follows --fail-on and --min-score", async () => {
    expect((await cli(["scan", "--snapshot", file("medium.json")])).code).toBe(0);
    expect((await cli(["scan", "--snapshot", file("medium.json"), "--fail-on", "medium"])).code).toBe(1);
    expect((await cli(["scan", "--snapshot", file("high.json"), "--fail-on", "none"])).code).toBe(0);
    expect((await cli(["scan", "--snapshot", file("high.json"), "--fail-on", "critical"])).code).toBe(0);
    expect((await cli(["scan", "--snapshot", file("medium.json"), "--min-score", "99"])).code).toBe(1);
    expect((await cli(["scan", "--snapshot", file("clean.json"), "--min-score", "99"])).code).toBe(0);
  });

  it("reads formats in any case and suggests the one a typo meant", async () => {
    expect(JSON.parse((await cli(["scan", "--snapshot", file("clean.json"), "--format", "JSON"])).stdout)).toMatchObject({ format: "cognito-audit/report" });
    const report = await cli(["scan", "--snapshot", file("clean.json"), "--report", `HTML=${file("any-case.html")}`]);
    expect(report.code).toBe(0);
    expect(await readFile(file("any-case.html"), "utf8")).toMatch(/^<!DOCTYPE html>/);
    const typo = await cli(["scan", "--snapshot", file("clean.json"), "--report", `htlm=${file("x.html")}`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--report "htlm=.*x\.html": expected FORMAT=FILE with FORMAT one of table, json, .* \(did you mean html\?\), for example/);
    expect((await cli(["scan", "--snapshot", file("clean.json"), "--format", "jsno"])).stderr).toMatch(/\(did you mean json\?\)/);
  });

  it("exits 3 when checks could not be evaluated, 0 with --allow-incomplete", async () => {
    expect((await cli(["scan", "--snapshot", file("incomplete.json")])).code).toBe(3);
    expect((await cli(["scan", "--snapshot", file("incomplete.json"), "--allow-incomplete"])).code).toBe(0);
  });

  it("prints a table on a terminal, in colour unless NO_COLOR or --no-color", async () => {
    const colour = await cli(["scan", "--snapshot", file("high.json")], { tty: true });
    expect(colour.stdout).toContain("mfa-required");
    expect(colour.stdout).toContain("\u001b[");
    expect(colour.stdout).toMatch(/Gate failed/);
    expect((await cli(["scan", "--snapshot", file("high.json")], { tty: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\u001b[");
    expect((await cli(["scan", "--snapshot", file("high.json"), "--no-color"], { tty: true })).stdout).not.toContain("\u001b[");
    expect((await cli(["scan", "--snapshot", file("high.json"), "--format", "table"], { env: { FORCE_COLOR: "1" } })).stdout).toContain("\u001b[");
  });

  it("writes the report to --output and nothing to stdout", async () => {
    const out = file("report.json");
    const r = await cli(["scan", "--snapshot", file("high.json"), "--output", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(JSON.parse(await readFile(out, "utf8"))).toMatchObject({ format: "cognito-audit/report" });
  });
});

describe("input errors exit 2 with one paragraph and no report", () => {
  it("names the file and the JSON path of a wrong type", async () => {
    const r = await cli(["scan", "--snapshot", file("bad-type.json")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(file("bad-type.json"));
    expect(r.stderr).toContain("$.accounts[0].regions[0].userPools[1].clients[0].AccessTokenValidity");
    expect(r.stderr).toContain('expected an integer, found string "60"');
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it("rejects bad usage", async () => {
    expect((await cli(["scan", "--snapshot", file("clean.json"), "--profile", "dev"])).stderr).toMatch(/cannot be combined with --profile/);
    expect((await cli(["scan", "--snapshot", file("clean.json"), "--region", "us-east-1"])).stderr).toMatch(/^cognito-audit: --region "us-east-1": no region of the snapshot/);
    expect((await cli(["scan", "--format", "xml"])).code).toBe(2);
    expect((await cli(["scan", "--fail-on", "severe"])).code).toBe(2);
    expect((await cli(["scan", "--min-score", "abc"])).code).toBe(2);
    expect((await cli(["scan", "--bogus"])).code).toBe(2);
    expect((await cli(["collect"])).stderr).toMatch(/--output/);
    expect((await cli([])).code).toBe(2);
    expect((await cli(["scan", "--endpoint-url", "not a url", "--region", "eu-west-1"])).stderr).toMatch(/--endpoint-url: "not a url" is not a URL/);
  });

  it("asks for a region when none can be found", async () => {
    const saved = { ...process.env };
    for (const key of ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"]) delete process.env[key];
    process.env.AWS_CONFIG_FILE = join(dir, "no-such-config");
    try {
      const r = await cli(["scan"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/No AWS region given: pass --region/);
    } finally {
      process.env = saved;
    }
  });
});

describe("rules and explain", () => {
  it("lists the rules as JSON", async () => {
    const r = await cli(["rules", "--format", "json"]);
    const rules = JSON.parse(r.stdout) as { id: string; severity: string; anchors: string[] }[];
    expect(rules.map((x) => x.id)).toContain("mfa-required");
    expect(rules.find((x) => x.id === "mfa-required")).toMatchObject({ severity: "high", anchors: expect.arrayContaining(["FSBP Cognito.5"]) });
  });

  it("shows a rule's doc page, the scoring, and a helpful error for an unknown rule", async () => {
    const page = (await cli(["explain", "brute-force"])).stdout;
    expect(page).toMatch(/^# brute-force/);
    expect(page).toContain("| `threshold` |");
    expect(page).not.toContain("<!--");
    expect((await cli(["explain", "--scoring"])).stdout).toMatch(/Σ weight\(passed\)/);
    const unknown = await cli(["explain", "mfa"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown rule "mfa" \(did you mean mfa-required, mfa-sms-only or remembered-device-skips-mfa\?\)/);
  });

  it("prints its version", async () => {
    const r = await cli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("configuration file", () => {
  it("is found in the working directory and its suppressions open the gate", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "ca-cfg-"));
    await writeFile(
      join(cwd, ".cognito-audit.yml"),
      `suppressions:\n  - rule: mfa-required\n    resource: "*"\n    reason: Legacy pool, retired in Q1 (RISK-77)\n    expires: 2027-03-31\n`,
    );
    const r = await cli(["scan", "--snapshot", file("high.json")], { cwd });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.find((f) => f.ruleId === "mfa-required")).toMatchObject({ status: "suppressed", suppression: { reason: "Legacy pool, retired in Q1 (RISK-77)" } });
    expect(report.config.source).toBe(join(cwd, ".cognito-audit.yml"));
    const table = await cli(["scan", "--snapshot", file("high.json"), "--format", "table"], { cwd });
    expect(table.stdout).toMatch(/Suppressed \(1\)[\s\S]*RISK-77/);
  });

  it("applies --config with a severity override and fails on a bad file with exit 2", async () => {
    const cfg = file("override.json");
    await writeFile(cfg, JSON.stringify({ rules: { "deletion-protection": { severity: "critical" } } }));
    const r = await cli(["scan", "--snapshot", file("medium.json"), "--config", cfg]);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).findings[0]).toMatchObject({ ruleId: "deletion-protection", severity: "critical" });
    const bad = file("bad.yml");
    await writeFile(bad, "rules:\n  mfa-required:\n    enabled: maybe\n");
    const b = await cli(["scan", "--snapshot", file("medium.json"), "--config", bad]);
    expect(b.code).toBe(2);
    expect(b.stdout).toBe("");
    expect(b.stderr).toContain(`${bad}: not a valid cognito-audit configuration: at $.rules["mfa-required"].enabled (line 3, column 14) expected a boolean, found string "maybe"`);
  });
});

describe("--baseline", () => {
  const scenario = join(PACKAGE_ROOT_FOR_TESTS, "fixtures", "scenarios", "b2c-shop.json");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- snapshots are edited as plain JSON here
  const variant = async (name: string, change: (s: any) => void) => {
    const snapshot = JSON.parse(await readFile(scenario, "utf8"));
    change(snapshot);
    const path = file(name);
    await writeFile(path, JSON.stringify(snapshot, null, 2));
    return path;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pool = (s: any) => s.accounts[0].regions[0].userPools[0];

  it("passes an unchanged estate with every finding unchanged, and names only a new high finding", async () => {
    const baseline = file("baseline.json");
    const first = await cli(["scan", "--snapshot", scenario, "--output", baseline]);
    expect(first.code).toBe(1);
    checkIfReport(await readFile(baseline, "utf8"));

    const same = await cli(["scan", "--snapshot", scenario, "--baseline", baseline]);
    expect(same.code).toBe(0);
    const sameReport = JSON.parse(same.stdout) as Report;
    const failures = sameReport.findings.filter((f) => f.status === "fail");
    expect(failures.length).toBeGreaterThan(5);
    expect(failures.every((f) => f.baselineState === "unchanged")).toBe(true);
    expect(sameReport.baseline).toMatchObject({ new: 0, unchanged: failures.length, fixed: [] });

    const renamed = await variant("renamed.json", (s) => (pool(s).userPool.Name = "shop-customers-v2"));
    expect((await cli(["scan", "--snapshot", renamed, "--baseline", baseline])).code).toBe(0);

    const worse = await variant("worse.json", (s) => (pool(s).clients[0].AllowedOAuthFlows = ["code", "implicit"]));
    const gate = await cli(["scan", "--snapshot", worse, "--baseline", baseline]);
    expect(gate.code).toBe(1);
    const worseReport = JSON.parse(gate.stdout) as Report;
    expect(worseReport.findings.filter((f) => f.baselineState === "new").map((f) => f.ruleId)).toEqual(["implicit-grant"]);
    expect(worseReport.gate.reasons).toEqual(["1 new finding(s) at or above high: implicit-grant on shop-web"]);
  });

  it("lists what was fixed since the baseline", async () => {
    const baseline = file("baseline-2.json");
    await cli(["scan", "--snapshot", scenario, "--output", baseline]);
    const better = await variant("better.json", (s) => {
      pool(s).userPool.MfaConfiguration = "ON";
      pool(s).mfaConfig.MfaConfiguration = "ON";
    });
    const r = await cli(["scan", "--snapshot", better, "--baseline", baseline]);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.baseline?.fixed.map((f) => f.ruleId)).toContain("mfa-required");
    expect(report.findings.some((f) => f.ruleId === "mfa-required" && f.status === "fail")).toBe(false);
  });

  it("refuses a file that is not a JSON report", async () => {
    const r = await cli(["scan", "--snapshot", scenario, "--baseline", scenario]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a cognito-audit JSON report/);
  });
});

describe("--report", () => {
  it("writes several formats from one run and refuses unknown ones", async () => {
    const json = file("extra.json");
    const r = await cli(["scan", "--snapshot", file("high.json"), "--format", "table", "--report", `json=${json}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Findings \(1\)/);
    expect(checkIfReport(await readFile(json, "utf8"))).toBe(true);
    const bad = await cli(["scan", "--snapshot", file("high.json"), "--report", "pdf=x.pdf"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--report "pdf=x.pdf": expected FORMAT=FILE/);
  });
});

describe("CloudTrail events", () => {
  it("switches the behaviour rules off, and says why, when a snapshot holds no events", async () => {
    const r = await cli(["scan", "--snapshot", file("clean.json")]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.activity).toEqual({ available: false, reason: expect.stringMatching(/the snapshot holds no CloudTrail events/) });
    expect(report.findings.some((f) => f.ruleId === "brute-force")).toBe(false);
  });

  it("leaves the behaviour checks not evaluated when LookupEvents failed at collection", async () => {
    const snapshot = snapshotOf([poolEntry()], [{ operation: "LookupEvents", code: "AccessDeniedException", message: "not authorized to perform: cloudtrail:LookupEvents" }]);
    const path = file("denied.json");
    await writeFile(path, serializeSnapshot(snapshot));
    const r = await cli(["scan", "--snapshot", path]);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.activity).toEqual({ available: false, reason: expect.stringMatching(/LookupEvents failed with AccessDeniedException/) });
    expect(report.findings.find((f) => f.ruleId === "brute-force")).toMatchObject({ status: "not_evaluated" });
  });

  it("switches the behaviour rules off with --cloudtrail none", async () => {
    const r = await cli(["scan", "--snapshot", file("clean.json"), "--cloudtrail", "none"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.rules.some((rule) => rule.id === "brute-force")).toBe(false);
    expect(report.activity).toMatchObject({ available: false, reason: expect.stringMatching(/switched off/) });
  });

  it("refuses --cloudtrail lookup with --snapshot, and a bad --since", async () => {
    expect((await cli(["scan", "--snapshot", file("clean.json"), "--cloudtrail", "lookup"])).stderr).toMatch(/cannot be combined with --snapshot/);
    expect((await cli(["scan", "--snapshot", file("clean.json"), "--cloudtrail", dir, "--since", "a week"])).stderr).toMatch(/--since "a week": expected a duration/);
  });
});

describe("report focus flags", () => {
  it("--only-new without --baseline is a usage error; the focus narrows the table and never the JSON or the gate", async () => {
    const noBaseline = await cli(["scan", "--snapshot", file("high.json"), "--only-new"]);
    expect(noBaseline.code).toBe(2);
    expect(noBaseline.stderr).toMatch(/--only-new needs --baseline/);
    expect((await cli(["scan", "--snapshot", file("high.json"), "--group-by", "region"])).code).toBe(2);
    expect((await cli(["scan", "--snapshot", file("high.json"), "--top", "0"])).code).toBe(2);

    const json = await cli(["scan", "--snapshot", file("high.json"), "--min-severity", "critical", "--top", "1"]);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.findings.filter((f) => f.status === "fail").length).toBe(report.score.counts.fail);
    const table = await cli(["scan", "--snapshot", file("high.json"), "--format", "table", "--min-severity", "critical"]);
    expect(table.code).toBe(json.code);
    expect(table.stdout).toMatch(/\d+ lower-severity finding\(s\) not shown \(--min-severity critical\)/);
    expect(table.stdout).not.toMatch(/^HIGH /m);
    const markdown = await cli(["scan", "--snapshot", file("high.json"), "--format", "markdown", "--min-severity", "critical"]);
    expect(markdown.stdout.replace(/\\/g, "")).toContain("not shown (--min-severity critical)");
  });
});
