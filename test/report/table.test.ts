import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/findings.js";
import { score } from "../../src/engine/scoring.js";
import { buildReport, type PoolReport, type Report } from "../../src/report/model.js";
import { renderTable } from "../../src/report/table.js";
import { focusReport } from "../../src/report/view.js";
import { loadSnapshot } from "../../src/snapshot/io.js";
import { snapshotOf } from "../helpers/factories.js";
import { scanReport } from "../helpers/scan.js";

const NOW = new Date("2026-12-01T00:00:00Z");
const text = (report: Report, width = 120) => [...renderTable(report, { colorLevel: 0, width })].join("");
const gate = { passed: true, incomplete: false, reasons: [], failOn: "high" as const, minScore: null, unlistedRegions: [], unreachableAccounts: [] };
const poolArn = (i: number) => `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_P${i}`;

function failure(i: number, ruleId = "mfa-required"): Finding {
  return {
    ruleId,
    severity: "high",
    status: "fail",
    resource: { arn: `${poolArn(i)}/client/c${i}`, type: "AWS::Cognito::UserPoolClient", name: `web-${i}`, accountId: "123456789012", region: "eu-west-1" },
    poolArn: poolArn(i),
    message: `Client web-${i} is open.`,
    remediation: "Close it.",
  };
}

/** `n` pools, each with one failure, made by hand (a scan of 50,000 pools would take the test's whole budget). */
function estate(n: number): Report {
  const findings = Array.from({ length: n }, (_, i) => failure(i));
  const pools: PoolReport[] = findings.map((f, i) => ({ arn: poolArn(i), id: `eu-west-1_P${i}`, name: `pool-${i}`, accountId: "123456789012", region: "eu-west-1", score: { ...score([f]), value: i % 100 } }));
  return { ...buildReport(snapshotOf([]), [], [], gate, NOW), pools, findings, score: score(findings) };
}

