// The Markdown report: a pull-request comment or a GitHub Actions job summary ($GITHUB_STEP_SUMMARY).
// GitHub renders it, so every string from AWS goes through escapeMarkdown (no links, images, HTML,
// mentions or table breaks can come from the data), and the whole stays under the comment limit.
import { asText } from "../util/text.js";
import type { BaselineEntry } from "../engine/baseline.js";
import type { Finding } from "../engine/findings.js";
import type { Score } from "../engine/scoring.js";
import { SEVERITIES, severityRank, type Severity } from "../engine/severity.js";
import { escapeHtml, escapeMarkdown as md } from "./escape.js";
import { unlistedText, unreachableText, type Report, type ReportError, type ReportRule } from "./model.js";
import { terminalSafe } from "../util/terminal.js";
import { buildView, byRule, gateReasons, groupHeading, groupKey, groupsOf, percent, resourceLabel, scoreText, type ReportView } from "./view.js";

/** GitHub rejects a comment (and truncates a job summary) longer than this many characters. */
export const MARKDOWN_LIMIT = 65_535;
/** Rows of any one table: a pull-request comment is a summary, the JSON report has everything. */
const MAX_ROWS = 50;
/** Room kept for the footer and the note saying that the text was shortened. */
const FOOTER_ROOM = 600;
/** When not everything fits: the failures table may take this much, each collapsible list this much, the details the rest. */
const TABLE_ROOM = 24_000;
const LIST_ROOM = 6_000;
/** When not everything fits: failures detailed per rule, so that more rules get their block. */
const RULE_ROWS = 5;
/** Room kept in the details for the line naming the rules left out. */
const DETAILS_MORE_ROOM = 200;
/** Longest text, in characters before escaping, of one value in a cell, a line or a code block. */
const CELL = 200;
const LONG_TEXT = 1_000;
const EVIDENCE = 1_500;

/** A rendered section, and whether it lost rows to the length limit (not only to MAX_ROWS). */
interface Piece {
  text: string;
  cut: boolean;
}

/** A section made of rows: a head, as many rows as fit, a "N more" line, a tail. */
interface Rows {
  head: string;
  count: number;
  row: (index: number) => string;
  more: (hidden: number) => string;
  tail: string;
  maxRows?: number;
}

export function renderMarkdown(report: Report): string {
  // Everything that fits is shown; only a report too long for that gives each section a share.
  const whole = layout(report, false);
  return whole.shortened ? layout(report, true).text : whole.text;
}

/** Sections are sized in order of importance (with `shares`, each within its share), then laid out in reading order. */
function layout(report: Report, shares: boolean): { text: string; shortened: boolean } {
  const view = buildView(report);
  const { failures, suppressed } = view;
  const labels = new ResourceLabels(view);
  const rules = new Map(report.rules.map((r) => [r.id, r]));

  let room = MARKDOWN_LIMIT - FOOTER_ROOM;
  let shortened = false;
  const take = (piece: Piece): string => {
    room -= piece.text.length;
    shortened ||= piece.cut;
    return piece.text;
  };
  const share = (max: number) => (shares ? Math.min(room, max) : room);
  const header = take({ text: headerSection(report, view) + severitySection(report, view), cut: false });
  const accounts = view.multiAccount ? take(fitRows(accountTable(view), share(LIST_ROOM))) : "";
  const baseline = take({ text: baselineSummary(report) + activitySection(report), cut: false });
  const table = take(fitRows(failureTable(failures, labels, rules, report.baseline !== undefined, groupHeadings(view, failures)), share(TABLE_ROOM)));
  const lists = [
    suppressedList(suppressed, labels, rules),
    notEvaluatedList(view),
    errorList(report.errors, labels),
    fixedList(report.baseline?.fixed ?? []),
    poolList(view),
    noteList(report.notes),
  ].map((rows) => (rows ? take(fitRows(rows, share(LIST_ROOM))) : ""));
  const details = take(detailsSection(failures, labels, rules, room, shares ? RULE_ROWS : undefined));

  const footer = footerSection(report, shortened);
  return { text: [header, accounts, baseline, table, details, ...lists, footer].filter(Boolean).join("\n"), shortened };
}

