import { describe, expect, it } from "vitest";
import rule, { RUNTIME_DEPRECATION_DATES } from "../../rules/trigger-deprecated-runtime.js";
import { functionArn, lambdaFunction, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const gate = functionArn("gate");
type Configuration = Parameters<typeof lambdaFunction>[1];
const running = (configuration: Configuration) =>
  poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: gate } }), lambdaFunctions: { [gate]: lambdaFunction(gate, configuration) } });

// The tester scans on 2026-11-26.
testRule(rule, {
  valid: [
    { name: "nodejs22.x is supported until 2027", entry: running({ Runtime: "nodejs22.x" }), resource: gate },
    { name: "python3.13", entry: running({ Runtime: "python3.13" }), resource: gate },
    { name: "java17 was extended to mid-2027", entry: running({ Runtime: "java17" }), resource: gate },
    { name: "provided.al2023", entry: running({ Runtime: "provided.al2023" }), resource: gate },
    { name: "a container image has no managed runtime", entry: running({ Runtime: undefined, PackageType: "Image" }), resource: gate },
    {
      name: "a runtime the table does not know",
      entry: running({ Runtime: "nodejs26.x" as never }),
      resource: gate,
      evidence: expect.objectContaining({ note: expect.stringMatching(/not in this rule's runtime table/) as unknown }) as Record<string, unknown>,
    },
    { name: "nodejs20.x the day before its deprecation date (UTC)", entry: running({ Runtime: "nodejs20.x" }), resource: gate, context: { now: new Date("2026-04-29T23:59:59Z") } },
  ],
  invalid: [
    { name: "nodejs20.x from its deprecation date (UTC)", entry: running({ Runtime: "nodejs20.x" }), resource: gate, context: { now: new Date("2026-04-30T00:00:00Z") }, messageId: "deprecated" },
    {
      name: "nodejs18.x",
      entry: running({ Runtime: "nodejs18.x" }),
      resource: gate,
      messageId: "deprecated",
      severity: "medium",
      evidence: { runtime: "nodejs18.x", deprecatedOn: "2025-09-01", scanDate: "2026-11-26", triggers: ["PreSignUp"] },
    },
    { name: "nodejs16.x", entry: running({ Runtime: "nodejs16.x" }), resource: gate, messageId: "deprecated", evidence: { deprecatedOn: "2024-06-12" } },
    { name: "nodejs20.x since April 2026", entry: running({ Runtime: "nodejs20.x" }), resource: gate, messageId: "deprecated" },
    { name: "python3.8", entry: running({ Runtime: "python3.8" }), resource: gate, messageId: "deprecated" },
    { name: "python3.9", entry: running({ Runtime: "python3.9" }), resource: gate, messageId: "deprecated" },
    { name: "python3.10 since October 2026", entry: running({ Runtime: "python3.10" }), resource: gate, messageId: "deprecated" },
    { name: "java8 on Amazon Linux 1", entry: running({ Runtime: "java8" }), resource: gate, messageId: "deprecated" },
    { name: "go1.x", entry: running({ Runtime: "go1.x" }), resource: gate, messageId: "deprecated" },
    { name: "provided (Amazon Linux 1)", entry: running({ Runtime: "provided" }), resource: gate, messageId: "deprecated" },
    { name: "provided.al2 since July 2026", entry: running({ Runtime: "provided.al2" }), resource: gate, messageId: "deprecated" },
    { name: "dotnet6", entry: running({ Runtime: "dotnet6" }), resource: gate, messageId: "deprecated" },
    { name: "dotnet8 since November 2026", entry: running({ Runtime: "dotnet8" }), resource: gate, messageId: "deprecated" },
    { name: "ruby3.2", entry: running({ Runtime: "ruby3.2" }), resource: gate, messageId: "deprecated" },
    { name: "upper-case runtime id", entry: running({ Runtime: "NODEJS16.X" as never }), resource: gate, messageId: "deprecated" },
  ],
  notApplicable: [
    {
      name: "the function does not exist (trigger-missing-function reports it)",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: gate } }), lambdaFunctions: { [gate]: { configuration: null } } }),
    },
  ],
  notEvaluated: [
    {
      name: "Lambda functions were not collected",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: gate } }), lambdaFunctions: undefined }),
      resource: gate,
      reason: /lambdaFunctions was not collected/,
    },
    {
      name: "GetFunctionConfiguration was denied",
      entry: poolEntry({
        userPool: userPool({ LambdaConfig: { PreSignUp: gate } }),
        lambdaFunctions: {},
        errors: [{ operation: "GetFunctionConfiguration", code: "AccessDeniedException", message: "", resource: gate }],
      }),
      resource: gate,
      reason: /AccessDeniedException/,
    },
  ],
});

describe("trigger-deprecated-runtime table", () => {
  it("keeps a well-formed table", () => {
    for (const [runtime, date] of Object.entries(RUNTIME_DEPRECATION_DATES)) {
      expect(runtime, "runtime ids are lower case").toBe(runtime.toLowerCase());
      expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10), `${runtime}: ${date}`).toBe(date);
    }
  });
});
