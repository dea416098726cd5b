import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Suppression } from "../../src/engine/config.js";
import type { Finding } from "../../src/engine/findings.js";
import { score } from "../../src/engine/scoring.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { renderHtml, renderHtmlChunks } from "../../src/report/html.js";
import type { Report } from "../../src/report/model.js";
import { escapeHtml } from "../../src/report/escape.js";
import { buildView, gateReasons } from "../../src/report/view.js";
import { loadSnapshot } from "../../src/snapshot/io.js";
import { generateSnapshot } from "../../bench/generate.js";
import { scanReport } from "../helpers/scan.js";
import { accountOf, estateOf, poolIn, regionOf, unreachableAccount } from "../helpers/estate.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const NOW = new Date("2026-12-01T00:00:00.000Z");
/** The page for 2,000 pools of 10 clients (bench/generate.ts) must stay under this many bytes. */
const HTML_BUDGET_2000_POOLS = 15 * 1024 * 1024;
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;
const fixture = (name: string) => join(PACKAGE_ROOT, "fixtures", name);

/** A report built the way `scan` builds it. */
const reportOf = (snapshot: Snapshot, options: { suppressions?: Suppression[]; includePassed?: boolean } = {}) => scanReport(snapshot, { now: NOW, events: "off", ...options });

const scenario = async (name: string, options?: Parameters<typeof reportOf>[1]) => reportOf(await loadSnapshot(fixture(`scenarios/${name}.json`)), options);

/** The inside of the (never nested) <section> with this id; "" when there is none. */
function section(html: string, id: string): string {
  const match = new RegExp(`<section[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</section>`).exec(html);
  return match?.[1] ?? "";
}

const emptyReport = (): Report => ({
  format: "cognito-audit/report",
  version: 1,
  tool: { name: "cognito-audit", version: "0.1.0", informationUri: "https://github.com/cognito-audit/cognito-audit" },
  generatedAt: NOW.toISOString(),
  snapshot: { collectedAt: NOW.toISOString(), source: "aws" },
  config: { source: null, preset: "default" },
  score: score([]),
  gate: { passed: true, incomplete: false, reasons: [], failOn: "high", minScore: null, unlistedRegions: [], unreachableAccounts: [] },
  pools: [],
  accounts: [],
  rules: [],
  includesPassed: false,
  findings: [],
  errors: [],
  notes: [],
  activity: { available: false, reason: "no CloudTrail events were analysed" },
});

const HOSTILE_NAME = "<img src=x onerror=alert(1)>";
const HOSTILE_MESSAGE = "</style><script>alert(1)</script>";
const NASTY = "a]]>b | c `code` d\ne\u001b[31mred\u202eevil";

/** A report in which every AWS-provided string is hostile. */
function hostileReport(): Report {
  const poolArn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Evil";
  const base = emptyReport();
  const poolFinding: Finding = {
    ruleId: "mfa-disabled",
    severity: "high",
    status: "fail",
    resource: { arn: poolArn, type: "AWS::Cognito::UserPool", name: HOSTILE_NAME, accountId: "123456789012", region: "eu-west-1" },
    poolArn,
    message: HOSTILE_MESSAGE,
    evidence: { note: NASTY, nested: { html: "<b onmouseover=alert(1)>x</b>" } },
    remediation: `Fix ${NASTY}`,
  };
  const clientArn = `${poolArn}/client/<svg onload=alert(1)>`;
  return {
    ...base,
    snapshot: { collectedAt: NOW.toISOString(), source: `snap<${NASTY}>.json` },
    config: { source: `"><script>alert(1)</script>`, preset: "strict" },
    pools: [{ arn: poolArn, id: "eu-west-1_Evil", name: HOSTILE_NAME, accountId: "123456789012", region: "eu-west-1", score: score([poolFinding]) }],
    rules: [{ id: "mfa-disabled", severity: "high", title: "MFA is off", resourceType: "userPool", rationale: "r", remediation: "m", anchors: [], helpUri: "javascript:alert(1)" }],
    findings: [
      poolFinding,
      { ...poolFinding, ruleId: "client-x", status: "suppressed", resource: { ...poolFinding.resource, arn: clientArn, type: "AWS::Cognito::UserPoolClient" }, suppression: { reason: `ok ${HOSTILE_MESSAGE}`, expires: "<i>2027</i>" } },
      { ...poolFinding, ruleId: "client-y", status: "not_evaluated", reason: `ListUserPoolClients failed with <b>Denied</b>: ${NASTY}` },
      { ...poolFinding, ruleId: "idp-z", severity: "bogus\" onclick=\"x" as Finding["severity"], poolArn: undefined, resource: { ...poolFinding.resource, type: "AWS::Cognito::IdentityPool" } },
    ],
    errors: [{ operation: "<Op>", code: "<Code>", message: HOSTILE_MESSAGE, resource: HOSTILE_NAME, accountId: "123456789012", region: "eu-west-1", poolArn }],
    notes: [NASTY],
    gate: { passed: false, incomplete: true, reasons: [HOSTILE_MESSAGE], failOn: "high", minScore: 80, unlistedRegions: [], unreachableAccounts: [] },
  };
}