// ---- the sections ----

function headerSection(report: Report, view: ReportView): string {
  const s = report.score;
  const title = s.value === null ? "no score (nothing could be evaluated)" : `score ${s.value.toFixed(1)}/100, grade ${md(s.grade ?? "n/a")}`;
  const lines = [`## ${md(report.tool.name)}: ${title}`, "", gateLine(view), ""];
  if (report.gate.incomplete) {
    lines.push(`⚠️ **Incomplete:** ${s.counts.not_evaluated} check(s) could not be evaluated, ${report.errors.length} collection error(s).`, "");
  }
  if (report.gate.unlistedRegions.length) lines.push(`⚠️ ${md(clip(unlistedText(report.gate.unlistedRegions), LONG_TEXT))}`, "");
  const unreachable = report.gate.unreachableAccounts;
  for (const account of unreachable.slice(0, MAX_UNREACHABLE)) lines.push(`⛔ ${md(clip(unreachableText(account), LONG_TEXT))}`, "");
  if (unreachable.length > MAX_UNREACHABLE) lines.push(`⛔ …and ${unreachable.length - MAX_UNREACHABLE} more account(s) could not be reached: see \`--format json\`.`, "");
  const source = report.snapshot.source && report.snapshot.source !== "aws" ? ` from ${md(clip(report.snapshot.source, CELL))}` : "";
  lines.push(
    `${report.pools.length} user pool(s)${report.accounts.length > 1 ? ` in ${report.accounts.length} accounts` : ""} · coverage ${percent(s.coverage)} · ${countsText(s)} · snapshot collected ${md(clip(report.snapshot.collectedAt, CELL))}${source}`,
    "",
  );
  if (report.config.source || report.config.preset !== "default") {
    lines.push(`Configuration: ${report.config.source ? md(clip(report.config.source, CELL)) : "none"} (preset ${md(clip(report.config.preset, CELL))})`, "");
  }
  return lines.join("\n") + "\n";
}

/** The gate's reasons name resources, so they are AWS text too. */
function gateLine(view: ReportView): string {
  const gate = view.report.gate;
  const settings = `fail on ${md(gate.failOn)}${gate.minScore !== null ? `, minimum score ${gate.minScore}` : ""}`;
  if (gate.passed) return `✅ **Gate passed** (${settings})`;
  const all = gateReasons(view);
  const reasons = all.slice(0, 10).map((r) => md(clip(r, LONG_TEXT)));
  const more = all.length > 10 ? `; and ${all.length - 10} more` : "";
  return `❌ **Gate failed** (${settings}): ${reasons.join("; ")}${more}`;
}

/** Findings listed in the report, by severity (passes only with --include-passed). */
function severitySection(report: Report, view: ReportView): string {
  const listed: Record<Finding["status"], readonly Finding[]> = {
    fail: view.failures,
    suppressed: view.suppressed,
    not_evaluated: view.notEvaluated,
    pass: report.includesPassed ? [...view.regional.passes, ...view.pools.flatMap((p) => p.passes)] : [],
  };
  const columns: { title: string; status: Finding["status"] }[] = [
    { title: "Failed", status: "fail" },
    { title: "Suppressed", status: "suppressed" },
    { title: "Not evaluated", status: "not_evaluated" },
    ...(report.includesPassed ? [{ title: "Passed", status: "pass" as const }] : []),
  ];
  const count = (severity: Severity | null, status: Finding["status"]) => listed[status].filter((f) => severity === null || f.severity === severity).length;
  const lines = [
    `| Severity | ${columns.map((c) => c.title).join(" | ")} |`,
    `| --- | ${columns.map(() => "---:").join(" | ")} |`,
    ...SEVERITIES.map((sev) => `| ${sev} | ${columns.map((c) => count(sev, c.status)).join(" | ")} |`),
    `| **Total** | ${columns.map((c) => `**${count(null, c.status)}**`).join(" | ")} |`,
  ];
  return `${lines.join("\n")}\n`;
}

