import { describe, expect, it } from "vitest";
import { renderJson, renderJsonChunks } from "../../src/report/json.js";
import type { Report } from "../../src/report/model.js";

const report = (findings: unknown[]) =>
  ({ format: "cognito-audit/report", version: 1, tool: { name: "cognito-audit" }, findings, errors: [], notes: ['"findings": [] in a note'] }) as unknown as Report;

describe("JSON report rendering", () => {
  it("is one valid JSON document equal to the report, keys in order, one finding per line", () => {
    const findings = [{ ruleId: "a", message: "line\nbreak" }, { ruleId: "b" }];
    const text = renderJson(report(findings));
    expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(report(findings)));
    expect(text.split("\n").filter((l) => l.startsWith('    {"ruleId"'))).toHaveLength(2);
    expect(JSON.parse(renderJson(report([])))).toEqual(report([]));
  });

  it("comes in bounded chunks for large reports", () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ ruleId: `rule-${i}`, message: "x".repeat(100) }));
    const chunks = [...renderJsonChunks(report(many))];
    expect(chunks.length).toBeGreaterThan(2);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(2 << 20);
    expect(JSON.parse(chunks.join("")).findings).toHaveLength(20_000);
  });

  it("keeps every finding on its own line across batches, whatever its strings hold", () => {
    // Text that looks like the gap between two findings of a batch, in AWS strings and as array items.
    const hostile = [',"\u0000",', "\u0000", '"},{"ruleId":"x"}', "\n    "];
    const many = Array.from({ length: 5_000 }, (_, i) => ({ ruleId: `rule-${i}`, message: hostile[i % hostile.length], evidence: { items: hostile } }));
    const text = renderJson(report(many));
    expect(JSON.parse(text)).toEqual(report(many));
    const lines = text.split("\n").filter((l) => l.startsWith('    {"ruleId"'));
    expect(lines).toHaveLength(5_000);
    expect(lines.map((l) => JSON.parse(l.replace(/,$/, "")) as unknown)).toEqual(many);
  });
});
