import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/findings.js";
import { score } from "../../src/engine/scoring.js";
import { buildReport, type PoolReport, type Report } from "../../src/report/model.js";
import { buildView, focusReport, gateReasons, resourceLabel } from "../../src/report/view.js";
import { snapshotOf } from "../helpers/factories.js";

const gate = { passed: true, incomplete: false, reasons: [], failOn: "high" as const, minScore: null, unlistedRegions: [], unreachableAccounts: [] };
const base = (): Report => buildReport(snapshotOf([]), [], [], gate, new Date("2026-12-01T00:00:00Z"));
const pool = (name: string, value: number | null, accountId = "1", region = "eu-west-1"): PoolReport => ({
  arn: `arn:aws:cognito-idp:${region}:${accountId}:userpool/${region}_${name}`,
  id: `${region}_${name}`,
  name,
  accountId,
  region,
  score: { ...score([]), value },
});
const unevaluated = (arn: string, ruleId: string, reason: string, cause?: Finding["cause"]): Finding => ({
  ruleId,
  severity: "high",
  status: "not_evaluated",
  resource: { arn, type: "AWS::Cognito::UserPool", name: "p", accountId: "1", region: "eu-west-1" },
  poolArn: arn,
  message: `Not evaluated: ${reason}.`,
  remediation: "",
  reason,
  ...(cause ? { cause } : {}),
});

describe("report view", () => {
  it("orders pools worst first, unscored last, then by account, region and name", () => {
    const report = { ...base(), pools: [pool("b", 50), pool("none", null), pool("a", 50), pool("z", 50, "0"), pool("worst", 10), pool("c", 50, "1", "ap-south-1")] };
    expect(buildView(report).pools.map((p) => p.pool.name)).toEqual(["worst", "z", "c", "a", "b", "none"]);
  });

  it("groups unevaluated checks by the failed call, not by the text of its message, and the rest by their reason", () => {
    const [a, b] = [pool("a", 50), pool("b", 60)];
    const denied = { operation: "DescribeRiskConfiguration", code: "AccessDeniedException" };
    const report = {
      ...base(),
      pools: [a, b],
      findings: [
        unevaluated(a.arn, "risk-1", "DescribeRiskConfiguration failed with AccessDeniedException: User: x is not authorized", denied),
        unevaluated(b.arn, "risk-1", "DescribeRiskConfiguration failed with AccessDeniedException: User: y is not authorized", denied),
        unevaluated(b.arn, "risk-2", "DescribeRiskConfiguration failed with AccessDeniedException: a: b: c", denied),
        // Same words, but no collection error behind it: its own group.
        unevaluated(a.arn, "events", "DescribeRiskConfiguration failed with AccessDeniedException"),
      ],
    };
    const causes = buildView(report).causes;
    expect(causes.map((c) => [c.label, c.cause, c.findings.length, c.resources, c.rules])).toEqual([
      ["DescribeRiskConfiguration failed with AccessDeniedException", denied, 3, 2, ["risk-1", "risk-2"]],
      ["DescribeRiskConfiguration failed with AccessDeniedException", null, 1, 1, ["events"]],
    ]);
  });

  it("labels resources with name and id, and with their pool's", () => {
    const p = pool("shop", 50);
    const view = buildView({ ...base(), pools: [p] });
    const client: Finding = { ...unevaluated(p.arn, "r", "x"), resource: { arn: `${p.arn}/client/abc123`, type: "AWS::Cognito::UserPoolClient", name: "web", accountId: "1", region: "eu-west-1" } };
    expect(resourceLabel(view, client)).toBe("app client web (abc123) in pool shop (eu-west-1_shop)");
    expect(resourceLabel(view, client, false)).toBe("app client web (abc123)");
    expect(view.poolLabel("arn:unknown")).toBe("arn:unknown");
  });
});

