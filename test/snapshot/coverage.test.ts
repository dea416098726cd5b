import { describe, expect, it } from "vitest";
import { checkCoverage } from "../../src/commands/source.js";
import type { CommandIo } from "../../src/commands/io.js";
import { countFailedCalls, failedCallKinds, type Coverage, type FailedCalls } from "../../src/snapshot/coverage.js";
import type { CollectionError } from "../../src/snapshot/types.js";

const error = (operation: string, code: string): CollectionError => ({ operation, code, message: `${operation} failed` });
const times = (n: number, e: CollectionError) => Array.from({ length: n }, () => e);

describe("failed calls by kind", () => {
  it("counts each operation (code) kind and lists the most frequent first, with its count", () => {
    const failed: FailedCalls = { count: 0, kinds: {} };
    countFailedCalls(failed, [...times(2, error("GetUserPoolMfaConfig", "AccessDeniedException")), error("ListUsers", "TooManyRequestsException")]);
    countFailedCalls(failed, times(7, error("DescribeRiskConfiguration", "Unsupported")));
    countFailedCalls(failed, [error("GetUserPoolMfaConfig", "AccessDeniedException")]);
    expect(failed.count).toBe(11);
    expect(failedCallKinds(failed)).toBe("DescribeRiskConfiguration (Unsupported) ×7, GetUserPoolMfaConfig (AccessDeniedException) ×3, ListUsers (TooManyRequestsException) ×1");
  });

  it("names at most `limit` kinds and says how many more there are", () => {
    const failed: FailedCalls = { count: 0, kinds: {} };
    countFailedCalls(failed, [error("A", "X"), error("B", "X"), ...times(2, error("C", "X"))]);
    expect(failedCallKinds(failed, 2)).toBe("C (X) ×2, A (X) ×1, and 1 more kind(s)");
  });

  it("the stderr warning after a collection gives each kind its count", () => {
    const lines: string[] = [];
    const io: CommandIo = { stdout: { write: () => true }, stderr: { write: (s: string) => lines.push(s) }, env: {}, cwd: "/", now: () => new Date() };
    const coverage: Coverage = {
      accounts: 1,
      regions: [{ region: "eu-west-1", pools: 7, identityPools: 0, errors: [] }],
      unreachable: [],
      failedCalls: { count: 0, kinds: {} },
    };
    countFailedCalls(coverage.failedCalls, [...times(7, error("DescribeRiskConfiguration", "Unsupported")), error("ListGroups", "AccessDeniedException")]);
    checkCoverage(coverage, io, false);
    expect(lines).toEqual(["cognito-audit: 8 AWS call(s) failed and their checks are reported as not evaluated: DescribeRiskConfiguration (Unsupported) ×7, ListGroups (AccessDeniedException) ×1.\n"]);
    lines.length = 0;
    checkCoverage(coverage, io, true);
    expect(lines).toEqual([]);
  });
});
