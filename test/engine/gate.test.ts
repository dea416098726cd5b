import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/findings.js";
import { evaluateGate, exitCodeOf } from "../../src/engine/gate.js";
import { score } from "../../src/engine/scoring.js";
import { renderReport } from "../../src/report/formats.js";
import { buildReport } from "../../src/report/model.js";
import { poolEntry, snapshotOf } from "../helpers/factories.js";

const passed: Finding = {
  ruleId: "mfa-required",
  severity: "high",
  status: "pass",
  resource: { arn: "arn:p", type: "AWS::Cognito::UserPool", name: "p", accountId: "1", region: "eu-west-1" },
  poolArn: "arn:p",
  message: "",
  remediation: "",
};
const unevaluated: Finding = { ...passed, status: "not_evaluated" };

describe("the gate", () => {
  it("fails --min-score when no check was evaluated, saying so", () => {
    const gate = evaluateGate([unevaluated], score([unevaluated]), 0, { failOn: "high", minScore: 80 });
    expect(gate.passed).toBe(false);
    expect(gate.reasons).toEqual(["no check was evaluated, so there is no score to compare with the minimum 80"]);
    expect(exitCodeOf(gate, true)).toBe(1);
    expect(evaluateGate([unevaluated], score([unevaluated]), 0, { failOn: "high" }).passed).toBe(true);
  });

  it("keeps a run with unlisted regions at exit 3 even with --allow-incomplete; a failed gate still exits 1", () => {
    const gate = evaluateGate([passed], score([passed]), 0, { failOn: "high" }, ["us-east-1"]);
    expect(gate).toMatchObject({ passed: true, incomplete: true, unlistedRegions: ["us-east-1"] });
    expect(exitCodeOf(gate, false)).toBe(3);
    expect(exitCodeOf(gate, true)).toBe(3);
    const failed = evaluateGate([passed], score([passed]), 0, { failOn: "high", minScore: 101 }, ["us-east-1"]);
    expect(exitCodeOf(failed, true)).toBe(1);
    const complete = evaluateGate([passed], score([passed]), 0, { failOn: "high" });
    expect(exitCodeOf(complete, false)).toBe(0);
  });

  it("keeps a run with an unreachable account at exit 3 even with --allow-incomplete, naming it; a failed gate still exits 1", () => {
    const account = { accountId: "333333333333", name: "sandbox", operation: "AssumeRole", code: "AccessDenied", message: "not authorized" };
    const gate = evaluateGate([passed], score([passed]), 0, { failOn: "high" }, [], [account]);
    expect(gate).toMatchObject({ passed: true, incomplete: true, unlistedRegions: [], unreachableAccounts: [account] });
    expect(exitCodeOf(gate, true)).toBe(3);
    expect(exitCodeOf(gate, false)).toBe(3);
    expect(exitCodeOf(evaluateGate([passed], score([passed]), 0, { failOn: "high", minScore: 101 }, [], [account]), true)).toBe(1);
    // The gate keeps its own copy: changing the input afterwards changes nothing.
    account.code = "changed";
    expect(gate.unreachableAccounts[0]!.code).toBe("AccessDenied");
    expect(evaluateGate([passed], score([passed]), 0, { failOn: "high" }).unreachableAccounts).toEqual([]);
  });

  it("names the unlisted regions in the table, Markdown and HTML reports", () => {
    const gate = evaluateGate([passed], score([passed]), 0, { failOn: "high" }, ["us-east-1"]);
    const report = buildReport(snapshotOf([poolEntry()]), [], [passed], gate, new Date("2026-11-26T12:00:00Z"));
    for (const format of ["table", "markdown", "html"] as const) {
      // Markdown escapes its punctuation; what a reader sees is the same sentence.
      const text = [...renderReport(report, format, { colorLevel: 0, width: 120 })].join("").replace(/\\(?=[-.()!:])/g, "");
      expect(text, format).toContain("Not audited: the user pools of us-east-1 could not be listed (exit 3 even with --allow-incomplete).");
    }
  });
});
