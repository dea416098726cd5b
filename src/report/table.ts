// The terminal report: per-pool scores, then the failures, most severe first.
import { asText } from "../util/text.js";
import { Chalk, type ChalkInstance } from "chalk";
import type { Finding } from "../engine/findings.js";
import type { Severity } from "../engine/severity.js";
import { unlistedText, unreachableText, type Report } from "./model.js";
import { terminalSafe } from "../util/terminal.js";
import { buildView, percent, resourceLabel, scoreText, type AccountView, type PoolView, type ReportView } from "./view.js";

export interface TableOptions {
  /** chalk colour level: 0 none … 3 truecolor. */
  colorLevel: 0 | 1 | 2 | 3;
  /** Terminal width for wrapping the message column. */
  width?: number;
}

const severityStyle = (c: ChalkInstance): Record<Severity, (s: string) => string> => ({
  critical: (s) => c.bgRed.white.bold(s),
  high: (s) => c.red.bold(s),
  medium: (s) => c.yellow(s),
  low: (s) => c.cyan(s),
  info: (s) => c.gray(s),
});

const gradeStyle = (c: ChalkInstance, grade: string | null) =>
  grade === "A" || grade === "B" ? c.green.bold : grade === "C" ? c.yellow.bold : grade === null ? c.gray : c.red.bold;


/** A terminal cell shows at most this many characters of one value; the machine formats keep it whole. */
const MAX_CELL_TEXT = 500;

/** Every cell goes through here: AWS-provided text is made terminal-safe and cut to a readable length before colour is added. */
const safe = (text: unknown) => {
  const clean = terminalSafe(asText(text));
  return clean.length > MAX_CELL_TEXT ? `${clean.slice(0, MAX_CELL_TEXT - 1)}…` : clean;
};

