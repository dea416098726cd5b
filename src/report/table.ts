// The terminal report: per-pool scores, then the failures, most severe first.
import { asText } from "../util/text.js";
import { Chalk, type ChalkInstance } from "chalk";
import type { Finding } from "../engine/findings.js";
import type { Severity } from "../engine/severity.js";
import { unlistedText, unreachableText, type Report } from "./model.js";
import { terminalSafe } from "../util/terminal.js";
import { gradeOf, type Score } from "../engine/scoring.js";
import { buildView, focusReport, gateReasons, groupHeading, groupKey, groupsOf, percent, resourceLabel, scoreText, type AccountView, type PoolView, type ReportView } from "./view.js";

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
  // Unfocused (a caller other than renderReport): every failure, in reading order.
  const view = buildView(report.focus ? report : focusReport(report));
  const line = (text = "") => `${text}\n`;

  const source = report.snapshot.source && report.snapshot.source !== "aws" ? ` from ${safe(report.snapshot.source)}` : "";
  yield line(wrap(c.bold(`${report.tool.name} ${report.tool.version}`) + c.gray(` — ${report.pools.length} user pool(s)${view.multiAccount ? ` in ${view.accounts.length} accounts` : ""}${source}, collected ${report.snapshot.collectedAt}`), width).join("\n"));
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
    const widths = poolWidths(view.pools, width);
    for (const account of view.accounts) {
      yield line(accountHeading(account, c));
      if (account.pools.length > 0) yield* poolLines(account.pools, widths, c);
      yield line();
    }
  } else if (view.pools.length > 0) {
    yield* poolLines(view.pools, poolWidths(view.pools, width), c);
    yield line();
  } else {
    yield line(c.yellow("No user pools were found.")) + line();
  }
  const caps = [...capLines(view, c, width)];
  if (caps.length) yield caps.join("") + line();

  if (view.failures.length > 0) {
    // A row per finding (severity, rule, resource), its message wrapped under it: nothing is cut.
    const all = report.score.counts.fail;
    yield line(c.bold(`Findings (${view.failures.length < all ? `${view.failures.length} shown of ${all}` : view.failures.length})`));
    const withBaseline = report.baseline !== undefined;
    const ruleText = (f: Finding) => safe(f.ruleId) + (withBaseline && f.baselineState ? ` (${f.baselineState})` : "");
    const ruleWidth = Math.min(40, Math.max(...view.failures.map((f) => ruleText(f).length)));
    const resourceWidth = width - SEVERITY_WIDTH - 1 - ruleWidth - 2;
    const groupBy = report.focus?.groupBy;
    const groups = groupBy ? groupsOf(view.failures, groupKey(groupBy)) : [view.failures];
    for (const group of groups) {
      if (groupBy) yield line(c.bold(wrap(clean(groupHeading(view, group, groupBy)), width).join("\n")));
      for (const f of group) {
        const rule = wrap(ruleText(f), ruleWidth);
        const resource = wrap(label(view, f), resourceWidth);
        for (let i = 0; i < Math.max(rule.length, resource.length); i++) {
          const severity = i === 0 ? sev[f.severity](f.severity.toUpperCase().padEnd(SEVERITY_WIDTH)) : " ".repeat(SEVERITY_WIDTH);
          yield line(`${severity} ${(rule[i] ?? "").padEnd(ruleWidth)}  ${resource[i] ?? ""}`.trimEnd());
        }
        for (const text of wrap(clean(f.message), width - MESSAGE_INDENT)) yield line(" ".repeat(MESSAGE_INDENT) + c.gray(text));
      }
    }
    yield line(c.gray(wrap("Evidence and remediation: --format json, or `cognito-audit explain RULE_ID`.", width).join("\n"))) + line();
  } else if (report.score.counts.fail > 0) {
    yield line(c.yellow(`None of the ${report.score.counts.fail} failed check(s) is shown (see the notes below).`)) + line();
  } else {
    yield line(c.green("No failed checks.")) + line();
  }

  if (report.includesPassed) yield* passedLines(view, c, width);

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
      yield line(`  ${c.yellow("•")} ${wrap(text, width - 4).join("\n    ")}`);
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
    const [first, ...rest] = wrap(`Collection errors (${report.errors.length}): ${list}`, width);
    yield line([c.bold(first ?? ""), ...rest].map((l) => c.gray(l)).join("\n")) + line();
  }
  for (const note of report.notes) yield line(c.gray(wrap(`Note: ${safe(note)}`, width).join("\n")));
  if (report.notes.length) yield line();

  const gate = report.gate;
  const gateLine = gate.passed
    ? c.green.bold("Gate passed") + c.gray(` (fail on ${gate.failOn}${gate.minScore !== null ? `, minimum score ${gate.minScore}` : ""})`)
    : c.red.bold("Gate failed: ") + gateReasons(view).map(clean).join("; ");
  yield line(wrap(gateLine + (gate.incomplete ? c.yellow("  — incomplete: some checks could not be evaluated") : ""), width).join("\n"));
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