/** Unreachable accounts named one by one in the header; the rest are counted. */
const MAX_UNREACHABLE = 10;

/** With several accounts: one row per account (score, grade, pools, regions, failures by severity), in snapshot order. */
function accountTable(view: ReportView): Rows {
  const accounts = view.accounts;
  return {
    head: `### Accounts (${accounts.length})\n\n| Account | Score | Grade | User pools | Regions | ${SEVERITIES.join(" | ")} |\n| --- | ---: | --- | ---: | --- |${" ---: |".repeat(SEVERITIES.length)}\n`,
    count: accounts.length,
    maxRows: MAX_ROWS,
    row: (i) => {
      const { account: a, label, failures } = accounts[i]!;
      const severities = SEVERITIES.map((sev) => failures.filter((f) => f.severity === sev).length).join(" | ");
      const score = a.unreachable ? `not reached: ${md(clip(`${a.unreachable.operation} failed with ${a.unreachable.code}`, CELL))}` : scoreText(a.score);
      return `| ${md(clip(label, CELL))} | ${score} | ${md(a.score.grade ?? "n/a")} | ${a.pools} | ${md(clip(a.regions.join(", "), CELL))} | ${severities} |\n`;
    },
    more: (n) => `\n…and ${n} more account(s): see \`--format json\`.\n`,
    tail: "",
  };
}

function baselineSummary(report: Report): string {
  const b = report.baseline;
  if (!b) return "";
  return `Compared with the baseline ${md(clip(b.source, CELL))} (${md(clip(b.generatedAt, CELL))}): ${b.new} new, ${b.unchanged} unchanged, ${b.fixed.length} fixed.\n`;
}

/** CloudTrail sign-in activity per pool (at most 20 pools), or why it could not be analysed. */
function activitySection(report: Report): string {
  const a = report.activity;
  if (!a.available) return `\n**Sign-in activity:** not analysed — ${md(clip(a.reason, CELL))}.\n`;
  const head = `\n### Sign-in activity\n\n${md(a.source)}, ${md(a.start)} to ${md(a.end)}: ${a.events} event(s)${a.unattributed ? `, ${a.unattributed} for pools not in this scan` : ""}.\n`;
  if (a.events === 0) return `${head}\nNo cognito-idp events in the window: the behaviour checks saw nothing to judge.\n`;
  const names = new Map(report.pools.map((p) => [p.arn, p.name]));
  const rows = a.pools
    .slice(0, 20)
    .map((p) => `| ${md(clip(names.get(p.poolArn) ?? p.poolArn, CELL))} | ${p.events} | ${p.signIns} | ${p.failedSignIns} | ${md(clip(p.topFailingIps.map((i) => `${i.ip} (${i.failures})`).join(", "), CELL))} |`)
    .join("\n");
  return `${head}\n| User pool | Events | Sign-ins | Failed | Top failing source IPs |\n| --- | --- | --- | --- | --- |\n${rows}\n`;
}

/** With --group-by: the heading row before each group's first failure, by its index in `failures`. */
function groupHeadings(view: ReportView, failures: readonly Finding[]): Map<number, string> {
  const headings = new Map<number, string>();
  const groupBy = view.report.focus?.groupBy;
  if (!groupBy) return headings;
  let at = 0;
  for (const group of groupsOf(failures, groupKey(groupBy))) {
    headings.set(at, `| **${md(groupHeading(view, group, groupBy))}** | | | |\n`);
    at += group.length;
  }
  return headings;
}

