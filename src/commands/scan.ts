import { closeSync, openSync, writeSync } from "node:fs";
import { loadConfig, resolveRules } from "../engine/config.js";
import { evaluateGate, exitCodeOf, type FailOn } from "../engine/gate.js";
import { applySuppressions } from "../engine/suppressions.js";
import { runRules } from "../engine/runner.js";
import { score } from "../engine/scoring.js";
import { InputError } from "../errors.js";
import { renderJsonChunks } from "../report/json.js";
import { buildReport, type Report } from "../report/model.js";
import { renderTable } from "../report/table.js";
import { RULES } from "../../rules/index.js";
import type { CommandIo } from "./io.js";
import { obtainSnapshot, type SourceOptions } from "./source.js";

export const FORMATS = ["table", "json"] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanOptions extends SourceOptions {
  format?: Format;
  output?: string;
  failOn: FailOn;
  minScore?: number;
  allowIncomplete: boolean;
  /** --config FILE; without it .cognito-audit.yml/.yaml/.json in the working directory. */
  config?: string;
  /** List passed checks in the report too. */
  includePassed?: boolean;
  /** false with --no-color. */
  color: boolean;
  quiet: boolean;
}

/** chalk's level for the table: off for files, --no-color and NO_COLOR; FORCE_COLOR wins over a non-TTY. */
function colorLevel(options: ScanOptions, io: CommandIo): 0 | 1 | 2 | 3 {
  if (!options.color || options.output || io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return 0;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force === "0" || force === "false" ? 0 : (Math.min(3, Math.max(1, Number(force) || 1)) as 1 | 2 | 3);
  return io.stdout.isTTY ? 1 : 0;
}

/** The report in `format`, as chunks of text (a large JSON report is never one string). */
export function render(report: Report, format: Format, options: ScanOptions, io: CommandIo): Iterable<string> {
  switch (format) {
    case "json":
      return renderJsonChunks(report);
    case "table":
      return [renderTable(report, { colorLevel: colorLevel(options, io), width: io.stdout.columns })];
  }
}

export async function scan(options: ScanOptions, io: CommandIo): Promise<number> {
  if (options.minScore !== undefined && !(options.minScore >= 0 && options.minScore <= 100)) {
    throw new InputError(`--min-score: expected a number from 0 to 100, got ${options.minScore}.`);
  }
  // The configuration is checked before any AWS call: a typo fails fast.
  const { config, source: configSource } = await loadConfig(options.config, io.cwd, RULES);
  const { rules, settings } = resolveRules(config, RULES);
  const snapshot = await obtainSnapshot(options, io);
  const now = io.now();
  const evaluated = runRules(snapshot, rules, {
    context: { now, authorizationAttributes: config.authorizationAttributes ?? [] },
    settings,
    passEvidence: options.includePassed ?? false,
  });
  const { findings, notes } = applySuppressions(evaluated, config.suppressions ?? [], now);
  const collectionErrors = snapshot.accounts.reduce(
    (n, a) => n + a.regions.reduce((m, r) => m + r.errors.length + r.userPools.reduce((k, p) => k + p.errors.length, 0), 0),
    0,
  );
  const gate = evaluateGate(findings, score(findings), collectionErrors, { failOn: options.failOn, minScore: options.minScore });
  const report = buildReport(snapshot, rules, findings, gate, now, {
    notes,
    config: { source: configSource ?? null, preset: config.preset ?? "default" },
    includePassed: options.includePassed ?? false,
  });
  const format = options.format ?? (io.stdout.isTTY && !options.output ? "table" : "json");
  const chunks = render(report, format, options, io);
  if (options.output) {
    const fd = openSync(options.output, "w");
    try {
      for (const chunk of chunks) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    if (!options.quiet) io.stderr.write(`cognito-audit: ${format} report written to ${options.output}\n`);
  } else {
    for (const chunk of chunks) io.stdout.write(chunk);
  }
  return exitCodeOf(gate, options.allowIncomplete);
}