/** The gap between two columns of the pool table. */
const GAP = "  ";

/**
 * Each column as wide as its widest cell over all `pools`, so that the tables of several accounts line
 * up; the pool column gives up what the line lacks (its labels then wrap, poolLines).
 */
function poolWidths(pools: readonly PoolView[], lineWidth: number): number[] {
  const widths = POOL_HEAD.map((h) => h.length);
  for (const pool of pools) poolCells(pool).forEach((cell, i) => (widths[i] = Math.max(widths[i]!, cell.length)));
  const others = widths.slice(1).reduce((sum, w) => sum + w + GAP.length, 0);
  widths[0] = Math.max(POOL_HEAD[0]!.length, Math.min(widths[0]!, lineWidth - others));
  return widths;
}

/** The pool table: one pool per row, worst first; a label wider than its column goes on under it, broken at spaces. */
function* poolLines(pools: readonly PoolView[], widths: readonly number[], c: ChalkInstance): Generator<string> {
  const row = (values: string[], style: (value: string, column: number) => string) =>
    `${values.map((value, i) => style(i >= 2 && i !== 3 ? value.padStart(widths[i]!) : value.padEnd(widths[i]!), i)).join(GAP).trimEnd()}\n`;
  yield row(POOL_HEAD, (value) => c.bold(value));
  for (const pool of pools) {
    const grade = gradeStyle(c, pool.pool.score.grade);
    const [label, ...rest] = poolCells(pool);
    const [first, ...more] = wrap(label!, widths[0]!);
    yield row([first ?? "", ...rest], (value, i) => (i === 3 ? grade(value) : value));
    for (const line of more) yield `${line}\n`;
  }
}

/** The "sign-in activity" section: what CloudTrail shows per pool, or why nothing was analysed. */
function activityLines(view: ReportView, c: ChalkInstance, width: number): string[] {
  const activity = view.report.activity;
  if (!activity.available) return wrap(`Sign-in activity: not analysed — ${safe(activity.reason)}`, width).map((l, i) => (i === 0 ? c.bold(l) : c.yellow(l)));
  const head = `${c.bold("Sign-in activity")} ${c.gray(`(${safe(activity.source)}, ${activity.start} → ${activity.end}): ${activity.events} event(s)${activity.unattributed ? `, ${activity.unattributed} for pools not in this scan` : ""}`)}`;
  if (activity.events === 0) return [head, c.yellow("  No cognito-idp events in the window: the behaviour checks saw nothing to judge.")];
  const lines = [head];
  for (const pool of activity.pools) {
    const ips = pool.topFailingIps.map((i) => `${safe(i.ip)} ×${i.failures}`).join(", ");
    lines.push(`  ${safe(view.poolLabel(pool.poolArn))}: ${pool.signIns} sign-in(s), ${pool.failedSignIns} failed, ${pool.events} event(s)${ips ? c.gray(` — top failing IPs: ${fit(ips, width - 60)}`) : ""}`);
  }
  return lines;
}

