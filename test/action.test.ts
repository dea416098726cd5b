import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { processIo } from "../src/commands/io.js";
import { buildProgram } from "../src/cli/program.js";

const action = parse(readFileSync(new URL("../action.yml", import.meta.url), "utf8")) as {
  inputs: Record<string, unknown>;
  runs: { steps: { id?: string; uses?: string; run?: string; env?: Record<string, string>; if?: string }[] };
};
const scan = buildProgram(processIo(), () => undefined).commands.find((command) => command.name() === "scan")!;
const flags = new Set(scan.options.map((option) => option.long));
const notFlags = new Set(["args", "sarif-file", "upload-sarif"]);
const step = action.runs.steps.find((s) => s.id === "scan")!;

describe("action.yml", () => {
  it("maps every input to a real flag of scan, passed by the scan step", () => {
    for (const input of Object.keys(action.inputs).filter((name) => !notFlags.has(name))) {
      expect(flags.has(`--${input}`), input).toBe(true);
      const variable = `IN_${input.toUpperCase().replace(/-/g, "_")}`;
      expect(step.env?.[variable]).toBe(`\${{ inputs.${input} }}`);
      expect(step.run).toContain(`--${input} `);
      expect(step.run).toContain(`$${variable}`);
    }
  });
  it("writes SARIF and Markdown, appends the step summary and uploads SARIF", () => {
    expect(step.run).toContain('--report "sarif=$IN_SARIF"');
    expect(step.run).toContain("markdown=");
    expect(step.run).toContain("$GITHUB_STEP_SUMMARY");
    const upload = action.runs.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"));
    expect(upload?.if).toContain("always()");
  });
});
