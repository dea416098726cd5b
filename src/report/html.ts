// The HTML report: one self-contained page for a security lead. No script, no external asset, and a
// Content-Security-Policy that forbids both; every string that came from AWS is escaped.
import { asText } from "../util/text.js";
import type { Finding } from "../engine/findings.js";
import { SEVERITIES, severityRank, type Severity } from "../engine/severity.js";
import { escapeHtml } from "./escape.js";
import { accountLabel, unlistedText, unreachableText, type Report, type ReportError } from "./model.js";
import { terminalSafe } from "../util/terminal.js";
import { buildView, byRule, gateReasons, kindLabel, percent, resourceName, scoreText, type PoolView, type ReportView } from "./view.js";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Hostile text for element content or a quoted attribute: control and bidi characters removed, then escaped. */
const text = (value: unknown): string => escapeHtml(terminalSafe(asText(value)));

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A severity as a CSS class suffix: only the known names can reach an attribute. */
const severityClass = (severity: string): Severity => (SEVERITIES as readonly string[]).includes(severity) ? (severity as Severity) : "info";
const gradeClass = (grade: string | null) => (grade === "A" || grade === "B" ? "good" : grade === "C" ? "fair" : grade === null ? "none" : "poor");

const SEVERITY_COLOR: Record<Severity, string> = { critical: "#8b0000", high: "#c62828", medium: "#e08a00", low: "#1f6fb2", info: "#6b7280" };

/** A link only for http(s) addresses; anything else is shown as text. */
function link(uri: string, label: string): string {
  return /^https?:\/\//i.test(uri) ? `<a href="${text(uri)}" rel="noopener noreferrer">${label}</a>` : `${label} <code>${text(uri)}</code>`;
}

/**
 * Up to this many listed findings, each is shown in full (evidence included); above, a pool lists
 * its failures one line each under their rule, and the rules are described once: 2,000 pools of 10
 * clients (about 100,000 failures) stay a page a browser opens.
 */
export const FULL_DETAIL_FINDINGS = 2_000;
/** The failing pools' sections are open when the report has at most this many pools; else every pool is collapsed. */
export const OPEN_POOLS = 20;
/** How many pools the executive summary names as the worst, and how many rules as the top risks. */
export const WORST_POOLS = 5;
export const TOP_RISKS = 5;

export function renderHtml(report: Report): string {
  return [...renderHtmlChunks(report)].join("");
}

