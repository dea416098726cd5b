import { createReadStream } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { checkEventOptions, eventInput } from "./events.js";
import { loadBaseline } from "../engine/baseline.js";
import { loadConfig } from "../engine/config.js";
import { exitCodeOf, type FailOn } from "../engine/gate.js";
import { scanSnapshot, type ScanInput } from "../pipeline.js";
import { InputError } from "../errors.js";
import { assertWritable, stageFile, type StagedFile } from "../files.js";
import { describeArtifact, describeText, type SourceArtifacts } from "../report/artifact.js";
import { FORMATS, renderReport, type Format, type RenderContext } from "../report/formats.js";
import { RULES } from "../../rules/index.js";
import { didYouMean, matchName } from "../suggest.js";
import { tell, type CommandIo } from "./io.js";
import { iacSource, obtainIac, obtainSnapshot, type SourceOptions } from "./source.js";
import type { IacInput } from "../iac/template.js";
import type { Severity } from "../engine/severity.js";
import type { GroupBy } from "../report/model.js";
import type { FocusOptions } from "../report/view.js";

export interface ScanOptions extends SourceOptions {
  format?: Format;
  output?: string;
  /** Extra outputs of the same run: "FORMAT=FILE". */
  report?: string[];
  failOn: FailOn;
  minScore?: number;
  allowIncomplete: boolean;
  /** --config FILE; without it .cognito-audit.yml/.yaml/.json in the working directory. */
  config?: string;
  /** A JSON report of an earlier run: only new failures count in the gate. */
  baseline?: string;
  /** The file SARIF results point into (default: the snapshot when scanning one). */
  sarifArtifact?: string;
  /** List passed checks in the report too. */
  includePassed?: boolean;
  /** What the table, Markdown and HTML show of the failures (JSON, SARIF, JUnit: everything). */
  minSeverity?: Severity;
  onlyNew?: boolean;
  top?: number;
  groupBy?: GroupBy;
  /** false with --no-color. */
  color: boolean;
  quiet: boolean;
}

/** chalk's level for the table: off for files, --no-color and NO_COLOR; FORCE_COLOR wins over a non-TTY. */
function colorLevel(options: ScanOptions, io: CommandIo): 0 | 1 | 2 | 3 {
  if (!options.color || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "")) return 0;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force === "0" || force === "false" ? 0 : (Math.min(3, Math.max(1, Number(force) || 1)) as 1 | 2 | 3);
  return io.stdout.isTTY ? 1 : 0;
}

interface Output {
  format: Format;
  /** undefined: stdout. */
  file?: string;
  /** How the user chose it, for messages: "--output out.json", "--report sarif=out.sarif". */
  option: string;
}

/** One --report FORMAT=FILE; the format in any case. */
function reportOutput(spec: string): Output {
  const match = /^([^=]*)=(.+)$/.exec(spec);
  const format = match ? matchName(match[1]!, FORMATS) : undefined;
  if (!match || !format) {
    throw new InputError(
      `--report ${JSON.stringify(spec)}: expected FORMAT=FILE with FORMAT one of ${FORMATS.join(", ")}${match ? didYouMean(match[1]!, FORMATS) : ""}, for example --report sarif=results.sarif.`,
    );
  }
  return { format, file: match[2], option: `--report ${spec}` };
}

/**
 * The outputs of a run: the main one (stdout or --output) and every --report FORMAT=FILE, each
 * file checked writable (and named once) before any work is done.
 */
function outputs(options: ScanOptions, io: CommandIo): Output[] {
  const main: Output = { format: options.format ?? (io.stdout.isTTY && !options.output ? "table" : "json"), file: options.output, option: `--output ${options.output ?? "(stdout)"}` };
  const all = [main, ...(options.report ?? []).map(reportOutput)];
  const seen = new Map<string, Output>();
  for (const output of all) {
    if (output.file === undefined) continue;
    assertWritable(output.file, output.option);
    const key = resolve(output.file);
    const earlier = seen.get(key);
    if (earlier) throw new InputError(`${output.option}: the same file as ${earlier.option}; give each output its own file.`);
    seen.set(key, output);
  }
  return all;
}

/**
 * Writes every output: files go to temporary files first and are put in place only once all of
 * them (and stdout) are written, so a run that fails while rendering leaves no report behind.
 */
function writeAll(targets: readonly Output[], render: (target: Output) => Iterable<string>, io: CommandIo, quiet: boolean): void {
  const staged: { target: Output; file: StagedFile }[] = [];
  try {
    for (const target of targets) if (target.file !== undefined) staged.push({ target, file: stageFile(target.file, render(target)) });
    for (const target of targets) if (target.file === undefined) for (const chunk of render(target)) io.stdout.write(chunk);
  } catch (error) {
    for (const s of staged) s.file.discard();
    throw error;
  }
  for (const { target, file } of staged) {
    file.commit();
    if (!quiet) tell(io, `${target.format} report written to ${target.file}`);
  }
}

