// What every property test shares: seed files, an in-process CLI, and the invariants every run
// must keep whatever the input ("a scan that cannot see never passes").
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { run } from "../../src/cli/main.js";
import type { CommandIo } from "../../src/commands/io.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import type { Report } from "../../src/report/model.js";
import { checkIfReport } from "../helpers/reportSchema.js";

export const NOW = new Date("2026-11-26T12:00:00Z");

/** fast-check's settings: a fixed seed by default (FC_SEED=n reproduces or varies a run); fast-check prints seed and path on failure. */
export const fcOptions = (numRuns: number) => ({ numRuns, seed: Number(process.env.FC_SEED ?? 20261202), endOnFailure: false });

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in-process, as test/cli/cli.test.ts runs it: no terminal, no colour, a fixed clock. */
export async function cliInProcess(args: string[], cwd: string): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false, columns: 120 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: {},
    cwd,
    now: () => NOW,
  };
  const code = await run(["node", "cognito-audit", ...args], io);
  return { code, stdout, stderr };
}

export const SEED_FILES = [
  "fixtures/snapshots/demo.json",
  ...["b2c-shop", "cross-account-triggers", "hardened", "identity-pool-guest", "mobile-legacy", "region-no-trail", "saas-multitenant", "staff-saml"].map(
    (name) => `fixtures/scenarios/${name}.json`,
  ),
];

export const seedText = (file: string) => readFileSync(join(PACKAGE_ROOT, file), "utf8");

/** Text formats that reach a terminal or a page, and whose bytes must be free of control characters. */
export const TEXT_FORMATS = ["table", "markdown", "html", "junit"] as const;
export const FORMATS = ["json", "json", "json", "sarif", ...TEXT_FORMATS] as const;
export type Format = (typeof FORMATS)[number];

/** ESC, C0 other than tab/newline, DEL, C1, and the bidirectional overrides (Trojan Source). */
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const STACK = [/\n\s+at /, /\bTypeError\b/, /\bRangeError\b/, /\bSyntaxError\b/, /\bReferenceError\b/, /unexpected error/i];

/**
 * The invariants of any run: a known exit code; no stack trace; an input error is one paragraph on
 * stderr and nothing on stdout; otherwise stdout is the report in the asked format; stderr and the
 * terminal/page formats carry no control characters; exit 0 only when the scan saw everything.
 * Returns the parsed JSON report when there is one.
 */
export function expectWellBehaved(result: Captured, format: Format): Report | undefined {
  const context = `exit ${result.code}\n--- stderr ---\n${result.stderr.slice(0, 2000)}\n--- stdout ---\n${result.stdout.slice(0, 500)}`;
  expect([0, 1, 2, 3], context).toContain(result.code);
  for (const pattern of STACK) expect(result.stderr, context).not.toMatch(pattern);
  expect(result.stderr, `control character on stderr: ${JSON.stringify(result.stderr.slice(0, 300))}`).not.toMatch(CONTROL);
  if (result.code === 2) {
    expect(result.stdout, context).toBe("");
    expect(result.stderr.trim(), context).not.toBe("");
    return undefined;
  }
  if ((TEXT_FORMATS as readonly string[]).includes(format)) {
    const at = result.stdout.search(CONTROL);
    expect(at, `control character in ${format} output near ${JSON.stringify(result.stdout.slice(Math.max(0, at - 40), at + 40))}`).toBe(-1);
    return undefined;
  }
  if (format === "sarif") {
    expect(() => JSON.parse(result.stdout), context).not.toThrow();
    return undefined;
  }
  expect(checkIfReport(result.stdout), context).toBe(true);
  const report = JSON.parse(result.stdout) as Report;
  if (result.code === 0) {
    // A scan that could not see something never passes outright.
    expect(report.gate.incomplete, context).toBe(false);
    expect(report.errors, context).toEqual([]);
    expect(report.findings.filter((f) => f.status === "not_evaluated"), context).toEqual([]);
  }
  return report;
}