/** The table report as lines of text: nothing is built for the whole estate at once, so 50,000 pools stream. */
export function* renderTable(report: Report, options: TableOptions): Generator<string> {
  const c = new Chalk({ level: options.colorLevel });
  const sev = severityStyle(c);
  const width = Math.max(80, Math.min(options.width ?? 160, 240));
  const view = buildView(report);
  const line = (text = "") => `${text}\n`;

  const source = report.snapshot.source && report.snapshot.source !== "aws" ? ` from ${safe(report.snapshot.source)}` : "";
  yield line(c.bold(`${report.tool.name} ${report.tool.version}`) + c.gray(` — ${report.pools.length} user pool(s)${view.multiAccount ? ` in ${view.accounts.length} accounts` : ""}${source}, collected ${report.snapshot.collectedAt}`));
  const g = report.score.grade;
  yield line(
    `Overall score ${gradeStyle(c, g)(`${scoreText(report.score)} (${g ?? "n/a"})`)}` +
      c.gray(
        `  coverage ${percent(report.score.coverage)}  ·  ${report.score.counts.fail} failed, ${report.score.counts.pass} passed, ${report.score.counts.not_evaluated} not evaluated` +
          (report.score.counts.suppressed ? `, ${report.score.counts.suppressed} suppressed` : ""),
      ),
  );
  if (report.config.source || report.config.preset !== "default") {
    yield line(c.gray(`Configuration: ${report.config.source ? safe(report.config.source) : "none"} (preset ${report.config.preset})`));
  }
  yield line();

  if (view.multiAccount) {
    // Several accounts: each one's pools under its heading and score, unreachable ones saying why.
    const widths = poolWidths(view.pools);
    for (const account of view.accounts) {
      yield line(accountHeading(account, c));
      if (account.pools.length > 0) yield* poolLines(account.pools, widths, c);
      yield line();
    }
  } else if (view.pools.length > 0) {
    yield* poolLines(view.pools, poolWidths(view.pools), c);
    yield line();
  } else {
    yield line(c.yellow("No user pools were found.")) + line();
  }

  if (view.failures.length > 0) {
    // One line per finding, so that a whole estate fits on a screen; JSON carries the full text.
    yield line(c.bold(`Findings (${view.failures.length})`));
    let ruleWidth = 0;
    let resourceWidth = 0;
    for (const f of view.failures) {
      ruleWidth = Math.max(ruleWidth, f.ruleId.length);
      resourceWidth = Math.max(resourceWidth, label(view, f).length);
    }
    ruleWidth = Math.min(30, ruleWidth);
    resourceWidth = Math.min(48, resourceWidth);
    const messageWidth = Math.max(20, width - 9 - ruleWidth - resourceWidth - 6);
    for (const f of view.failures) {
      yield line(
        `${sev[f.severity](f.severity.toUpperCase().padEnd(8))} ${fit(safe(f.ruleId), ruleWidth).padEnd(ruleWidth)}  ${fit(label(view, f), resourceWidth).padEnd(resourceWidth)}  ${c.gray(fit(safe(f.message), messageWidth))}`,
      );
    }
    yield line(c.gray("Full messages, evidence and remediation: --format json, or `cognito-audit explain RULE_ID`.")) + line();
  } else {
    yield line(c.green("No failed checks.")) + line();
  }

  if (view.suppressed.length > 0) {
    yield line(c.bold(`Suppressed (${view.suppressed.length})`) + c.gray(" — accepted in the configuration:"));
    for (const f of view.suppressed) {
      const until = f.suppression?.expires ? ` until ${f.suppression.expires}` : "";
      yield line(`  ${c.gray("•")} ${safe(f.ruleId)} on ${label(view, f)}: ${safe(f.suppression?.reason ?? "")}${c.gray(until)}`);
    }
    yield line();
  }

  if (view.notEvaluated.length > 0) {
    yield line(c.bold(`Not evaluated (${view.notEvaluated.length})`) + c.gray(" — these checks could not judge their resource:"));
    // One line per cause (the AWS message is in the JSON report); the rarest causes are counted, not listed.
    for (const group of view.causes.slice(0, MAX_CAUSES)) {
      const named = group.rules.length > 3 ? `${group.rules.slice(0, 3).join(", ")} and ${group.rules.length - 3} more` : group.rules.join(", ");
      const text = `${safe(group.label)} — ${group.findings.length} check(s) on ${group.resources} resource(s): ${safe(named)}`;
      yield line(`  ${c.yellow("•")} ${fit(text, width - 4)}`);
    }
    const more = view.causes.slice(MAX_CAUSES).reduce((n, group) => n + group.findings.length, 0);
    if (more) yield line(c.gray(`  …and ${more} check(s) with ${view.causes.length - MAX_CAUSES} other cause(s): see --format json.`));
    yield line();
  }

  yield line(activityLines(view, c, width).join("\n")) + line();

  if (report.errors.length > 0) {
    const counts = new Map<string, number>();
    for (const e of report.errors) {
      const key = `${safe(e.operation)} (${safe(e.code)})`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const list = [...counts].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key)).join(", ");
    yield line(`${c.bold(`Collection errors (${report.errors.length}):`)} ${c.gray(fit(list, width - 26))}`) + line();
  }
  for (const note of report.notes) yield line(c.gray(`Note: ${safe(note)}`));
  if (report.notes.length) yield line();

  const gate = report.gate;
  const gateLine = gate.passed
    ? c.green.bold("Gate passed") + c.gray(` (fail on ${gate.failOn}${gate.minScore !== null ? `, minimum score ${gate.minScore}` : ""})`)
    : c.red.bold("Gate failed: ") + safe(gate.reasons.join("; "));
  yield line(gateLine + (gate.incomplete ? c.yellow("  — incomplete: some checks could not be evaluated") : ""));
  if (gate.unlistedRegions.length) yield line(c.yellow(safe(unlistedText(gate.unlistedRegions))));
  for (const account of gate.unreachableAccounts) yield line(c.red(safe(unreachableText(account))));
}