describe("HTML report", () => {
  it("is one self-contained HTML5 page with a strict Content-Security-Policy first in the head", async () => {
    const html = renderHtml(await reportOf(await loadSnapshot(fixture("snapshots/demo.json"))));
    expect(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")).toBe(true);
    expect(html.indexOf(CSP)).toBeGreaterThan(0);
    expect(html.indexOf(CSP)).toBeLessThan(html.indexOf("<style>"));
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("shows the score, grade, coverage, counts, gate and a severity chart built from the counts", async () => {
    const report = await scenario("b2c-shop");
    const html = renderHtml(report);
    const summary = section(html, "summary");
    expect(summary).toContain(`<span class="grade">${report.score.grade}</span>`);
    expect(summary).toContain(`${report.score.value!.toFixed(1)}<small>/100</small>`);
    expect(summary).toContain(`Coverage <strong>${Math.round(report.score.coverage! * 100)}%</strong>`);
    expect(summary).toContain(`<span class="n">${report.score.counts.fail}</span><span class="l">Failed</span>`);
    expect(summary).toContain("<strong>Gate failed</strong> (fail on high)");
    // The reasons as every human format names them: each failure with its client and pool (escaped).
    for (const reason of gateReasons(buildView(report))) expect(summary).toContain(`<li>${escapeHtml(reason)}</li>`);

    const failed = report.findings.filter((f) => f.status === "fail");
    const bySeverity = (s: string) => failed.filter((f) => f.severity === s).length;
    const max = Math.max(...["critical", "high", "medium", "low", "info"].map(bySeverity));
    const bars = [...summary.matchAll(/<text x="0" y="\d+">(\w+)<\/text><rect [^>]*width="(\d+)"[^>]*\/><text [^>]*>(\d+)<\/text>/g)];
    expect(bars.map((b) => b[1])).toEqual(["critical", "high", "medium", "low", "info"]);
    for (const [, severity, width, count] of bars) {
      expect(Number(count)).toBe(bySeverity(severity!));
      expect(Number(width)).toBe(Math.round((bySeverity(severity!) / max) * 300));
    }
    expect(bars.some((b) => b[2] === "300")).toBe(true);
  });

  it("gives each pool a section with its facts and its failed findings, each linked to its rule's documentation", async () => {
    const report = await scenario("b2c-shop");
    const html = renderHtml(report);
    const [pool] = report.pools;
    const body = section(html, "pool-1");
    expect(body).toContain(`<h2>User pool ${pool!.name}</h2>`);
    expect(body).toContain(`<dt>ID</dt><dd><code>${pool!.id}</code></dd>`);
    expect(body).toContain(`<dt>Region</dt><dd>${pool!.region}</dd>`);
    expect(body).toContain(`<dt>Score</dt><dd>${pool!.score.value!.toFixed(1)}</dd>`);
    expect(body).toContain(`<dt>Coverage</dt><dd>${Math.round(pool!.score.coverage! * 100)}%</dd>`);
    const articles = body.split('<article class="finding').slice(1);
    const failed = report.findings.filter((f) => f.status === "fail");
    expect(articles).toHaveLength(failed.length);
    articles.forEach((article, i) => {
      const finding = failed[i]!;
      const rule = report.rules.find((r) => r.id === finding.ruleId)!;
      expect(article).toContain(`<span class="badge sev-${finding.severity}">${finding.severity}</span> <code>${finding.ruleId}</code>`);
      expect(article).toContain(rule.title.replaceAll('"', "&quot;").replaceAll("'", "&#39;"));
      expect(article).toContain(`<a href="${rule.helpUri}" rel="noopener noreferrer">`);
      expect(article).toContain(finding.resource.arn);
      // Evidence is collapsed: its fields are one click away.
      if (finding.evidence) expect(article).toMatch(/<dt>Evidence<\/dt><dd><details class="evidence"><summary>\d+ fields?<\/summary><pre>\{\n {2}&quot;/);
    });
    expect(section(html, "pools-index")).toContain(`<a href="#pool-1">${pool!.name}</a>`);
  });

  it("lists identity-pool and region findings in their own section, not under a pool", async () => {
    for (const name of ["identity-pool-guest", "region-no-trail"]) {
      const report = await scenario(name);
      const html = renderHtml(report);
      const regional = section(html, "regional");
      const failed = report.findings.filter((f) => f.status === "fail" && !f.poolArn);
      expect(failed.length).toBeGreaterThan(0);
      for (const f of failed) {
        expect(regional).toContain(`<code>${f.ruleId}</code>`);
        expect(section(html, "pool-1")).not.toContain(`<code>${f.ruleId}</code>`);
      }
    }
    expect(renderHtml(await scenario("b2c-shop"))).not.toContain('id="regional"');
  });

  it("lists suppressed findings with their reasons, and passed checks when the report includes them", async () => {
    const suppressions = [{ rule: "callback-url-open", resource: "*", reason: "preview deployments are ours", expires: "2027-06-30" }];
    const report = await scenario("b2c-shop", { suppressions, includePassed: true });
    const html = renderHtml(report);
    const suppressed = section(html, "suppressed");
    expect(suppressed).toContain("<code>callback-url-open</code>");
    expect(suppressed).toContain("<td>preview deployments are ours</td><td>2027-06-30</td>");
    expect(section(html, "pool-1")).not.toContain("<code>callback-url-open</code>");
    const passes = report.findings.filter((f) => f.status === "pass" && f.poolArn === report.pools[0]!.arn).length;
    expect(passes).toBeGreaterThan(0);
    expect(section(html, "pool-1")).toContain(`<h3>${passes} passed checks</h3>`);
    expect(section(html, "pool-1").match(/<li><code>/g)).toHaveLength(passes);
  });

  it("groups what could not be evaluated by cause in the Coverage section, with the collection errors", async () => {
    const report = await scenario("cross-account-triggers");
    const html = renderHtml(report);
    const coverage = section(html, "coverage");
    const notEvaluated = report.findings.filter((f) => f.status === "not_evaluated");
    expect(notEvaluated.length).toBeGreaterThan(1);
    expect(coverage).toContain(`<h3>Not evaluated (${notEvaluated.length})</h3>`);
    expect(coverage).toContain(`<h4>GetFunctionConfiguration failed with AccessDeniedException — ${notEvaluated.length} checks</h4>`);
    expect(coverage).toContain(`<h3>Collection errors (${report.errors.length})</h3>`);
    for (const e of report.errors) expect(coverage).toContain(`<code>${e.operation}</code></td><td><code>${e.code}</code>`);
    expect(section(html, "summary")).toContain("Incomplete:");
  });

  it("escapes every AWS-provided string and keeps control characters out", () => {
    const html = renderHtml(hostileReport());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg onload/i);
    expect(html).not.toMatch(/<b[ >]/i);
    expect(html).not.toMatch(/<i>/);
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html).toContain("<h2>User pool &lt;img src=x onerror=alert(1)&gt;</h2>");
    expect(html).toContain("<dt>Finding</dt><dd>&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;</dd>");
    expect(html).toContain("<li>a]]&gt;b | c `code` d eredevil</li>");
    expect(html).toContain("&quot;html&quot;: &quot;&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;&quot;");
    expect(html).toContain("<code>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code>");
    // A severity that is not one is not copied into a class attribute.
    expect(html).not.toContain("onclick");
    expect(html).toContain('<span class="badge sev-info">info</span>');
    // A documentation address that is not http(s) is shown, never linked.
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).toContain("<code>javascript:alert(1)</code>");
  });

  it("loads nothing: no script, no external stylesheet, image or font, and links only to documentation", async () => {
    for (const report of [hostileReport(), await scenario("b2c-shop"), await reportOf(await loadSnapshot(fixture("snapshots/demo.json")))]) {
      const html = renderHtml(report);
      const tags = html.match(/<[a-z][^>]*>/gi)!;
      expect(tags.length).toBeGreaterThan(50);
      for (const tag of tags) expect(tag).not.toMatch(/^<(script|link|iframe|object|embed|base|img|form)\b|\s(src|srcset|action|style|on\w+)=/i);
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
      expect(style).not.toMatch(/@import|url\(/i);
      const anchors = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
      const allowed = new Set([report.tool.informationUri, ...report.rules.map((r) => r.helpUri)]);
      const hrefs = [...html.matchAll(/<(\w+)[^>]*\bhref="([^"]*)"/g)];
      expect(hrefs.length).toBeGreaterThan(0);
      for (const [, tag, href] of hrefs) {
        expect(tag).toBe("a");
        if (href!.startsWith("#")) expect(anchors.has(href!.slice(1))).toBe(true);
        else expect(allowed.has(href!)).toBe(true);
      }
    }
  });

  it("renders an empty report", () => {
    const html = renderHtml(emptyReport());
    expect(html).toContain('<span class="grade">–</span><span class="value">n/a<small>/100</small></span>');
    expect(html).toContain("Coverage <strong>n/a</strong> of checks evaluated across 0 user pools.");
    expect(section(html, "pools-index")).toContain("No user pools were found.");
    expect(html).not.toContain('class="pool"');
    expect(html).not.toContain('id="regional"');
    expect(html).not.toContain('id="suppressed"');
    expect(section(html, "coverage")).toContain("Every check could be evaluated and every collection call succeeded.");
    expect(html).toContain("<strong>Gate passed</strong> (fail on high)");
    expect([...html.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => m[1])).toEqual(["0", "0", "0", "0", "0"]);
  });
});

describe("HTML executive summary and title", () => {
  const A = "111111111111";
  const B = "222222222222";
  const C = "333333333333";
  /** A: two regions, two weak pools of three; B: one hardened pool; C: never reached. */
  const estate = () =>
    estateOf([
      accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1", { weak: true }), poolIn(A, "eu-west-1")]), regionOf("us-east-1", [poolIn(A, "us-east-1", { weak: true })])], { name: "prod" }),
      accountOf(B, [regionOf("eu-west-1", [poolIn(B, "eu-west-1")])], { name: "staging" }),
      unreachableAccount(C, "sandbox"),
    ]);

  it("names the accounts and the report date in the title and the heading", async () => {
    const several = renderHtml(await reportOf(estate()));
    expect(several).toContain("<title>Amazon Cognito audit: 3 accounts, 2026-12-01</title>");
    expect(several).toContain("<h1>Amazon Cognito security audit: 3 accounts, 2026-12-01</h1>");
    const one = renderHtml(await reportOf(estateOf([accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1")])], { name: "prod" })])));
    expect(one).toContain(`<title>Amazon Cognito audit: ${A} (prod), 2026-12-01</title>`);
    expect(one).toContain(`<h1>Amazon Cognito security audit: ${A} (prod), 2026-12-01</h1>`);
    expect(renderHtml(emptyReport())).toContain("<title>Amazon Cognito audit: no account, 2026-12-01</title>");
    // An account name is AWS text.
    const hostile = renderHtml(await reportOf(estateOf([accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1")])], { name: "</title><script>x</script>" })])));
    expect(hostile).toContain(`<title>Amazon Cognito audit: ${A} (&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;), 2026-12-01</title>`);
    expect(hostile).not.toMatch(/<script/i);
  });

  it("comes first: accounts, regions and pools covered, score, worst pools, top risks, gate and coverage", async () => {
    const report = await reportOf(estate());
    const html = renderHtml(report);
    expect(html.indexOf('<section id="executive"')).toBeGreaterThan(html.indexOf("</header>"));
    expect(html.indexOf('<section id="executive"')).toBeLessThan(html.indexOf('<section id="summary"'));
    const summary = section(html, "executive");
    expect(summary).toContain(`<dt>Accounts</dt><dd>3: ${A} (prod), ${B} (staging), ${C} (sandbox)</dd>`);
    expect(summary).toContain("<dt>Regions</dt><dd>2: eu-west-1, us-east-1</dd>");
    expect(summary).toContain("<dt>User pools audited</dt><dd>4</dd>");
    expect(summary).toMatch(new RegExp(`<dt>Overall</dt><dd><span class="grade-pill grade-\\w+">${report.score.grade}</span> ${report.score.value!.toFixed(1)}/100 · ${report.score.counts.fail} failed checks</dd>`));
    expect(report.gate.passed).toBe(false);
    expect(summary).toMatch(/<dt>Gate<\/dt><dd><span class="gate-failed">Failed \(fail on high\)(, incomplete)?<\/span><\/dd>/);
    expect(summary).toMatch(/<dt>Coverage<\/dt><dd>\d+% of checks evaluated/);

    // The worst pools: the scored pools with failures, lowest score first, each linked to its section.
    const worst = [...summary.matchAll(/<tr><td><a href="#(pool-\d+)">([^<]*)<\/a><\/td><td>(\d+)<br>([\w-]+)<\/td><td><span class="grade-pill grade-\w+">([A-F])<\/span> ([\d.]+)<\/td><td>(\d+) failures?: /g)];
    const failing = report.pools.filter((p) => p.score.counts.fail > 0).sort((a, b) => a.score.value! - b.score.value!);
    expect(failing.length).toBeGreaterThan(1);
    expect(worst.map((m) => m[6])).toEqual(failing.slice(0, 5).map((p) => p.score.value!.toFixed(1)));
    for (const [, anchor, label, , , grade, , count] of worst) {
      const pool = report.pools.find((p) => label!.startsWith(p.name) && label!.includes(p.id))!;
      expect(grade).toBe(pool.score.grade);
      expect(Number(count)).toBe(pool.score.counts.fail);
      expect(section(html, anchor!)).toContain(`<h2>User pool ${pool.name}</h2>`);
    }

    // The top risks: critical before high, then by failures; counted over every account.
    const risks = [...summary.matchAll(/<tr><td><span class="badge sev-(\w+)">\w+<\/span><\/td><td><a href="#(rule-[^"]+)"><code>([^<]+)<\/code><\/a> [^<]*<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><\/tr>/g)];
    expect(risks.length).toBeGreaterThan(0);
    expect(risks.length).toBeLessThanOrEqual(5);
    const serious = report.findings.filter((f) => f.status === "fail" && (f.severity === "critical" || f.severity === "high"));
    for (const [, severity, anchor, ruleId, failures, resources, pools] of risks) {
      const of = serious.filter((f) => f.ruleId === ruleId);
      expect(severity).toBe(of[0]!.severity);
      expect(Number(failures)).toBe(of.length);
      expect(Number(resources)).toBe(new Set(of.map((f) => f.resource.arn)).size);
      expect(Number(pools)).toBe(new Set(of.map((f) => f.poolArn).filter(Boolean)).size);
      expect(section(html, "rules")).toContain(`id="${anchor}"`);
    }
    const ranked = risks.map((m) => [m[1] === "critical" ? 0 : 1, -Number(m[4])]);
    expect(ranked).toEqual([...ranked].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    const shown = new Set(risks.map((m) => m[3]));
    const counts = new Map<string, number>();
    for (const f of serious) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    // No rule left out has more failures of the same severity than the last one shown.
    const last = risks[risks.length - 1]!;
    for (const [ruleId, n] of counts) if (!shown.has(ruleId) && serious.find((f) => f.ruleId === ruleId)!.severity === last[1]) expect(n).toBeLessThanOrEqual(Number(last[4]));
  });

  it("says when nothing failed and everything was evaluated", () => {
    const summary = section(renderHtml(emptyReport()), "executive");
    expect(summary).toContain("<dt>Accounts</dt><dd>0</dd>");
    expect(summary).toContain("<dt>User pools audited</dt><dd>0</dd>");
    expect(summary).toContain("No user pool has a failed check.");
    expect(summary).toContain("No critical or high failures.");
    expect(summary).toContain("every check could be evaluated");
    expect(summary).toContain('<span class="gate-passed">Passed (fail on high)</span>');
  });

  it("states what could not be evaluated, with the most frequent cause", async () => {
    const report = await scenario("cross-account-triggers");
    const summary = section(renderHtml(report), "executive");
    const notEvaluated = report.findings.filter((f) => f.status === "not_evaluated").length;
    expect(summary).toContain(`${notEvaluated} checks not evaluated (1 cause, most often: GetFunctionConfiguration failed with AccessDeniedException): see <a href="#coverage">Coverage</a>.`);
    expect(summary).toContain(`${report.errors.length} collection call${report.errors.length === 1 ? "" : "s"} failed.`);
  });
});

describe("HTML report of a large estate", () => {
  it("2,000 pools × 10 clients: one collapsed section per pool, worst first, each failure a name under its rule and message, within a size budget", async () => {
    const report = await reportOf(generateSnapshot(2_000, 10));
    const failures = report.findings.filter((f) => f.status === "fail").length;
    expect(failures).toBeGreaterThan(50_000);
    const chunks = [...renderHtmlChunks(report)];
    const bytes = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
    // Measured 13.7 MB; 29.2 MB with each failure on a line of its own under its rule's title, and
    // 116 MB with every failure in full. The budget leaves some room, not a page twice the size.
    expect(bytes).toBeLessThan(HTML_BUDGET_2000_POOLS);
    expect(chunks.length).toBeGreaterThan(2_000);
    const html = chunks.join("");
    const sections = [...html.matchAll(/<section class="pool" id="pool-(\d+)">\n<details( open)?>\n<summary><h2>User pool ([^<]*)<\/h2>/g)];
    expect(sections).toHaveLength(2_000);
    // Many failing pools: every one collapsed.
    expect(sections.filter((m) => m[2])).toEqual([]);
    const scores = new Map(report.pools.map((p) => [p.name, p.score.value ?? 101]));
    const inOrder = sections.map((m) => scores.get(m[3]!)!);
    expect(inOrder.every((v, i) => i === 0 || v >= inOrder[i - 1]!)).toBe(true);
    // Each failure is its resource's name under its rule and message; the rules are described once,
    // the pools are not indexed a second time, and every link into the page lands.
    const names = [...html.matchAll(/<ul class="on">(.*?)<\/ul>/g)].reduce((n, m) => n + m[1]!.split("<li>").length - 1, 0);
    expect(names).toBe(failures);
    expect(html).not.toContain('id="pools-index"');
    const worst = section(html, "pool-1");
    expect(worst).toContain(`<li><a href="#rule-refresh-token-validity">refresh-token-validity</a> (`);
    expect(worst).not.toContain("Refresh tokens live too long");
    expect(section(html, "rules")).toContain("Refresh tokens live too long");
    expect(html).not.toContain("<dt>Evidence</dt>");
    const ids = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
    for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(ids.has(target)).toBe(true);
    expect(section(html, "rules")).toContain("--format json");
  }, 120_000);

  it("opens the sections of failing pools when they are few, and only theirs", async () => {
    const html = renderHtml(await reportOf(generateSnapshot(3, 2)));
    const sections = [...html.matchAll(/<section class="pool" id="pool-\d+">\n<details( open)?>[\s\S]*?<\/details>/g)];
    expect(sections).toHaveLength(3);
    for (const [body, open] of sections) expect(Boolean(open)).toBe(!body.includes("No failed checks on this pool."));
    expect(sections.some(([, open]) => open)).toBe(true);
  });
});

const CHROMIUM = "/usr/bin/chromium";
const BASE_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const BROWSER_PAYLOAD = `<img src=x onerror="document.title='pwned'">`;

/** Runs Chromium with a fresh profile; kills its whole process group when it overruns. */
async function chromium(work: string, args: string[], timeoutMs = 45_000): Promise<string> {
  const profile = await mkdtemp(join(work, "profile-"));
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM, [...BASE_FLAGS, `--user-data-dir=${profile}`, "--virtual-time-budget=2000", ...args], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      process.kill(-child.pid!, "SIGKILL");
      reject(new Error(`chromium timed out after ${timeoutMs} ms\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`chromium exited with ${code}\n${stderr.slice(-2000)}`));
    });
  });
}

/** How Chromium serializes a text node: only &, <, > and no-break spaces are escaped. */
const serializedText = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("\u00a0", "&nbsp;");

// In CI the browser tests must run (a missing Chromium fails them); elsewhere they need one installed.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)("HTML report in headless Chromium", () => {
  let work = "";
  let report: Report;
  let page = "";

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "cognito-audit-html-"));
    const snapshot = await loadSnapshot(fixture("scenarios/b2c-shop.json"));
    const entry = snapshot.accounts[0]!.regions[0]!.userPools[0]!;
    entry.userPool.Name = BROWSER_PAYLOAD;
    entry.clients![0]!.ClientName = `</style><script>document.title='pwned2'</script>`;
    report = await reportOf(snapshot);
    page = join(work, "report.html");
    await writeFile(page, renderHtml(report));
  });

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("detects an injected script when a page does not escape (control for the checks below)", async () => {
    const control = join(work, "control.html");
    await writeFile(control, `<!DOCTYPE html><html><head><title>control</title></head><body><h1>${BROWSER_PAYLOAD}</h1></body></html>`);
    const dom = await chromium(work, ["--dump-dom", pathToFileURL(control).href]);
    expect(dom).toContain("<title>pwned</title>");
    expect(dom).toMatch(/<img[^>]*onerror/);
  }, 60_000);

  it("shows the findings and the hostile names as text, and runs nothing injected", async () => {
    const dom = await chromium(work, ["--dump-dom", pathToFileURL(page).href]);
    expect(dom).toContain(`<title>Amazon Cognito audit: ${report.accounts[0]!.accountId}, 2026-12-01</title>`);
    expect(dom).not.toContain("pwned</title>");
    expect(dom).not.toMatch(/<img/i);
    expect(dom).not.toMatch(/<script/i);
    expect(dom).toContain(`<h2>User pool ${serializedText(BROWSER_PAYLOAD)}</h2>`);
    expect(dom).toContain(serializedText(`</style><script>document.title='pwned2'</script>`));
    const failed = report.findings.filter((f) => f.status === "fail");
    expect(failed.length).toBeGreaterThan(5);
    for (const f of failed) expect(dom).toContain(`<code>${f.ruleId}</code>`);
  }, 60_000);

  it("renders to a non-trivial screenshot", async () => {
    const png = join(work, "report.png");
    await chromium(work, [`--screenshot=${png}`, "--window-size=1280,2000", pathToFileURL(page).href]);
    const data = await readFile(png);
    expect((await stat(png)).size).toBeGreaterThan(20_000);
    expect(data.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    // IHDR: width and height, big-endian, right after the signature and chunk header.
    expect([data.readUInt32BE(16), data.readUInt32BE(20)]).toEqual([1280, 2000]);
  }, 60_000);
});

describe("baseline section", () => {
  it("lists what was fixed, escaped", async () => {
    const { renderHtml } = await import("../../src/report/html.js");
    const { buildReport } = await import("../../src/report/model.js");
    const { snapshotOf, poolEntry } = await import("../helpers/factories.js");
    const gate = { passed: true, incomplete: false, reasons: [], failOn: "high" as const, minScore: null, unlistedRegions: [], unreachableAccounts: [] };
    const report = buildReport(snapshotOf([poolEntry()]), [], [], gate, new Date("2026-11-26T12:00:00Z"), {
      baseline: {
        source: "base.json",
        generatedAt: "2026-11-01T00:00:00Z",
        new: 0,
        unchanged: 0,
        fixed: [{ fingerprint: "f".repeat(32), ruleId: "mfa-required", severity: "high", resource: { arn: "arn:x", name: "<b>pool</b>", type: "AWS::Cognito::UserPool" }, message: "MFA is OFF" }],
      },
    });
    const html = renderHtml(report);
    expect(html).toContain("Since the baseline");
    expect(html).toContain("&lt;b&gt;pool&lt;/b&gt;");
    expect(html).toMatch(/0 new, 0 unchanged, 1 fixed/);
  });
});

describe("sign-in activity section", () => {
  it("shows per-pool counts with hostile values escaped, and says when nothing was analysed", async () => {
    const { renderHtml } = await import("../../src/report/html.js");
    const report = emptyReport();
    expect(renderHtml(report)).toContain("Not analysed: no CloudTrail events were analysed.");
    report.pools = [{ arn: "arn:p", id: "p", name: HOSTILE_NAME, accountId: "1", region: "r", score: score([]) }];
    report.activity = {
      available: true,
      source: "files (<x>)",
      start: "2026-11-19T00:00:00.000Z",
      end: "2026-11-26T00:00:00.000Z",
      events: 12,
      unattributed: 2,
      pools: [{ poolArn: "arn:p", events: 10, signIns: 8, failedSignIns: 3, topFailingIps: [{ ip: HOSTILE_MESSAGE, failures: 3 }] }],
    };
    const html = renderHtml(report);
    expect(html).toContain("Sign-in activity");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toMatch(/12 event\(s\), 2 for pools not in this scan/);
  });
});