/** The page in pieces: one per section and one per pool, never one string for the whole estate. */
export function* renderHtmlChunks(report: Report): Generator<string> {
  const view = buildView(report);
  const listed = view.failures.length + view.regional.passes.length + view.pools.reduce((n, p) => n + p.passes.length, 0);
  const compact = listed > FULL_DETAIL_FINDINGS;
  const open = view.pools.length <= OPEN_POOLS;
  yield `${[
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(pageTitle(report))}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    renderHeader(report),
    renderExecutive(view),
    renderSummary(view),
    renderBaseline(report),
    renderAccounts(view),
    open ? renderPoolIndex(view) : "",
  ].join("\n")}\n`;
  for (let i = 0; i < view.pools.length; i++) yield `${renderPool(view.pools[i]!, i, view, compact, open)}\n`;
  yield [
    renderRegional(view, compact),
    renderRules(view, compact),
    renderSuppressed(view),
    renderCoverage(view),
    renderActivity(view),
    renderNotes(report.notes),
    renderFooter(report),
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

const poolAnchor = (index: number) => `pool-${index + 1}`;
const ruleAnchor = (ruleId: string) => `rule-${ruleId.replace(/[^A-Za-z0-9_-]/g, "_")}`;
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** With --baseline: what changed since then, and the failures that are gone. */
function renderBaseline(report: Report): string {
  const baseline = report.baseline;
  if (!baseline) return "";
  const fixed = baseline.fixed.length
    ? `<ul>${baseline.fixed.map((f) => `<li><code>${text(f.ruleId)}</code> on ${text(f.resource.name || f.resource.arn)}: ${text(f.message)}</li>`).join("")}</ul>`
    : "<p>No failure of the baseline is gone.</p>";
  return `<section class="baseline">
<h2>Since the baseline</h2>
<p>Compared with <code>${text(baseline.source)}</code> (${text(baseline.generatedAt)}): ${baseline.new} new, ${baseline.unchanged} unchanged, ${baseline.fixed.length} fixed.</p>
<h3>Fixed</h3>
${fixed}
</section>`;
}

function renderHeader(report: Report): string {
  const source = report.snapshot.source ? ` from <code>${text(report.snapshot.source)}</code>` : "";
  const config = `${report.config.source ? `<code>${text(report.config.source)}</code>` : "none"} (preset ${text(report.config.preset)})`;
  return `<header class="page">
<h1>Amazon Cognito security audit: ${text(auditedAccounts(report))}, ${text(reportDate(report))}</h1>
<p class="meta">Snapshot collected ${text(report.snapshot.collectedAt)}${source} · report generated ${text(report.generatedAt)} by ${text(report.tool.name)} ${text(report.tool.version)} · configuration: ${config}</p>
</header>`;
}

/** "123456789012 (prod)" for one account, "3 accounts" for several (the pools' accounts when the report lists none). */
function auditedAccounts(report: Report): string {
  const ids = report.accounts.length > 0 ? report.accounts.map((a) => a.accountId) : [...new Set(report.pools.map((p) => p.accountId))];
  if (ids.length === 0) return "no account";
  if (ids.length > 1) return `${ids.length} accounts`;
  const account = report.accounts[0];
  return account ? accountLabel(account) : ids[0]!;
}

/** The date part of generatedAt (an ISO timestamp). */
const reportDate = (report: Report) => report.generatedAt.slice(0, 10);

/** "Amazon Cognito audit: 123456789012 (prod), 2026-12-01" (raw text: escaped where it is used). */
const pageTitle = (report: Report) => `Amazon Cognito audit: ${auditedAccounts(report)}, ${reportDate(report)}`;

/** "critical 1 · high 4": the failures of each severity that has any; "none" without failures. */
function severityCounts(failures: readonly Finding[]): string {
  const parts = SEVERITIES.map((sev) => [sev, failures.filter((f) => f.severity === sev).length] as const)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `<span class="sev-text sev-${sev}">${sev} ${n}</span>`);
  return parts.length > 0 ? parts.join(" · ") : "none";
}

/** A list of at most `max` items, "…and N more" after them. */
function shortList(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).map(text).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** The rules with the most critical and high failures: critical ones first, then by how many failures. */
function topRisks(view: ReportView): { ruleId: string; severity: Severity; failures: number; resources: number; pools: number }[] {
  const risks = new Map<string, { ruleId: string; severity: Severity; failures: number; arns: Set<string>; poolArns: Set<string> }>();
  for (const f of view.failures) {
    if (f.severity !== "critical" && f.severity !== "high") continue;
    let risk = risks.get(f.ruleId);
    if (!risk) risks.set(f.ruleId, (risk = { ruleId: f.ruleId, severity: f.severity, failures: 0, arns: new Set(), poolArns: new Set() }));
    risk.failures++;
    risk.arns.add(f.resource.arn);
    if (f.poolArn) risk.poolArns.add(f.poolArn);
  }
  return [...risks.values()]
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.failures - a.failures || (a.ruleId < b.ruleId ? -1 : 1))
    .slice(0, TOP_RISKS)
    .map(({ arns, poolArns, ...risk }) => ({ ...risk, resources: arns.size, pools: poolArns.size }));
}