/** "Account 123456789012 (prod) — score 87.5 (B) · 3 user pool(s) · eu-west-1, us-east-1", or why it was not reached. */
function accountHeading({ account, label }: AccountView, c: ChalkInstance): string {
  const head = c.bold(`Account ${safe(label)}`);
  if (account.unreachable) {
    const { operation, code, message } = account.unreachable;
    return `${head} ${c.red(`— not reached: ${safe(operation)} failed with ${safe(code)} (${fit(safe(message), 160)}); none of its checks were evaluated`)}`;
  }
  const g = account.score.grade;
  const regions = account.regions.length ? ` · ${fit(safe(account.regions.join(", ")), 120)}` : "";
  return `${head} — score ${gradeStyle(c, g)(`${scoreText(account.score)} (${g ?? "n/a"})`)}${c.gray(` · ${account.pools} user pool(s) · ${account.score.counts.fail} failed · coverage ${percent(account.score.coverage)}${regions}`)}`;
}

/** Lines of the cause list before the rest are summed up in one line. */
const MAX_CAUSES = 20;
/** The pool column is at most this wide: a pool name can be 128 characters and the id follows it. */
const POOL_WIDTH = 60;

const POOL_HEAD = ["User pool", "Region", "Score", "Grade", "Failed", "Coverage"];
const poolCells = (p: PoolView) => [fit(safe(p.label), POOL_WIDTH), safe(p.pool.region), scoreText(p.pool.score), p.pool.score.grade ?? "n/a", String(p.pool.score.counts.fail), percent(p.pool.score.coverage)];

/** Each column as wide as its widest cell over all `pools`, so that the tables of several accounts line up. */
function poolWidths(pools: readonly PoolView[]): number[] {
  const widths = POOL_HEAD.map((h) => h.length);
  for (const pool of pools) poolCells(pool).forEach((cell, i) => (widths[i] = Math.max(widths[i]!, cell.length)));
  return widths;
}

/** The pool table: one pool per line, worst first. */
function* poolLines(pools: readonly PoolView[], widths: readonly number[], c: ChalkInstance): Generator<string> {
  const row = (values: string[], style: (value: string, column: number) => string) =>
    `${values.map((value, i) => style(i >= 2 && i !== 3 ? value.padStart(widths[i]!) : value.padEnd(widths[i]!), i)).join("  ").trimEnd()}\n`;
  yield row(POOL_HEAD, (value) => c.bold(value));
  for (const pool of pools) {
    const grade = gradeStyle(c, pool.pool.score.grade);
    yield row(poolCells(pool), (value, i) => (i === 3 ? grade(value) : value));
  }
}

/** The "sign-in activity" section: what CloudTrail shows per pool, or why nothing was analysed. */
function activityLines(view: ReportView, c: ChalkInstance, width: number): string[] {
  const activity = view.report.activity;
  if (!activity.available) return [`${c.bold("Sign-in activity:")} ${c.yellow(`not analysed — ${fit(safe(activity.reason), width - 30)}`)}`];
  const head = `${c.bold("Sign-in activity")} ${c.gray(`(${safe(activity.source)}, ${activity.start} → ${activity.end}): ${activity.events} event(s)${activity.unattributed ? `, ${activity.unattributed} for pools not in this scan` : ""}`)}`;
  if (activity.events === 0) return [head, c.yellow("  No cognito-idp events in the window: the behaviour checks saw nothing to judge.")];
  const lines = [head];
  for (const pool of activity.pools) {
    const ips = pool.topFailingIps.map((i) => `${safe(i.ip)} ×${i.failures}`).join(", ");
    lines.push(`  ${safe(view.poolLabel(pool.poolArn))}: ${pool.signIns} sign-in(s), ${pool.failedSignIns} failed, ${pool.events} event(s)${ips ? c.gray(` — top failing IPs: ${fit(ips, width - 60)}`) : ""}`);
  }
  return lines;
}

/** "app client web (3n4b…) in pool shop (eu-west-1_AbC)", terminal-safe; with one pool, the pool goes without saying. */
const label = (view: ReportView, f: Finding) => safe(resourceLabel(view, f, view.pools.length > 1));

/** Cuts text to `width` characters, marking the cut. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