function failureTable(failures: readonly Finding[], labels: ResourceLabels, rules: Map<string, ReportRule>, withBaseline: boolean, headings: ReadonlyMap<number, string>): Rows {
  if (failures.length === 0) return { head: "✅ No failed checks.\n", count: 0, row: () => "", more: () => "", tail: "" };
  return {
    head: `### Failures (${failures.length})\n\n| Severity | Rule | Resource | Message |\n| --- | --- | --- | --- |\n`,
    count: failures.length,
    maxRows: MAX_ROWS,
    row: (i) => {
      const f = failures[i]!;
      const isNew = withBaseline && f.baselineState === "new" ? " (new)" : "";
      return `${headings.get(i) ?? ""}| ${md(f.severity)}${isNew} | ${ruleLink(f.ruleId, rules)} | ${labels.of(f)} | ${md(clip(f.message, CELL))} |\n`;
    },
    more: (n) => `\n…and ${n} more failure(s): see the details below, or \`--format json\` for all of them.\n`,
    tail: "",
  };
}

/** One collapsible block per rule with failures: remediation, documentation, each failure's evidence. */
function detailsSection(failures: readonly Finding[], labels: ResourceLabels, rules: Map<string, ReportRule>, room: number, perRule?: number): Piece {
  // Failures come most severe first, so the rules do too.
  const ordered = byRule(failures);
  let text = "";
  let cut = false;
  let shown = 0;
  for (const group of ordered) {
    const piece = fitRows({ ...ruleBlock(group, labels, rules), maxRows: perRule }, room - DETAILS_MORE_ROOM - text.length);
    if (!piece.text) {
      cut = true;
      break;
    }
    text += piece.text + "\n";
    shown += 1;
    if (piece.cut) {
      cut = true;
      break;
    }
  }
  if (shown < ordered.length) text += `…and ${ordered.length - shown} more rule(s) with failures, not detailed here: see \`--format json\`.\n\n`;
  return { text: text ? `### Details\n\n${text}` : "", cut };
}

function ruleBlock(group: readonly Finding[], labels: ResourceLabels, rules: Map<string, ReportRule>): Rows {
  const first = group[0]!;
  const rule = rules.get(first.ruleId);
  const severity = SEVERITIES[worst(group)] ?? first.severity;
  // <summary> is raw HTML, where Markdown escapes do not apply: it holds only the catalog's own text.
  const summary = escapeHtml(terminalSafe(`${severity.toUpperCase()} · ${first.ruleId} — ${rule?.title ?? first.ruleId} (${group.length})`));
  const remediation = first.remediation || rule?.remediation || "";
  const help = rule && safeUrl(rule.helpUri) ? ` [Rule documentation](${rule.helpUri})` : "";
  return {
    head: `<details>\n<summary>${summary}</summary>\n\n**Remediation:** ${md(clip(remediation, LONG_TEXT))}${help}\n\n`,
    count: group.length,
    row: (i) => failureEntry(group[i]!, labels, remediation),
    more: (n) => `…and ${n} more failure(s) of this rule: see \`--format json\`.\n\n`,
    tail: "</details>\n",
  };
}

/** One failure; no line starts with AWS text, so no data can turn into a heading or a list. */
function failureEntry(f: Finding, labels: ResourceLabels, remediation: string): string {
  const items = [`- Identifier: ${md(clip(f.resource.arn, CELL))}`, `- Message: ${md(clip(f.message, LONG_TEXT))}`];
  if (f.baselineState) items.push(`- Baseline: ${md(f.baselineState)}`);
  if (f.remediation && f.remediation !== remediation) items.push(`- Remediation: ${md(clip(f.remediation, LONG_TEXT))}`);
  const evidence = f.evidence === undefined ? "" : `\n${codeBlock(evidenceText(f.evidence))}`;
  return `**${labels.of(f)}** (account ${md(clip(f.resource.accountId, CELL))}, ${md(clip(f.resource.region, CELL))})\n\n${items.join("\n")}\n${evidence}\n`;
}