/** What a security lead reads first: what was covered, how it scores, the worst pools, the top risks, the verdict. */
function renderExecutive(view: ReportView): string {
  const { report } = view;
  const accounts = view.accounts.map((a) => a.label);
  const regions = [...new Set([...report.accounts.flatMap((a) => a.regions), ...report.pools.map((p) => p.region)])];
  const { score, gate } = report;
  const notEvaluated = view.notEvaluated.length;
  const topCause = view.causes[0];
  const coverage = notEvaluated === 0
    ? `${percent(score.coverage)} of checks evaluated; every check could be evaluated.`
    : `${percent(score.coverage)} of checks evaluated; ${plural(notEvaluated, "check")} not evaluated (${plural(view.causes.length, "cause")}${topCause ? `, most often: ${text(topCause.label)}` : ""}): see <a href="#coverage">Coverage</a>.`;
  const errors = report.errors.length > 0 ? ` ${plural(report.errors.length, "collection call")} failed.` : "";
  const verdict = `${gate.passed ? "Passed" : "Failed"} (fail on ${text(gate.failOn)}${gate.minScore !== null ? `, minimum score ${Number(gate.minScore)}` : ""})${gate.incomplete ? ", incomplete" : ""}`;
  const facts: [string, string][] = [
    ["Accounts", `${accounts.length}${accounts.length > 0 ? `: ${shortList(accounts)}` : ""}`],
    ["Regions", `${regions.length}${regions.length > 0 ? `: ${shortList(regions)}` : ""}`],
    ["User pools audited", String(report.pools.length)],
    ["Overall", `<span class="grade-pill grade-${gradeClass(score.grade)}">${score.grade ?? "n/a"}</span> ${scoreText(score)}/100 · ${plural(score.counts.fail, "failed check")}`],
    ["Gate", `<span class="gate-${gate.passed ? "passed" : "failed"}">${verdict}</span>`],
    ["Coverage", `${coverage}${errors}`],
  ];
  const poolIndex = new Map(view.pools.map((p, i) => [p, i]));
  const worst = view.pools.filter((p) => p.pool.score.value !== null && p.failures.length > 0).slice(0, WORST_POOLS);
  const worstRows = worst
    .map((p) => `<tr><td><a href="#${poolAnchor(poolIndex.get(p)!)}">${text(p.label)}</a></td><td>${text(p.pool.accountId)}<br>${text(p.pool.region)}</td><td><span class="grade-pill grade-${gradeClass(p.pool.score.grade)}">${p.pool.score.grade ?? "n/a"}</span> ${scoreText(p.pool.score)}</td><td>${plural(p.failures.length, "failure")}: ${severityCounts(p.failures)}</td></tr>`)
    .join("\n");
  const worstTable = worst.length > 0
    ? `<table class="worst"><thead><tr><th>User pool</th><th>Where</th><th>Grade</th><th>Failed checks</th></tr></thead><tbody>\n${worstRows}\n</tbody></table>`
    : '<p class="empty">No user pool has a failed check.</p>';
  const risks = topRisks(view);
  const riskRows = risks
    .map((r) => `<tr><td><span class="badge sev-${r.severity}">${r.severity}</span></td><td><a href="#${ruleAnchor(r.ruleId)}"><code>${text(r.ruleId)}</code></a> ${text(view.ruleTitle(r.ruleId))}</td><td class="num">${r.failures}</td><td class="num">${r.resources}</td><td class="num">${r.pools}</td></tr>`)
    .join("\n");
  const riskTable = risks.length > 0
    ? `<table class="risks"><thead><tr><th>Severity</th><th>Rule</th><th>Failures</th><th>Resources</th><th>User pools</th></tr></thead><tbody>\n${riskRows}\n</tbody></table>`
    : '<p class="empty">No critical or high failures.</p>';
  return `<section id="executive" class="executive">
<h2>Executive summary</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>
<h3>Worst user pools</h3>
${worstTable}
<h3>Top risks</h3>
${riskTable}
</section>`;
}

function renderSummary(view: ReportView): string {
  const { report } = view;
  const { score, gate } = report;
  const counts = score.counts;
  const tiles = [
    ["Failed", counts.fail],
    ["Passed", counts.pass],
    ["Not evaluated", counts.not_evaluated],
    ["Suppressed", counts.suppressed],
  ]
    .map(([label, n]) => `<div class="tile"><span class="n">${Number(n)}</span><span class="l">${label}</span></div>`)
    .join("");
  return `<section id="summary" class="summary">
<div class="score grade-${gradeClass(score.grade)}"><span class="grade">${score.grade ?? "–"}</span><span class="value">${scoreText(score)}<small>/100</small></span><span class="l">Overall score</span></div>
<div class="facts">
<p class="coverage">Coverage <strong>${percent(score.coverage)}</strong> of checks evaluated across ${plural(report.pools.length, "user pool")}.</p>
<div class="tiles">${tiles}</div>
${renderGate(gate, gateReasons(view))}
</div>
<div class="chart"><h2>Failed checks by severity</h2>${renderSeverityChart(report.findings)}</div>
</section>`;
}

