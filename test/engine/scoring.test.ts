import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding, FindingStatus } from "../../src/engine/findings.js";
import { accountScore, gradeOf, score, sumTallies, type PassedChecks } from "../../src/engine/scoring.js";
import { SEVERITIES, type Severity } from "../../src/engine/severity.js";

const finding = (status: FindingStatus, severity: Severity, i = 0): Finding => ({
  ruleId: `rule-${i}`,
  severity,
  status,
  resource: { arn: `arn:${i}`, type: "AWS::Cognito::UserPool", name: `p${i}`, accountId: "1", region: "r" },
  poolArn: `arn:${i}`,
  message: "",
  remediation: "",
});

describe("score", () => {
  it("weights passes and failures by severity", () => {
    // passed: high 5 + low 1 = 6; evaluated: 6 + medium 3 + critical 10 = 19
    const s = score([finding("pass", "high"), finding("pass", "low"), finding("fail", "medium"), finding("fail", "critical")]);
    expect(s.value).toBe(31.6);
    expect(s.grade).toBe("F");
    expect(s.counts).toEqual({ fail: 2, pass: 2, not_evaluated: 0, suppressed: 0 });
  });

  it("leaves not_evaluated and suppressed results out of the score and reports them as coverage", () => {
    const s = score([finding("pass", "high"), finding("fail", "low"), finding("not_evaluated", "critical"), finding("suppressed", "critical")]);
    expect(s.value).toBe(83.3);
    expect(s.coverage).toBe(0.5);
  });

  it("has no score when nothing was evaluated", () => {
    expect(score([finding("not_evaluated", "high")])).toMatchObject({ value: null, grade: null, coverage: 0 });
    expect(score([])).toMatchObject({ value: null, grade: null, coverage: null });
  });

  it("counts info results as evaluated with weight 0", () => {
    expect(score([finding("fail", "info")])).toMatchObject({ value: 100, grade: "A" });
  });

  it("grades by bands and caps at D on an unsuppressed critical failure", () => {
    expect([95, 90, 89.9, 80, 70, 60, 59.9].map((v) => gradeOf(v, false))).toEqual(["A", "A", "B", "B", "C", "D", "F"]);
    expect(gradeOf(99, true)).toBe("D");
    expect(gradeOf(50, true)).toBe("F");
    const many = Array.from({ length: 40 }, (_, i) => finding("pass", "critical", i));
    expect(score([...many, finding("fail", "critical", 99)]).grade).toBe("D");
    expect(score([...many, finding("suppressed", "critical", 99)]).grade).toBe("A");
  });

  it("never lowers the score when a failure is fixed (property)", () => {
    const severity = fc.constantFrom(...SEVERITIES);
    const status = fc.constantFrom<FindingStatus>("pass", "fail", "not_evaluated", "suppressed");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(status, severity), { maxLength: 30 }),
        fc.tuple(severity, severity),
        ([...rest], [failedAt, defaultSeverity]) => {
          const before = score([...rest.map(([st, sv], i) => finding(st, sv, i)), finding("fail", failedAt, 999)]);
          // Fixed: the result passes and weighs its rule's default severity.
          const after = score([...rest.map(([st, sv], i) => finding(st, sv, i)), finding("pass", defaultSeverity, 999)]);
          expect(after.value).not.toBeNull();
          expect(after.value!).toBeGreaterThanOrEqual(before.value!);
        },
      ),
    );
  });
});

describe("scores over several tallies", () => {
  it("sumTallies adds counts and weights, skipping absent tallies", () => {
    expect(sumTallies([{ count: 2, weight: 6 }, undefined, { count: 1, weight: 10 }])).toEqual({ count: 3, weight: 16 });
    expect(sumTallies([])).toEqual({ count: 0, weight: 0 });
  });

  it("accountScore counts the passes of its pools and of its regions, as if they were listed", () => {
    const fail = finding("fail", "high", 1);
    const counted: PassedChecks = {
      total: { count: 5, weight: 20 },
      byPool: new Map([
        ["arn:1", { count: 2, weight: 10 }],
        ["arn:other-account", { count: 2, weight: 5 }],
      ]),
      regionalByAccount: new Map([
        ["1", { count: 1, weight: 5 }],
        ["2", { count: 9, weight: 9 }],
      ]),
    };
    const listed = score([fail, finding("pass", "high", 2), finding("pass", "high", 3), finding("pass", "high", 4)]);
    expect(accountScore([fail], ["arn:1"], "1", counted)).toEqual(listed);
    // Without counted passes (--include-passed), the findings are the whole story.
    expect(accountScore([fail], ["arn:1"], "1")).toEqual(score([fail]));
  });
});
