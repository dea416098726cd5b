// The HTML report: one self-contained page for a security lead. No script, no external asset, and a
// Content-Security-Policy that forbids both; every string that came from AWS is escaped.
import { asText } from "../util/text.js";
import type { Finding } from "../engine/findings.js";
import { SEVERITIES, type Severity } from "../engine/severity.js";
import { escapeHtml } from "./escape.js";
import { unlistedText, unreachableText, type Report, type ReportError } from "./model.js";
import { terminalSafe } from "../util/terminal.js";
import { buildView, byRule, kindLabel, percent, resourceName, scoreText, type PoolView, type ReportView } from "./view.js";

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
/** The failing pools' sections are open when there are at most this many; else every pool is collapsed. */
export const OPEN_FAILING_POOLS = 10;

export function renderHtml(report: Report): string {
  return [...renderHtmlChunks(report)].join("");
}

/** The page in pieces: one per section and one per pool, never one string for the whole estate. */
export function* renderHtmlChunks(report: Report): Generator<string> {
  const view = buildView(report);
  const listed = view.failures.length + view.regional.passes.length + view.pools.reduce((n, p) => n + p.passes.length, 0);
  const compact = listed > FULL_DETAIL_FINDINGS;
  const open = view.pools.filter((p) => p.failures.length > 0).length <= OPEN_FAILING_POOLS;
  yield `${[
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(report.tool.name)} report</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    renderHeader(report),
    renderSummary(report),
    renderBaseline(report),
    renderAccounts(view),
    renderPoolIndex(view),
  ].join("\n")}\n`;
  for (let i = 0; i < view.pools.length; i++) yield `${renderPool(view.pools[i]!, i, view, compact, open)}\n`;
  yield [
    renderRegional(view, compact),
    compact ? renderRules(view) : "",
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
<h1>Amazon Cognito security audit</h1>
<p class="meta">Snapshot collected ${text(report.snapshot.collectedAt)}${source} · report generated ${text(report.generatedAt)} by ${text(report.tool.name)} ${text(report.tool.version)} · configuration: ${config}</p>
</header>`;
}

function renderSummary(report: Report): string {
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
${renderGate(gate)}
</div>
<div class="chart"><h2>Failed checks by severity</h2>${renderSeverityChart(report.findings)}</div>
</section>`;
}

function renderGate(gate: Report["gate"]): string {
  const settings = `fail on ${text(gate.failOn)}${gate.minScore !== null ? `, minimum score ${Number(gate.minScore)}` : ""}`;
  const head = gate.passed ? `<strong>Gate passed</strong> (${settings})` : `<strong>Gate failed</strong> (${settings})`;
  const reasons = gate.reasons.length ? `<ul>${gate.reasons.map((r) => `<li>${text(r)}</li>`).join("")}</ul>` : "";
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
  const facts: [string, string][] = [
    ["ID", `<code>${text(pool.id)}</code>`],
    ["Account", text(pool.accountId)],
    ["Region", text(pool.region)],
    ["Score", scoreText(pool.score)],
    ["Grade", `<span class="grade-pill grade-${gradeClass(pool.score.grade)}">${pool.score.grade ?? "n/a"}</span>`],
    ["Coverage", percent(pool.score.coverage)],
    ["ARN", `<code>${text(pool.arn)}</code>`],
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
  const body = compact ? renderFailureLines(failures, view) : failures.map((f) => renderFinding(f, view)).join("\n");
  return `<h3>${plural(failures.length, "failed check")}</h3>\n${body}`;
}

/** Many failures: one line each under its rule, the rules in the order of their most severe failure. */
function renderFailureLines(failures: readonly Finding[], view: ReportView): string {
  return byRule(failures)
    .map((group) => {
      const first = group[0]!;
      const severity = severityClass(first.severity);
      const items = group.map((f) => `<li>${capitalised(kindLabel(f.resource))} <strong>${text(resourceName(f.resource))}</strong>: ${text(f.message)}</li>`).join("");
      return `<h4><span class="badge sev-${severity}">${severity}</span> <a href="#${ruleAnchor(first.ruleId)}"><code>${text(first.ruleId)}</code></a> ${text(view.ruleTitle(first.ruleId))} (${group.length})</h4><ul class="failed">${items}</ul>`;
    })
    .join("\n");
}

/** With many failures, each failing rule's rationale, remediation and documentation once, linked from the pools. */
function renderRules(view: ReportView): string {
  const failing = new Set(view.failures.map((f) => f.ruleId));
  const rules = view.report.rules.filter((r) => failing.has(r.id));
  if (rules.length === 0) return "";
  const items = rules.map((rule) => {
    const severity = severityClass(rule.severity);
    return `<article class="finding sev-${severity}" id="${ruleAnchor(rule.id)}"><h4><span class="badge sev-${severity}">${severity}</span> <code>${text(rule.id)}</code> ${text(rule.title)}</h4><p>${text(rule.rationale)}</p><p><strong>Remediation:</strong> ${text(rule.remediation)}</p><p class="docs">${link(rule.helpUri, `Rule documentation: ${text(rule.id)}`)}</p></article>`;
  });
  return `<section id="rules"><h2>Rules with failures</h2>
<p>Too many failures to show each in full: evidence and per-resource remediation are in the JSON report (<code>--format json</code>).</p>
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
  return `<pre>${(JSON.stringify(evidence, null, 2) ?? "").split("\n").map(text).join("\n")}</pre>`;
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

/** Rows listed per cause of unevaluated checks; the rest are counted (the JSON report has them all). */
const CAUSE_ROWS = 100;

function renderCoverage(view: ReportView): string {
  const { report, notEvaluated } = view;
  const parts = [`<p>${percent(report.score.coverage)} of checks were evaluated.</p>`];
  if (notEvaluated.length > 0) {
    parts.push(`<h3>Not evaluated (${notEvaluated.length})</h3>`);
    for (const group of view.causes) {
      const rows = group.findings
        .slice(0, CAUSE_ROWS)
        .map((finding) => `<tr><td><code>${text(finding.ruleId)}</code></td><td>${renderResource(finding, view, true)}</td><td>${text(finding.reason)}</td></tr>`);
      const more = group.findings.length > CAUSE_ROWS ? `<p class="empty">…and ${group.findings.length - CAUSE_ROWS} more: see <code>--format json</code>.</p>` : "";
      parts.push(`<h4>${text(group.label)} — ${plural(group.findings.length, "check")}</h4>
<table><thead><tr><th>Rule</th><th>Resource</th><th>Reason</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>${more}`);
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