function renderGate(gate: Report["gate"], reasonTexts: readonly string[]): string {
  const settings = `fail on ${text(gate.failOn)}${gate.minScore !== null ? `, minimum score ${Number(gate.minScore)}` : ""}`;
  const head = gate.passed ? `<strong>Gate passed</strong> (${settings})` : `<strong>Gate failed</strong> (${settings})`;
  const reasons = reasonTexts.length ? `<ul>${reasonTexts.map((r) => `<li>${text(r)}</li>`).join("")}</ul>` : "";
  const incomplete = gate.incomplete ? '<p class="warn">Incomplete: some checks could not be evaluated or some data could not be collected (see <a href="#coverage">Coverage</a>).</p>' : "";
  const unlisted = gate.unlistedRegions.length ? `<p class="warn">${text(unlistedText(gate.unlistedRegions))}</p>` : "";
  const unreachable = gate.unreachableAccounts.map((a) => `<p class="warn unreachable">${text(unreachableText(a))}</p>`).join("");
  return `<div class="gate ${gate.passed ? "passed" : "failed"}"><p>${head}</p>${reasons}${incomplete}${unlisted}${unreachable}</div>`;
}

/** Horizontal bars of failed checks per severity, drawn from counts only. */
function renderSeverityChart(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  for (const f of findings) if (f.status === "fail") counts.set(severityClass(f.severity), (counts.get(severityClass(f.severity)) ?? 0) + 1);
  const max = Math.max(1, ...counts.values());
  const row = 30;
  const bars = SEVERITIES.map((severity, i) => {
    const n = counts.get(severity) ?? 0;
    const width = Math.round((n / max) * 300);
    const y = i * row;
    return `<g><text x="0" y="${y + 19}">${severity}</text><rect x="80" y="${y + 5}" width="${width}" height="20" rx="3" fill="${SEVERITY_COLOR[severity]}"/><text x="${86 + width}" y="${y + 19}">${n}</text></g>`;
  }).join("");
  const label = SEVERITIES.map((s) => `${s} ${counts.get(s) ?? 0}`).join(", ");
  return `<svg class="bars" role="img" aria-label="Failed checks by severity: ${label}" viewBox="0 0 440 ${SEVERITIES.length * row}" width="440" height="${SEVERITIES.length * row}"><title>Failed checks by severity: ${label}</title>${bars}</svg>`;
}

/** With several accounts: each one's score, grade, pools, regions and failures by severity; an unreachable one says why. */
function renderAccounts(view: ReportView): string {
  if (!view.multiAccount) return "";
  const rows = view.accounts.map(({ account: a, label, failures }) => {
    const severities = SEVERITIES.map((sev) => `<td class="num">${failures.filter((f) => f.severity === sev).length}</td>`).join("");
    const score = a.unreachable
      ? `<td colspan="2" class="warn">Not reached: <code>${text(a.unreachable.operation)}</code> failed with <code>${text(a.unreachable.code)}</code> — ${text(a.unreachable.message)}</td>`
      : `<td class="num">${scoreText(a.score)}</td><td><span class="grade-pill grade-${gradeClass(a.score.grade)}">${a.score.grade ?? "n/a"}</span></td>`;
    return `<tr><td>${text(label)}</td>${score}<td class="num">${a.pools}</td><td>${text(a.regions.join(", "))}</td><td class="num">${percent(a.score.coverage)}</td>${severities}</tr>`;
  });
  return `<section id="accounts"><h2>Accounts (${view.accounts.length})</h2>
<p>Failed checks by severity, per account.</p>
<table><thead><tr><th>Account</th><th>Score</th><th>Grade</th><th>User pools</th><th>Regions</th><th>Coverage</th>${SEVERITIES.map((sev) => `<th>${sev}</th>`).join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></section>`;
}