/** The SARIF artifact: --sarif-artifact, else the snapshot that was scanned; its URI relative to the working directory. */
async function sarifArtifact(options: ScanOptions, io: CommandIo): Promise<RenderContext["artifact"]> {
  const file = options.sarifArtifact ?? options.snapshot;
  if (!file) return undefined;
  // A URI reference relative to the working directory (the repository root in CI).
  const uri = encodeURI(relative(io.cwd, resolve(io.cwd, file)).split(sep).join("/"));
  try {
    // Read in pieces: its hash and lines need no whole text, whatever its size.
    return await describeArtifact(uri, createReadStream(file, { highWaterMark: 1 << 20 }));
  } catch (error) {
    throw new InputError(`${options.sarifArtifact ? "--sarif-artifact" : "--snapshot"} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

/**
 * Obtains the snapshot (collected or read) and runs the pipeline over it. A function of its own so
 * that the snapshot is garbage once the report exists: rendering a large estate's report then does
 * not hold the whole estate as well.
 */
async function scanObtained(options: ScanOptions, io: CommandIo, settings: Pick<ScanInput, "config" | "configSource" | "baseline" | "listPasses">, iac?: IacInput) {
  const snapshot = iac?.snapshot ?? (await obtainSnapshot(options, io));
  const now = io.now();
  return scanSnapshot({
    snapshot,
    events: iac ? IAC_EVENTS : eventInput(options, snapshot, now, io.env),
    rules: RULES,
    ...settings,
    now,
    gate: { failOn: options.failOn, minScore: options.minScore },
    includePassed: options.includePassed ?? false,
  });
}

/** Infrastructure code has no sign-in activity: the behaviour rules are not evaluated, and say why. */
const IAC_EVENTS = {
  kind: "off",
  reason: "infrastructure code has no CloudTrail events: sign-in activity is judged on a deployed pool (scan it live)",
} as const;

/** The files of a template or plan scan as SARIF artifacts, with each resource's file and lines. */
function sourceArtifacts(iac: IacInput, io: CommandIo): SourceArtifacts {
  const uri = (file: string) => encodeURI(relative(io.cwd, resolve(io.cwd, file)).split(sep).join("/"));
  const files = iac.files.map((f) => describeText(uri(f.file), f.text));
  const index = new Map(iac.files.map((f, i) => [resolve(io.cwd, f.file), i]));
  const locations: SourceArtifacts["locations"] = new Map();
  for (const [key, spot] of iac.spots) {
    const i = index.get(resolve(io.cwd, spot.file));
    if (i !== undefined) locations.set(key, { index: i, line: spot.line, properties: spot.properties });
  }
  return { files, locations };
}

export async function scan(options: ScanOptions, io: CommandIo): Promise<number> {
  if (options.minScore !== undefined && !(options.minScore >= 0 && options.minScore <= 100)) {
    throw new InputError(`--min-score: expected a number from 0 to 100, got ${options.minScore}.`);
  }
  if (options.onlyNew && !options.baseline) throw new InputError("--only-new needs --baseline FILE: without a baseline no failure is new or unchanged.");
  const focus: FocusOptions = { minSeverity: options.minSeverity, onlyNew: options.onlyNew, top: options.top, groupBy: options.groupBy };
  // Everything the user gave is checked before any AWS call: a typo fails fast.
  const targets = outputs(options, io);
  const source = iacSource(options);
  if (!source) checkEventOptions(options, io.now());
  // Infrastructure code is read first: its files are the SARIF artifacts.
  const iac = source ? await obtainIac(options, source) : undefined;
  const sarif = targets.some((t) => t.format === "sarif");
  const sources = iac && sarif && !options.sarifArtifact ? sourceArtifacts(iac, io) : undefined;
  const artifact = sarif && !sources ? await sarifArtifact(options, io) : undefined;
  const { config, source: configSource } = await loadConfig(options.config, io.cwd, RULES);
  const baseline = options.baseline ? await loadBaseline(options.baseline) : undefined;

  // JUnit lists every passed check as a test case: only then are the passes kept, as (rule, resource) pairs.
  const listPasses = targets.some((t) => t.format === "junit");
  const { report, gate, passCases } = await scanObtained(options, io, { config, configSource: configSource ?? null, listPasses, ...(baseline ? { baseline } : {}) }, iac);

  const render = (target: Output) =>
    renderReport(report, target.format, { colorLevel: target.file ? 0 : colorLevel(options, io), width: io.stdout.columns, artifact, sources, focus, ...(passCases ? { passCases } : {}) });
  writeAll(targets, render, io, options.quiet);
  return exitCodeOf(gate, options.allowIncomplete);
}
