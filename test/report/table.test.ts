import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/findings.js";
import { score } from "../../src/engine/scoring.js";
import { buildReport, type PoolReport, type Report } from "../../src/report/model.js";
import { renderTable } from "../../src/report/table.js";
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
});