function renderPoolIndex(view: ReportView): string {
  if (view.pools.length === 0) return '<section id="pools-index"><h2>User pools</h2><p class="empty">No user pools were found.</p></section>';
  const rows = view.pools
    .map(
      ({ pool: p }, i) =>
        `<tr><td><a href="#${poolAnchor(i)}">${text(p.name)}</a><br><code>${text(p.id)}</code></td><td>${text(p.accountId)}</td><td>${text(p.region)}</td><td class="num">${scoreText(p.score)}</td><td><span class="grade-pill grade-${gradeClass(p.score.grade)}">${p.score.grade ?? "n/a"}</span></td><td class="num">${p.score.counts.fail}</td><td class="num">${percent(p.score.coverage)}</td></tr>`,
    )
    .join("\n");
  return `<section id="pools-index"><h2>User pools</h2>
<table><thead><tr><th>User pool</th><th>Account</th><th>Region</th><th>Score</th><th>Grade</th><th>Failed</th><th>Coverage</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
}

/** A pool's section, collapsed to its summary line unless it fails and failing pools are few. */
function renderPool({ pool, failures, passes }: PoolView, index: number, view: ReportView, compact: boolean, open: boolean): string {
  // With many failures the score and grade are on the summary line, and the ARN is made of the rest.
  const facts: [string, string][] = [
    ["ID", `<code>${text(pool.id)}</code>`],
    ["Account", text(pool.accountId)],
    ["Region", text(pool.region)],
    ...(compact ? [] : ([["Score", scoreText(pool.score)], ["Grade", `<span class="grade-pill grade-${gradeClass(pool.score.grade)}">${pool.score.grade ?? "n/a"}</span>`]] as [string, string][])),
    ["Coverage", percent(pool.score.coverage)],
    ...(compact ? [] : ([["ARN", `<code>${text(pool.arn)}</code>`]] as [string, string][])),
  ];
  const outline = `<span class="outline"><span class="grade-pill grade-${gradeClass(pool.score.grade)}">${pool.score.grade ?? "n/a"}</span> ${scoreText(pool.score)} · ${plural(failures.length, "failed check")}</span>`;
  return `<section class="pool" id="${poolAnchor(index)}">
<details${open && failures.length > 0 ? " open" : ""}>
<summary><h2>User pool ${text(pool.name)}</h2> ${outline}</summary>
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>
${renderFailures(failures, view, compact, `No failed checks on this pool.`)}
${renderPasses(passes, view)}
</details>
</section>`;
}

function renderRegional(view: ReportView, compact: boolean): string {
  const { failures, passes } = view.regional;
  if (failures.length === 0 && passes.length === 0) return "";
  return `<section id="regional"><h2>Identity pools and regions</h2>
${renderFailures(failures, view, compact, "No failed checks on identity pools or regions.")}
${renderPasses(passes, view)}
</section>`;
}

function renderFailures(failures: readonly Finding[], view: ReportView, compact: boolean, empty: string): string {
  if (failures.length === 0) return `<p class="empty">${empty}</p>`;
  const body = compact ? renderFailureLines(failures) : failures.map((f) => renderFinding(f, view)).join("\n");
  return `<h3>${plural(failures.length, "failed check")}</h3>\n${body}`;
}

/**
 * Many failures: per severity, each rule (linked to its description in "Rules with failures"),
 * under it each distinct message once, followed by the resources it was found on. Per failure
 * only the resource's name is repeated: 2,000 pools of 10 clients stay a page of a few megabytes.
 */
function renderFailureLines(failures: readonly Finding[]): string {
  const bySeverity = new Map<Severity, string[]>();
  for (const group of byRule(failures)) {
    const first = group[0]!;
    const severity = severityClass(first.severity);
    const byMessage = new Map<string, Finding[]>();
    for (const f of group) {
      const same = byMessage.get(f.message);
      if (same) same.push(f);
      else byMessage.set(f.message, [f]);
    }
    const messages = [...byMessage].map(([message, found]) => `<li>${text(message)}<ul class="on">${found.map((f) => `<li>${text(resourceName(f.resource))}</li>`).join("")}</ul></li>`).join("");
    const line = `<li><a href="#${ruleAnchor(first.ruleId)}">${text(first.ruleId)}</a> (${group.length})<ul>${messages}</ul></li>`;
    const lines = bySeverity.get(severity);
    if (lines) lines.push(line);
    else bySeverity.set(severity, [line]);
  }
  const severities = [...bySeverity].map(([severity, lines]) => `<li><span class="badge sev-${severity}">${severity}</span><ul>\n${lines.join("\n")}\n</ul></li>`);
  return `<ul class="failed">\n${severities.join("\n")}\n</ul>`;
}

/** Each failing rule's rationale, remediation and documentation once, linked from the summary (and the pools, with many failures). */
function renderRules(view: ReportView, compact: boolean): string {
  const failing = new Set(view.failures.map((f) => f.ruleId));
  const rules = view.report.rules.filter((r) => failing.has(r.id));
  if (rules.length === 0) return "";
  const items = rules.map((rule) => {
    const severity = severityClass(rule.severity);
    return `<article class="finding sev-${severity}" id="${ruleAnchor(rule.id)}"><h4><span class="badge sev-${severity}">${severity}</span> <code>${text(rule.id)}</code> ${text(rule.title)}</h4><p>${text(rule.rationale)}</p><p><strong>Remediation:</strong> ${text(rule.remediation)}</p><p class="docs">${link(rule.helpUri, `Rule documentation: ${text(rule.id)}`)}</p></article>`;
  });
  return `<section id="rules"><h2>Rules with failures</h2>
${compact ? "<p>Too many failures to show each in full: evidence and per-resource remediation are in the JSON report (<code>--format json</code>).</p>" : ""}
${items.join("\n")}
</section>`;
}

function renderFinding(f: Finding, view: ReportView): string {
  const rule = view.rule(f.ruleId);
  const severity = severityClass(f.severity);
  const baseline = f.baselineState ? ` <span class="tag">${f.baselineState === "new" ? "new since baseline" : "in baseline"}</span>` : "";
  const evidence = f.evidence && Object.keys(f.evidence).length > 0 ? `<dt>Evidence</dt><dd>${renderEvidence(f.evidence)}</dd>` : "";
  const fingerprint = f.fingerprint ? `<dt>Fingerprint</dt><dd><code>${text(f.fingerprint)}</code></dd>` : "";
  const docs = rule ? `<p class="docs">${link(rule.helpUri, `Rule documentation: ${text(rule.id)}`)}</p>` : "";
  return `<article class="finding sev-${severity}">
<h4><span class="badge sev-${severity}">${severity}</span> <code>${text(f.ruleId)}</code> ${text(rule?.title ?? "")}${baseline}</h4>
<dl>
<dt>Resource</dt><dd>${renderResource(f, view, false)}</dd>
<dt>Finding</dt><dd>${text(f.message)}</dd>
${evidence}
<dt>Remediation</dt><dd>${text(f.remediation)}</dd>
${fingerprint}
</dl>
${docs}
</article>`;
}

/** Evidence as indented JSON: JSON.stringify escapes control characters in strings; each line is then made safe. */
function renderEvidence(evidence: Record<string, unknown>): string {
  return `<details class="evidence"><summary>${plural(Object.keys(evidence).length, "field")}</summary><pre>${(JSON.stringify(evidence, null, 2) ?? "").split("\n").map(text).join("\n")}</pre></details>`;
}

/** "App client shop-web" with its identifier, and the pool it belongs to when asked. */
function renderResource(f: Finding, view: ReportView, withPool: boolean): string {
  const kind = capitalised(kindLabel(f.resource));
  const pool = withPool && f.poolArn && f.poolArn !== f.resource.arn ? ` in pool ${text(view.poolLabel(f.poolArn))}` : "";
  const where = f.poolArn ? "" : ` (${text(f.resource.accountId)}, ${text(f.resource.region)})`;
  return `${kind} <strong>${text(resourceName(f.resource))}</strong>${pool}${where}<br><code class="id">${text(f.resource.arn)}</code>`;
}

function renderPasses(passes: readonly Finding[], view: ReportView): string {
  if (passes.length === 0) return "";
  const items = passes.map((f) => `<li><code>${text(f.ruleId)}</code> ${text(view.rule(f.ruleId)?.title ?? "")} — ${renderResource(f, view, false)}</li>`);
  return `<h3>${plural(passes.length, "passed check")}</h3>\n<ul class="passed">${items.join("\n")}</ul>`;
}

function renderSuppressed(view: ReportView): string {
  if (view.suppressed.length === 0) return "";
  const rows = view.suppressed.map((f) => {
    const severity = severityClass(f.severity);
    const expires = f.suppression?.expires ? text(f.suppression.expires) : "never";
    return `<tr><td><span class="badge sev-${severity}">${severity}</span></td><td><code>${text(f.ruleId)}</code><br>${text(view.rule(f.ruleId)?.title ?? "")}</td><td>${renderResource(f, view, true)}</td><td>${text(f.suppression?.reason ?? "")}</td><td>${expires}</td></tr>`;
  });
  return `<section id="suppressed"><h2>Suppressed (${view.suppressed.length})</h2>
<p>Accepted in the configuration; they count neither for nor against the scores.</p>
<table><thead><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Justification</th><th>Expires</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></section>`;
}

/** Rows listed per cause of unevaluated checks, and causes listed; the rest are counted (the JSON report has them all). */
const CAUSE_ROWS = 100;
const CAUSE_GROUPS = 20;

function renderCoverage(view: ReportView): string {
  const { report, notEvaluated } = view;
  const parts = [`<p>${percent(report.score.coverage)} of checks were evaluated.</p>`];
  if (notEvaluated.length > 0) {
    parts.push(`<h3>Not evaluated (${notEvaluated.length})</h3>`);
    for (const group of view.causes.slice(0, CAUSE_GROUPS)) {
      const rows = group.findings
        .slice(0, CAUSE_ROWS)
        .map((finding) => `<tr><td><code>${text(finding.ruleId)}</code></td><td>${renderResource(finding, view, true)}</td><td>${text(finding.reason)}</td></tr>`);
      const more = group.findings.length > CAUSE_ROWS ? `<p class="empty">…and ${group.findings.length - CAUSE_ROWS} more: see <code>--format json</code>.</p>` : "";
      parts.push(`<details class="cause"><summary><h4>${text(group.label)} — ${plural(group.findings.length, "check")}</h4></summary>
<table><thead><tr><th>Rule</th><th>Resource</th><th>Reason</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>${more}</details>`);
    }
    const rest = view.causes.slice(CAUSE_GROUPS);
    if (rest.length > 0) {
      const checks = rest.reduce((n, g) => n + g.findings.length, 0);
      parts.push(`<p class="empty">…and ${plural(rest.length, "other cause")} (${plural(checks, "check")}): see <code>--format json</code>.</p>`);
    }
  }
  if (report.errors.length > 0) parts.push(renderErrors(report.errors, view));
  if (notEvaluated.length === 0 && report.errors.length === 0) parts.push('<p class="empty">Every check could be evaluated and every collection call succeeded.</p>');
  return `<section id="coverage"><h2>Coverage</h2>\n${parts.join("\n")}\n</section>`;
}

function renderErrors(errors: readonly ReportError[], view: ReportView): string {
  const rows = errors.map((e) => {
    const pool = e.poolArn ? text(view.poolLabel(e.poolArn)) : "";
    return `<tr><td>${text(e.accountId)}<br>${text(e.region)}</td><td>${pool}</td><td><code>${text(e.operation)}</code></td><td><code>${text(e.code)}</code></td><td>${e.resource !== undefined ? `<code class="id">${text(e.resource)}</code>` : ""}</td><td>${text(e.message)}</td></tr>`;
  });
  return `<h3>Collection errors (${errors.length})</h3>
<table><thead><tr><th>Where</th><th>User pool</th><th>Operation</th><th>Code</th><th>Resource</th><th>Message</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

/** CloudTrail sign-in activity per pool, or why it could not be analysed. */
function renderActivity(view: ReportView): string {
  const activity = view.report.activity;
  if (!activity.available) return `<section id="activity"><h2>Sign-in activity</h2><p class="empty">Not analysed: ${text(activity.reason)}.</p></section>`;
  const rows = activity.pools
    .map(
      (p) =>
        `<tr><td>${text(view.poolLabel(p.poolArn))}</td><td>${p.events}</td><td>${p.signIns}</td><td>${p.failedSignIns}</td><td>${p.topFailingIps.map((i) => `${text(i.ip)} (${i.failures})`).join(", ")}</td></tr>`,
    )
    .join("\n");
  const table = activity.events === 0
    ? '<p class="empty">No cognito-idp events in the window: the behaviour checks saw nothing to judge.</p>'
    : `<table><thead><tr><th>User pool</th><th>Events</th><th>Sign-ins</th><th>Failed</th><th>Top failing source IPs</th></tr></thead><tbody>${rows}</tbody></table>`;
  return `<section id="activity"><h2>Sign-in activity</h2>
<p>${text(activity.source)}, ${text(activity.start)} to ${text(activity.end)}: ${activity.events} event(s)${activity.unattributed ? `, ${activity.unattributed} for pools not in this scan` : ""}.</p>
${table}</section>`;
}

function renderNotes(notes: readonly string[]): string {
  if (notes.length === 0) return "";
  return `<section id="notes"><h2>Notes</h2><ul>${notes.map((n) => `<li>${text(n)}</li>`).join("\n")}</ul></section>`;
}

function renderFooter(report: Report): string {
  return `<footer><p>${link(report.tool.informationUri, `${text(report.tool.name)} ${text(report.tool.version)}`)} · scores: 100 × passed weight / evaluated weight (critical 10, high 5, medium 3, low 1, info 0); grade A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F; an unsuppressed critical failure caps the grade at D.</p></footer>`;
}

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; }
h4 { font-size: 15px; margin: 0 0 8px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
code { overflow-wrap: anywhere; }
code.id { color: var(--muted); font-size: 12px; }
pre { margin: 0; padding: 8px; background: var(--bg-soft); border: 1px solid var(--line); border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: #0b5cad; }
.meta, .empty, footer { color: var(--muted); }
footer { margin-top: 40px; font-size: 13px; border-top: 1px solid var(--line); padding-top: 8px; }
.summary { display: grid; grid-template-columns: auto 1fr; gap: 16px 32px; align-items: start; margin-top: 16px; }
.summary .chart { grid-column: 1 / -1; }
.summary .chart h2 { font-size: 16px; border: 0; margin: 0 0 8px; }
.score { display: flex; flex-direction: column; align-items: center; padding: 16px 28px; border: 3px solid currentColor; border-radius: 12px; min-width: 180px; }
.score .grade { font-size: 72px; font-weight: 800; line-height: 1; }
.score .value { font-size: 32px; font-weight: 700; }
.score .value small { font-size: 16px; font-weight: 400; }
.score .l, .tile .l { font-size: 13px; color: var(--muted); }
.grade-good { color: #1a7f37; } .grade-fair { color: #9a6700; } .grade-poor { color: #c62828; } .grade-none { color: var(--muted); }
.grade-pill { font-weight: 700; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 12px; }
.tile { display: flex; flex-direction: column; padding: 8px 16px; background: var(--bg-soft); border: 1px solid var(--line); border-radius: 8px; min-width: 110px; }
.tile .n { font-size: 24px; font-weight: 700; }
.gate { padding: 8px 12px; border-radius: 8px; border: 1px solid; }
.gate p, .gate ul { margin: 4px 0; }
.gate.passed { border-color: #1a7f37; background: #dafbe1; }
.gate.failed { border-color: #c62828; background: #ffebe9; }
.warn { color: #9a6700; }
svg.bars { max-width: 100%; height: auto; font-size: 13px; }
svg.bars text { fill: var(--fg); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--bg-soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.finding { border: 1px solid var(--line); border-left: 6px solid; border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
.finding dt { font-weight: 600; color: var(--muted); }
.finding dd { margin: 0; min-width: 0; }
.finding .docs { margin: 8px 0 0; font-size: 14px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; vertical-align: 1px; }
.tag { font-size: 12px; font-weight: 400; border: 1px solid var(--line); border-radius: 10px; padding: 0 6px; }
.sev-critical { border-left-color: ${SEVERITY_COLOR.critical}; } .badge.sev-critical { background: ${SEVERITY_COLOR.critical}; }
.sev-high { border-left-color: ${SEVERITY_COLOR.high}; } .badge.sev-high { background: ${SEVERITY_COLOR.high}; }
.sev-medium { border-left-color: ${SEVERITY_COLOR.medium}; } .badge.sev-medium { background: ${SEVERITY_COLOR.medium}; }
.sev-low { border-left-color: ${SEVERITY_COLOR.low}; } .badge.sev-low { background: ${SEVERITY_COLOR.low}; }
.sev-info { border-left-color: ${SEVERITY_COLOR.info}; } .badge.sev-info { background: ${SEVERITY_COLOR.info}; }
ul.passed, ul.failed { font-size: 14px; padding-left: 20px; }
ul.failed ul { padding-left: 20px; }
ul.failed > li > ul > li > a { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
ul.failed ul.on { display: inline; padding: 0; }
ul.on::before { content: " — "; }
ul.on li { display: inline; font-weight: 600; }
ul.on li + li::before { content: ", "; font-weight: 400; }
.executive dl.facts { margin-bottom: 8px; }
.sev-text.sev-critical { color: ${SEVERITY_COLOR.critical}; } .sev-text.sev-high { color: ${SEVERITY_COLOR.high}; }
.gate-passed { color: #1a7f37; font-weight: 700; } .gate-failed { color: #c62828; font-weight: 700; }
details.cause > summary, details.evidence > summary { cursor: pointer; }
details.cause > summary h4 { display: inline; }
.pool { border-bottom: 1px solid var(--line); }
.pool > details > summary { cursor: pointer; padding: 8px 0; }
.pool > details > summary h2 { display: inline; border: 0; margin: 0; }
.pool > details > summary .outline { color: var(--muted); margin-left: 8px; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  .finding, tr, .summary, dl.facts { break-inside: avoid; }
  .pool { break-before: page; }
  .pool > details > summary { list-style: none; }
  a { color: inherit; text-decoration: none; }
  .docs a::after, footer a::after { content: " (" attr(href) ")"; font-size: 9pt; color: var(--muted); overflow-wrap: anywhere; }
}
`;