function suppressedList(findings: readonly Finding[], labels: ResourceLabels, rules: Map<string, ReportRule>): Rows | null {
  if (findings.length === 0) return null;
  return collapsible(`Suppressed (${findings.length}): accepted in the configuration`, "| Severity | Rule | Resource | Reason | Expires |", findings.length, (i) => {
    const f = findings[i]!;
    const reason = md(clip(f.suppression?.reason ?? "", CELL));
    return `| ${md(f.severity)} | ${ruleLink(f.ruleId, rules)} | ${labels.of(f)} | ${reason} | ${md(clip(f.suppression?.expires ?? "never", CELL))} |\n`;
  });
}

/** One row per cause (the failed call, else the shared reason), the cause affecting the most checks first. */
function notEvaluatedList(view: ReportView): Rows | null {
  const { causes, notEvaluated } = view;
  if (notEvaluated.length === 0) return null;
  return collapsible(`Not evaluated (${notEvaluated.length}): checks that could not judge their resource`, "| Cause | Checks | Resources | Rules | Reason |", causes.length, (i) => {
    const group = causes[i]!;
    const rules = group.rules.length > 5 ? `${group.rules.slice(0, 5).join(", ")} and ${group.rules.length - 5} more` : group.rules.join(", ");
    return `| ${md(clip(group.label, CELL))} | ${group.findings.length} | ${group.resources} | ${md(clip(rules, CELL))} | ${md(clip(group.findings[0]!.reason ?? "", CELL))} |\n`;
  });
}

function errorList(errors: readonly ReportError[], labels: ResourceLabels): Rows | null {
  if (errors.length === 0) return null;
  return collapsible(`Collection errors (${errors.length})`, "| Operation | Code | Where | Message |", errors.length, (i) => {
    const e = errors[i]!;
    const where = [e.accountId, e.region, e.poolArn ? `pool ${labels.pool(e.poolArn)}` : "", e.resource ? `resource ${e.resource}` : ""].filter(Boolean).join(", ");
    return `| ${md(clip(e.operation, CELL))} | ${md(clip(e.code, CELL))} | ${md(clip(where, CELL))} | ${md(clip(e.message, CELL))} |\n`;
  });
}

/** The baseline file is input too: its text is escaped like AWS text. */
function fixedList(fixed: readonly BaselineEntry[]): Rows | null {
  if (fixed.length === 0) return null;
  return collapsible(`Fixed since the baseline (${fixed.length})`, "| Severity | Rule | Resource | Message |", fixed.length, (i) => {
    const b = fixed[i]!;
    return `| ${md(clip(b.severity, CELL))} | ${md(clip(b.ruleId, CELL))} | ${md(clip(b.resource.name || b.resource.arn, CELL))} | ${md(clip(b.message, CELL))} |\n`;
  });
}

function poolList(view: ReportView): Rows | null {
  const pools = view.pools;
  if (pools.length === 0) return null;
  return collapsible(`User pools (${pools.length})`, "| User pool | Account | Region | Score | Grade | Failed | Coverage |", pools.length, (i) => {
    const { pool: p, label } = pools[i]!;
    return `| ${md(clip(label, CELL))} | ${md(p.accountId)} | ${md(p.region)} | ${scoreText(p.score)} | ${md(p.score.grade ?? "n/a")} | ${p.score.counts.fail} | ${percent(p.score.coverage)} |\n`;
  });
}

function noteList(notes: readonly string[]): Rows | null {
  if (notes.length === 0) return null;
  return {
    head: `<details>\n<summary>Notes (${notes.length})</summary>\n\n`,
    count: notes.length,
    maxRows: MAX_ROWS,
    row: (i) => `- ${md(clip(notes[i], LONG_TEXT))}\n`,
    more: (n) => `\n…and ${n} more: see \`--format json\`.\n`,
    tail: "\n</details>\n",
  };
}

function footerSection(report: Report, shortened: boolean): string {
  const tool = safeUrl(report.tool.informationUri) ? `[${md(report.tool.name)}](${report.tool.informationUri})` : md(report.tool.name);
  const note = shortened
    ? `⚠️ **Shortened:** this summary was cut to stay within GitHub's ${MARKDOWN_LIMIT.toLocaleString("en-US")}-character limit; \`--format json\` has the full report.\n\n`
    : "";
  return `${note}<sub>Generated by ${tool} ${md(clip(report.tool.version, 40))} at ${md(clip(report.generatedAt, 40))}.</sub>\n`;
}

