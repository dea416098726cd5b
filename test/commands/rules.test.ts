import { describe, expect, it } from "vitest";
import type { CommandIo } from "../../src/commands/io.js";
import { listRules, RULES_TABLE_WIDTH } from "../../src/commands/rules.js";
import { RULES } from "../../rules/index.js";

async function run(format: "table" | "json"): Promise<string> {
  let out = "";
  const io: CommandIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, env: {}, cwd: "/", now: () => new Date(0) };
  expect(await listRules({ format }, io)).toBe(0);
  return out;
}

describe("cognito-audit rules", () => {
  it("fits 100 columns, every line of it", async () => {
    expect(RULES_TABLE_WIDTH).toBe(100);
    const lines = (await run("table")).trimEnd().split("\n");
    const long = lines.filter((line) => line.length > 100);
    expect(long, long.join("\n")).toEqual([]);
    // The table is as wide as allowed (box-drawing characters are one UTF-16 unit each).
    expect(lines[0]!.length).toBe(100);
  });

  it("shows every rule with its options and their defaults, and its anchors", async () => {
    const text = (await run("table")).replace(/[│┌┐└┘├┤┬┴┼─]/g, " ");
    const flat = text.replace(/\s+/g, " ");
    for (const rule of RULES) {
      expect(flat).toContain(rule.id);
      for (const [name, value] of Object.entries(rule.defaultOptions)) expect(flat, `${rule.id} ${name}`).toContain(`option ${name} = ${Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(", ")}]` : JSON.stringify(value)}`);
    }
    expect(flat).toContain("option threshold = 10");
    expect(flat).toContain("FSBP Cognito.6");
    expect(flat).toContain(`${RULES.length} rules.`);
  });

  it("keeps options, defaults and their schema in JSON", async () => {
    const rows = JSON.parse(await run("json")) as { id: string; options: Record<string, unknown>; optionDetails: { name: string; type: unknown; default: unknown; description: string }[]; anchors: string[] }[];
    expect(rows.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const bruteForce = rows.find((r) => r.id === "brute-force")!;
    expect(bruteForce.options).toMatchObject({ threshold: 10 });
    expect(bruteForce.optionDetails).toContainEqual(expect.objectContaining({ name: "threshold", type: "integer", default: 10, description: expect.any(String) }));
    for (const row of rows) expect(row.optionDetails.map((o) => o.name)).toEqual(Object.keys(row.options));
  });
});