describe("table report", () => {
  it("streams an estate of 50,000 pools: one line per pool and per failure, worst pool first", () => {
    const report = estate(50_000);
    let lines = 0;
    let chunks = 0;
    const poolLines: string[] = [];
    for (const chunk of renderTable(report, { colorLevel: 0, width: 120 })) {
      chunks += 1;
      for (const line of chunk.split("\n")) {
        lines += 1;
        if (/^pool-\d+ \(eu-west-1_P\d+\)/.test(line)) poolLines.push(line);
      }
    }
    // A line at a time: the estate is never one string.
    expect(chunks).toBeGreaterThan(100_000);
    expect(lines).toBeGreaterThan(100_000);
    expect(poolLines).toHaveLength(50_000);
    const scores = poolLines.map((l) => Number(/ (\d+\.\d) {2}/.exec(l)![1]));
    expect(scores[0]).toBe(0);
    expect(scores.at(-1)).toBe(99);
    expect(scores.every((s, i) => i === 0 || s >= scores[i - 1]!)).toBe(true);
  });

  it("labels pools and clients with name and id, and resources with their pool when there are several", () => {
    const report = estate(2);
    const out = text(report);
    expect(out).toContain("pool-0 (eu-west-1_P0)");
    expect(out).toContain("app client web-0 (c0) in pool pool-0 (");
  });

  it("groups unevaluated checks by the failed call, whatever the AWS message says", async () => {
    const report = await scanReport(await loadSnapshot("fixtures/scenarios/cross-account-triggers.json"), { events: "off" });
    const notEvaluated = report.findings.filter((f) => f.status === "not_evaluated");
    expect(notEvaluated.length).toBeGreaterThan(1);
    // Each check's AWS message differs; the cause is the same call and code.
    report.findings = report.findings.map((f, i) => (f.status === "not_evaluated" ? { ...f, reason: `${f.reason}: request ${i}` } : f));
    const out = text(report, 200);
    const causes = out.split("\n").filter((l) => l.startsWith("  • "));
    expect(causes).toHaveLength(1);
    expect(causes[0]).toContain(`GetFunctionConfiguration failed with AccessDeniedException — ${notEvaluated.length} check(s) on 1 resource(s)`);
  });

  it("keeps terminal control sequences out of every cell", () => {
    const report = estate(1);
    report.pools[0]!.name = "evil\u001b]8;;https://x\u0007name\u001b[2J";
    report.findings[0]!.message = "\u001b[31mred\u202e";
    const out = text(report);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(out).toContain("evilname");
  });

   
  const plain = (out: string) => out.replace(/\u001b\[[0-9;]*m/g, "");
  const long = (report: Report) => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
    report.findings[0]!.message = `${words.join(" ")} ${"x".repeat(200)}`;
    report.findings[0]!.resource.name = `client-with-a-rather-long-name-${"n".repeat(40)}`;
    return words;
  };

  it.each([80, 160])("fits %i columns: the message wraps under its row at spaces, whole words, nothing cut", (width) => {
    const report = estate(3);
    const words = long(report);
    for (const colorLevel of [0, 3] as const) {
      const out = plain([...renderTable(report, { colorLevel, width })].join(""));
      const lines = out.split("\n");
      expect(lines.filter((l) => l.length > width)).toEqual([]);
      expect(out).not.toContain("…");
      const tokens = new Set(lines.flatMap((l) => l.trim().split(/ +/)));
      for (const word of words) expect(tokens).toContain(word);
      // The one word longer than a line is the only thing cut, and only at the line's end.
      expect(out.replace(/\s+/g, "")).toContain("x".repeat(200));
      expect(out.replace(/\s+/g, "")).toContain(`client-with-a-rather-long-name-${"n".repeat(40)}`);
    }
    // More room, fewer lines.
    if (width === 160) expect(text(report, 160).split("\n").length).toBeLessThan(text(report, 80).split("\n").length);
  });

  it("wraps the not-evaluated causes, the collection errors and the activity reason at 80 columns instead of cutting them", async () => {
    const report = await scanReport(await loadSnapshot("fixtures/snapshots/demo.json"), { events: "off" });
    const out = plain([...renderTable(report, { colorLevel: 3, width: 80 })].join(""));
    expect(out.split("\n").filter((l) => l.length > 80)).toEqual([]);
    const section = (start: string) => out.slice(out.indexOf(start), out.indexOf("\n\n", out.indexOf(start)));
    for (const start of ["Not evaluated", "Collection errors", "Sign-in activity"]) {
      expect(out).toContain(start);
      expect(section(start)).not.toContain("…");
    }
    // Each cause is whole: its rule list ends the entry, continued lines are indented under the bullet.
    expect(section("Not evaluated")).toMatch(/\n {4}\S/);
  });

  it("names client and pool, says when a critical finding caps a grade, and shows the baseline state", () => {
    const report = estate(2);
    report.findings[0] = { ...report.findings[0]!, severity: "critical", baselineState: "new" };
    report.findings[1] = { ...report.findings[1]!, baselineState: "unchanged" };
    report.pools[0]!.score = { ...score([report.findings[0]]), value: 95, grade: "D" };
    report.score = { ...score(report.findings), value: 92, grade: "D" };
    report.baseline = { source: "old.json", generatedAt: "2026-11-01T00:00:00.000Z", new: 1, unchanged: 1, fixed: [] };
    const out = text(report, 160);
    expect(out).toContain("app client web-0 (c0) in pool pool-0 (eu-west-1_P0)");
    expect(out).toContain("Grade of pool pool-0 (eu-west-1_P0) capped at D by 1 critical finding (score 95.0 alone would be A)");
    expect(out).toContain("Overall grade capped at D by 1 critical finding");
    expect(out).not.toContain("Grade of pool pool-1");
    expect(out).toMatch(/^CRITICAL mfa-required \(new\) +app client web-0/m);
    expect(out).toMatch(/^HIGH +mfa-required \(unchanged\) +app client web-1/m);
  });

  it("lists sign-in activity findings first at their severity, and the gate's blocking failures most severe first with client and pool", () => {
    const report = estate(2);
    report.findings = [failure(0, "a-config"), { ...failure(1, "z-brute-force"), resource: { ...failure(1).resource, type: "AWS::Cognito::UserPool", arn: poolArn(1), name: "pool-1" } }, { ...failure(0, "c-crit"), severity: "critical" }];
    report.rules = ["a-config", "z-brute-force", "c-crit"].map((id) => ({ id, severity: "high", title: id, resourceType: "userPool", kind: id.startsWith("z") ? ("event" as const) : ("config" as const), rationale: "", remediation: "", anchors: [], helpUri: "" }));
    report.gate = { ...gate, passed: false, reasons: ["3 finding(s) at or above high: a-config on web-0, …", "score 10 is below the minimum 50"] };
    const out = text(report, 200);
    const rows = out.split("\n").filter((l) => /^(CRITICAL|HIGH) /.test(l)).map((l) => l.split(/ +/)[1]);
    expect(rows).toEqual(["c-crit", "z-brute-force", "a-config"]);
    expect(out.replace(/\n/g, " ")).toContain(
      "Gate failed: 3 finding(s) at or above high: c-crit on app client web-0 (c0) in pool pool-0 (eu-west-1_P0), z-brute-force on user pool pool-1 (eu-west-1_P1), a-config on app client web-0 (c0) in pool pool-0 (eu-west-1_P0); score 10 is below the minimum 50",
    );
  });

  it("counts passed checks per pool with --include-passed, and says what a focus left out", () => {
    const report = estate(2);
    const passed: Finding = { ...failure(1, "deletion-protection"), status: "pass", resource: { ...failure(1).resource, type: "AWS::Cognito::UserPool", arn: poolArn(1) } };
    expect(text({ ...report, findings: [...report.findings, passed] })).not.toContain("Passed (");
    const out = text({ ...report, includesPassed: true, findings: [...report.findings, passed] });
    expect(out).toContain("Passed (1)");
    expect(out).toContain("pool-1 (eu-west-1_P1): 1 passed check(s) of 1 rule(s)");
    const focused = [...renderTable(focusReport(report, { top: 1, groupBy: "pool" }), { colorLevel: 0, width: 100 })].join("");
    expect(focused).toContain("Findings (1 shown of 2)");
    expect(focused).toContain("Pool pool-0 (eu-west-1_P0): 1 finding(s)");
    expect(focused).toContain("1 less severe finding(s) not shown (--top 1)");
  });
});