describe("focusReport", () => {
  const fail = (ruleId: string, severity: Finding["severity"], poolName: string, baselineState?: "new" | "unchanged"): Finding => ({
    ruleId,
    severity,
    status: "fail",
    resource: { arn: pool(poolName, 50).arn, type: "AWS::Cognito::UserPool", name: poolName, accountId: "1", region: "eu-west-1" },
    poolArn: pool(poolName, 50).arn,
    message: `${ruleId} on ${poolName}`,
    remediation: "",
    ...(baselineState ? { baselineState } : {}),
  });
  const rule = (id: string, kind: "config" | "event") => ({ id, severity: "high", title: id, resourceType: "userPool", kind, rationale: "", remediation: "", anchors: [], helpUri: "" });
  const report = (): Report => {
    const findings = [fail("a-config", "high", "p1", "new"), fail("z-attack", "high", "p2", "unchanged"), fail("b-crit", "critical", "p2", "new"), fail("c-low", "low", "p1", "new")];
    return { ...base(), pools: [pool("p1", 50), pool("p2", 40)], findings, score: score(findings), rules: [rule("a-config", "config"), rule("z-attack", "event")] };
  };
  const shown = (r: Report) => buildView(r).failures.map((f) => f.ruleId);

  it("orders most severe first and, at each severity, sign-in activity findings first", () => {
    expect(shown(focusReport(report()))).toEqual(["b-crit", "z-attack", "a-config", "c-low"]);
  });

  it("narrows what is shown and says what was left out, leaving scores, gate and the other findings alone", () => {
    const original = report();
    const focused = focusReport(original, { minSeverity: "high" });
    expect(shown(focused)).toEqual(["b-crit", "z-attack", "a-config"]);
    expect(focused.notes).toEqual([expect.stringMatching(/^1 lower-severity finding\(s\) not shown \(--min-severity high\)/)]);
    expect(focused.score).toEqual(original.score);
    expect(focused.gate).toEqual(original.gate);
    expect(focused.findings).toBe(original.findings);
    expect(shown(focusReport(report(), { onlyNew: true }))).toEqual(["b-crit", "a-config", "c-low"]);
    const top = focusReport(report(), { top: 2 });
    expect(shown(top)).toEqual(["b-crit", "z-attack"]);
    expect(top.notes[0]).toMatch(/^2 less severe finding\(s\) not shown \(--top 2\)/);
    expect(focusReport(report(), { top: 10 }).notes).toEqual([]);
  });

  it("groups by pool, rule or account, groups in order of their most severe failure", () => {
    expect(shown(focusReport(report(), { groupBy: "pool" }))).toEqual(["b-crit", "z-attack", "a-config", "c-low"]);
    const byPool = buildView(focusReport(report(), { groupBy: "pool" }));
    expect(byPool.failures.map((f) => f.poolArn)).toEqual([pool("p2", 0).arn, pool("p2", 0).arn, pool("p1", 0).arn, pool("p1", 0).arn]);
    expect(byPool.pools.find((p) => p.pool.name === "p1")!.failures.map((f) => f.ruleId)).toEqual(["a-config", "c-low"]);
    expect(focusReport(report(), { groupBy: "rule" }).focus?.groupBy).toBe("rule");
  });
});

describe("gate reasons", () => {
  it("name each blocking failure with its client and pool, most severe first, in the table, Markdown and HTML alike", async () => {
    const { loadSnapshot } = await import("../../src/snapshot/io.js");
    const { scanReport } = await import("../helpers/scan.js");
    const { renderMarkdown } = await import("../../src/report/markdown.js");
    const { renderHtml } = await import("../../src/report/html.js");
    const report = await scanReport(await loadSnapshot("fixtures/snapshots/demo.json"), { events: "off" });
    // One critical failure among the highs: it must lead the list.
    const high = report.findings.filter((f) => f.status === "fail" && f.severity === "high");
    const last = high[high.length - 1]!;
    last.severity = "critical";
    const [reason] = gateReasons(buildView(report));
    expect(reason).toMatch(new RegExp(`^${high.length} finding\\(s\\) at or above high: ${last.ruleId} on `));
    expect(reason).toContain("app client incidents-web (2incidentsweb0000000000002) in pool incident-reporting-staff (us-east-1_Inc1dent5)");
    expect(renderMarkdown(report)).toContain("in pool incident\\-reporting\\-staff");
    expect(renderHtml(report)).toContain("app client incidents-web (2incidentsweb0000000000002) in pool incident-reporting-staff (us-east-1_Inc1dent5)");
  });
});