/** "app client web (3n4b…) in pool shop (eu-west-1_AbC)", terminal-safe and whole (it wraps). */
const label = (view: ReportView, f: Finding, withPool = true) => clean(resourceLabel(view, f, withPool));

const SEVERITY_WIDTH = 8;
/** A finding's message starts under its rule. */
const MESSAGE_INDENT = SEVERITY_WIDTH + 1;

/** Text for a wrapped cell: terminal-safe, never cut (it wraps instead). */
const clean = (text: unknown) => terminalSafe(asText(text));

/**
 * `text` in lines of at most `width` characters, broken at spaces; only a word longer than a
 * line is cut, at the line's end. ANSI colour codes count as no width.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  let currentWidth = 0;
  for (const word of text.split(" ")) {
    const w = visibleLength(word);
    if (currentWidth > 0 && currentWidth + 1 + w <= width) {
      current += ` ${word}`;
      currentWidth += 1 + w;
      continue;
    }
    if (currentWidth > 0 || current) lines.push(current);
    // A word longer than a line: in pieces of a line each (it has no colour codes: those wrap whole lines).
    let rest = word;
    while (visibleLength(rest) > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    current = rest;
    currentWidth = visibleLength(rest);
  }
  lines.push(current);
  return lines.length > 1 && lines[0] === "" ? lines.slice(1) : lines;
}

 
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string) => text.replace(ANSI, "").length;

/** "Grade of pool shop (eu-west-1_x) capped at D by 1 critical finding (score 92.0 would be A)", for the run and each pool. */
function* capLines(view: ReportView, c: ChalkInstance, width: number): Generator<string> {
  const capped = (s: Score, criticals: number) => s.value !== null && criticals > 0 && gradeOf(s.value, false) !== s.grade;
  const text = (what: string, s: Score, criticals: number) =>
    `${what} capped at ${s.grade} by ${criticals} critical finding${criticals === 1 ? "" : "s"} (score ${scoreText(s)} alone would be ${gradeOf(s.value!, false)})`;
  const lines: string[] = [];
  if (capped(view.report.score, view.criticalFailures)) lines.push(text("Overall grade", view.report.score, view.criticalFailures));
  for (const p of view.pools) if (capped(p.pool.score, p.criticalFailures)) lines.push(text(`Grade of pool ${safe(p.label)}`, p.pool.score, p.criticalFailures));
  for (const l of lines.slice(0, MAX_CAUSES)) yield `${c.yellow(wrap(l, width).join("\n"))}\n`;
  if (lines.length > MAX_CAUSES) yield `${c.gray(`…and ${lines.length - MAX_CAUSES} more pool(s) whose grade a critical finding caps.`)}\n`;
}

/** With --include-passed: how many checks each pool passed (the JSON report lists them). */
function* passedLines(view: ReportView, c: ChalkInstance, width: number): Generator<string> {
  const pools = view.pools.filter((p) => p.passes.length > 0);
  const total = pools.reduce((n, p) => n + p.passes.length, view.regional.passes.length);
  yield `${c.bold(`Passed (${total})`)}${c.gray(" — --include-passed; each check is listed in --format json:")}\n`;
  for (const p of pools) {
    const rules = [...new Set(p.passes.map((f) => f.ruleId))];
    yield `${wrap(`  ${c.green("•")} ${safe(p.label)}: ${p.passes.length} passed check(s) of ${rules.length} rule(s)`, width).join("\n    ")}\n`;
  }
  if (view.regional.passes.length) yield `  ${c.green("•")} identity pools and regions: ${view.regional.passes.length} passed check(s)\n`;
  yield "\n";
}

/** Cuts text to `width` characters, marking the cut. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