// ---- building blocks ----

/** A table inside a collapsible block; the summary text is ours, never AWS text. */
function collapsible(summary: string, header: string, count: number, row: (i: number) => string): Rows {
  const columns = header.split("|").length - 2;
  return {
    head: `<details>\n<summary>${escapeHtml(summary)}</summary>\n\n${header}\n|${" --- |".repeat(columns)}\n`,
    count,
    maxRows: MAX_ROWS,
    row,
    more: (n) => `\n…and ${n} more: see \`--format json\`.\n`,
    tail: "\n</details>\n",
  };
}

/** The head, then rows while they fit in `room` (at most maxRows), a "N more" line, the tail; "" if nothing fits. */
function fitRows(rows: Rows, room: number): Piece {
  const cap = Math.min(rows.count, rows.maxRows ?? Number.POSITIVE_INFINITY);
  const moreRoom = rows.count > 0 ? rows.more(rows.count).length : 0;
  let text = rows.head;
  let shown = 0;
  while (shown < cap) {
    const row = rows.row(shown);
    const after = shown + 1 < rows.count ? moreRoom : 0;
    if (text.length + row.length + after + rows.tail.length > room) break;
    text += row;
    shown += 1;
  }
  if (shown < rows.count) text += rows.more(rows.count - shown);
  text += rows.tail;
  if (text.length > room) return { text: "", cut: true };
  return { text, cut: shown < cap };
}

/**
 * Evidence as pretty JSON in a fenced block: JSON.stringify escapes control characters, terminalSafe
 * drops the invisible ones it keeps (bidi overrides), and the fence is longer than any backtick run
 * in the text, so the data cannot close it.
 */
function evidenceText(evidence: unknown): string {
  const json = JSON.stringify(evidence, null, 2) ?? "null";
  const lines = clip(json, EVIDENCE).split("\n").map(terminalSafe);
  return json.length > EVIDENCE ? `${lines.join("\n")}\n(cut: --format json has all of it)` : lines.join("\n");
}

function codeBlock(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}json\n${text}\n${fence}\n`;
}

/** The rule id, linked to its documentation when the link is one of ours. */
function ruleLink(ruleId: string, rules: Map<string, ReportRule>): string {
  const uri = rules.get(ruleId)?.helpUri;
  return uri && safeUrl(uri) ? `[${md(ruleId)}](${uri})` : md(ruleId);
}

/** Only plain https URLs become links: nothing in them can end the link or add a title. */
const safeUrl = (uri: string): boolean => /^https:\/\/[A-Za-z0-9.-]+(\/[A-Za-z0-9._~%/-]*)?$/.test(uri);

/** The view's labels, clipped and escaped. */
class ResourceLabels {
  constructor(private readonly view: ReportView) {}
  pool(arn: string): string {
    return this.view.poolLabel(arn);
  }
  of(f: Finding): string {
    return md(clip(resourceLabel(this.view, f), CELL));
  }
}

/** The rank of the most severe finding of a group (0 = critical). */
const worst = (group: readonly Finding[]): number => group.reduce<number>((best, f) => Math.min(best, severityRank(f.severity)), SEVERITIES.length);


const countsText = (s: Score) => `${s.counts.fail} failed · ${s.counts.pass} passed · ${s.counts.not_evaluated} not evaluated · ${s.counts.suppressed} suppressed`;

/** Cuts text to `max` characters before escaping (an escape is never split), without splitting a surrogate pair. */
function clip(text: unknown, max: number): string {
  const s = asText(text).trim();
  if (s.length <= max) return s;
  const end = /[\uD800-\uDBFF]/.test(s[max - 2] ?? "") ? max - 2 : max - 1;
  return `${s.slice(0, end)}…`;
}
