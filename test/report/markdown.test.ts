import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import type { Finding } from "../../src/engine/findings.js";
import { evaluateGate } from "../../src/engine/gate.js";
import { score } from "../../src/engine/scoring.js";
import { escapeMarkdown } from "../../src/report/escape.js";
import { MARKDOWN_LIMIT, renderMarkdown } from "../../src/report/markdown.js";
import { buildReport, type Report } from "../../src/report/model.js";
import { loadSnapshot } from "../../src/snapshot/io.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { appClient, identityPool, poolEntry, snapshotOf, userPool } from "../helpers/factories.js";
import { scanReport } from "../helpers/scan.js";

const NOW = new Date("2026-12-01T00:00:00Z");
const SCENARIOS = "fixtures/scenarios";
const scenarioFiles = [
  ...readdirSync(SCENARIOS)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .map((f) => `${SCENARIOS}/${f}`),
  "fixtures/snapshots/demo.json",
];
const HOSTILE = "<img src=x onerror=alert(1)> ]]> a|b `tick` ``` [x](y) ![i](z) @org/team <https://evil.example> \u001b[31mred\u001b[0m\n=== # h \u202egnp.exe";

/** A report built the way the CLI builds one. */
const reportOf = (snapshot: Snapshot, options: { includePassed?: boolean } = {}) => scanReport(snapshot, { now: NOW, ...options });

/** Positions of `ch` in `line` that no backslash escapes (an even run of backslashes before it). */
function unescaped(line: string, ch: string): number[] {
  const at: number[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== ch) continue;
    let slashes = 0;
    while (line[i - 1 - slashes] === "\\") slashes += 1;
    if (slashes % 2 === 0) at.push(i);
  }
  return at;
}

const OUR_TAGS = /^<\/?(details|summary|sub)>/;
const OUR_LINK = "](https://github.com/cognito-audit/cognito-audit";

/**
 * What GitHub would render from the text, checked line by line as CommonMark reads it: fenced
 * blocks close only on our fence; outside them only our tags, our links and our code spans; no
 * mention; every table row has its table's number of cells. Returns the code blocks' contents.
 */
function lintMarkdown(text: string): string[] {
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  const blocks: string[] = [];
  let fence: string | null = null;
  let block: string[] = [];
  let tableCells: number | null = null;
  for (const line of text.split("\n")) {
    if (fence !== null) {
      // CommonMark: a line of at least as many backticks (up to 3 spaces before) closes the block.
      const closing = /^ {0,3}(`+)\s*$/.exec(line);
      if (closing && closing[1]!.length >= fence.length) {
        expect(line, "the block is closed by our own fence").toBe(fence);
        blocks.push(block.join("\n"));
        fence = null;
        block = [];
      } else block.push(line);
      continue;
    }
    const opening = /^(`{3,})json$/.exec(line);
    if (opening) {
      fence = opening[1]!;
      continue;
    }
    expect(line, "a fence opens with our info string only").not.toMatch(/^ {0,3}```/);
    for (const i of unescaped(line, "<")) expect(line.slice(i), line).toMatch(OUR_TAGS);
    for (const i of unescaped(line, "]")) if (line[i + 1] === "(") expect(line.slice(i), line).toMatch(new RegExp(`^${OUR_LINK.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}`));
    for (const i of unescaped(line, "!")) expect(line[i + 1], line).not.toBe("[");
    expect(unescaped(line, "@"), `unescaped @ in ${line}`).toEqual([]);
    const spans = line.replaceAll("`--format json`", "");
    expect(unescaped(spans, "`"), `stray backtick in ${line}`).toEqual([]);
    expect(line, "no data-made heading or list").not.toMatch(/^\s*(=+|-{3,})\s*$/);
    if (line.startsWith("|")) {
      const cells = unescaped(line, "|").length;
      tableCells ??= cells;
      expect(cells, line).toBe(tableCells);
    } else tableCells = null;
    if (line.includes("<summary>")) expect(line).toMatch(/^<summary>[^<>]*<\/summary>$/);
  }
  expect(fence, "every code block is closed").toBeNull();
  expect(text.match(/^<details>$/gm)?.length ?? 0).toBe(text.match(/^<\/details>$/gm)?.length ?? 0);
  return blocks;
}

describe("the Markdown checker used by these tests", () => {
  it("catches each kind of injection it looks for", () => {
    const bad = [
      "text <img src=x>",
      "[x](https://evil.example)",
      "![i](z)",
      "hi @org/team",
      "a `code` span",
      "| a | b |\n| a \\| b | c | d |",
      "```json\n{}\n````\n",
      "```json\nopen",
      "para\n===",
      "<summary><b>x</b></summary>",
      "<details>\n",
      "\u001b[31m",
    ];
    for (const text of bad) expect(() => lintMarkdown(text), text).toThrow();
    expect(lintMarkdown("ok \\<img\\> \\[x\\]\\(y\\) \\@org\n\n````json\n```\n````\n")).toEqual(["```"]);
  });
});

describe("Markdown report", () => {
  it.each(scenarioFiles)("renders %s: score heading, gate, severity counts, failures table and details per rule", async (file) => {
    const report = await reportOf(await loadSnapshot(file));
    const text = renderMarkdown(report);
    lintMarkdown(text);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(text).not.toContain("Shortened");
    const s = report.score;
    expect(text.split("\n")[0]).toBe(s.value === null ? "## cognito\\-audit: no score (nothing could be evaluated)" : `## cognito\\-audit: score ${s.value.toFixed(1)}/100, grade ${s.grade}`);
    expect(text).toContain(report.gate.passed ? "✅ **Gate passed** (fail on high)" : "❌ **Gate failed** (fail on high): ");
    expect(text).toContain(`| **Total** | **${s.counts.fail}** | **${s.counts.suppressed}** | **${s.counts.not_evaluated}** |`);

    const failures = report.findings.filter((f) => f.status === "fail");
    const rows = text.split("\n").filter((l) => /^\| (critical|high|medium|low|info) \| \[/.test(l));
    expect(rows).toHaveLength(Math.min(50, failures.length));
    // Most severe first, as in the report.
    expect(rows.map((r) => r.split(" | ")[0]!.slice(2))).toEqual(failures.slice(0, 50).map((f) => f.severity));
    for (const ruleId of new Set(failures.map((f) => f.ruleId))) {
      const rule = RULES.find((r) => r.id === ruleId)!;
      expect(text).toMatch(new RegExp(`^<summary>[A-Z]+ · ${ruleId} — .*\\(\\d+\\)</summary>$`, "m"));
      expect(text).toContain(`[Rule documentation](https://github.com/cognito-audit/cognito-audit/blob/main/rules/${ruleId}.md)`);
      expect(text).toContain(`**Remediation:** ${escapeMarkdown(rule.remediation)}`);
    }
    if (failures.length === 0) expect(text).toContain("✅ No failed checks.");
  });

  it("shows each failure's evidence in a fenced block, and lists not-evaluated checks and collection errors", async () => {
    const report = await reportOf(await loadSnapshot(`${SCENARIOS}/cross-account-triggers.json`));
    const text = renderMarkdown(report);
    const blocks = lintMarkdown(text);
    for (const f of report.findings.filter((x) => x.status === "fail" && x.evidence)) expect(blocks).toContain(JSON.stringify(f.evidence, null, 2));
    expect(text).toContain(`<summary>Not evaluated (${report.score.counts.not_evaluated}): checks that could not judge their resource</summary>`);
    expect(text).toContain(`<summary>Collection errors (${report.errors.length})</summary>`);
    for (const e of report.errors) expect(text).toContain(`| ${escapeMarkdown(e.operation)} | ${escapeMarkdown(e.code)} |`);
    for (const f of report.findings.filter((x) => x.status === "not_evaluated")) expect(text).toContain(escapeMarkdown(f.reason!.slice(0, 100)));
    // One row per failed call, with how many checks and resources it left unjudged.
    const denied = report.findings.filter((x) => x.status === "not_evaluated" && x.cause?.operation === "GetFunctionConfiguration");
    expect(denied.length).toBeGreaterThan(1);
    const resources = new Set(denied.map((f) => f.resource.arn)).size;
    expect(text).toContain(`| ${escapeMarkdown("GetFunctionConfiguration failed with AccessDeniedException")} | ${denied.length} | ${resources} |`);
    expect(text).toContain("⚠️ **Incomplete:**");
  });

  it("escapes every hostile AWS string: no HTML, link, image, mention, code span, heading or table break from data", async () => {
    const entry = poolEntry({
      userPool: userPool({ Name: HOSTILE, MfaConfiguration: "OFF" }),
      clients: [appClient({ ClientId: "c1", ClientName: HOSTILE, CallbackURLs: ["http://evil.example/[x](y)|`"] })],
    });
    entry.errors.push({ operation: "GetUserPoolMfaConfig", code: "Boom|<b>", message: HOSTILE, resource: HOSTILE });
    const snapshot = snapshotOf([entry], [{ operation: "ListIdentityPools", code: "AccessDenied", message: HOSTILE }], {
      identityPools: [identityPool({ IdentityPoolName: HOSTILE, AllowUnauthenticatedIdentities: true })],
      notes: [HOSTILE],
    });
    const fenceBreaker = "````````\n```\n~~~ </details> @org";
    const report = await reportOf(snapshot, { includePassed: true });
    // Hostile text where no snapshot can put it (a suppression's fields, evidence keys): edited into the report.
    const suppressed = report.findings.find((f) => f.status === "pass");
    report.findings = report.findings.map((f) =>
      f === suppressed
        ? { ...f, status: "suppressed" as const, suppression: { reason: HOSTILE, expires: HOSTILE } }
        : f.status === "fail"
          ? { ...f, evidence: { ...f.evidence, note: fenceBreaker, "key`|": HOSTILE } }
          : f,
    );
    expect(report.findings.filter((f) => f.status === "fail").length).toBeGreaterThanOrEqual(3);

    const text = renderMarkdown(report);
    const blocks = lintMarkdown(text);
    // HTML in the evidence stays code; nowhere else may it appear unescaped.
    const prose = blocks.reduce((rest, block) => rest.replace(block, ""), text);
    expect(blocks.some((b) => b.includes("<img src=x onerror=alert(1)>"))).toBe(true);
    expect(prose).not.toMatch(/(^|[^\\])<img/);
    expect(prose).toContain("\\<img src=x onerror=alert\\(1\\)\\>");
    expect(text).not.toContain("\u001b");
    expect(text).toContain(escapeMarkdown(HOSTILE));
    // The pool name reaches the pools table, the failures table, the suppressed list and the notes.
    // Labels carry the id beside the name: a name alone is ambiguous.
    const poolId = report.pools[0]!.id;
    expect(text).toContain(`| user pool ${escapeMarkdown(`${HOSTILE} (${poolId})`)} |`);
    expect(text).toContain(`| ${escapeMarkdown(HOSTILE)} | ${escapeMarkdown(HOSTILE)} |`);
    expect(text).toContain(`- ${escapeMarkdown(HOSTILE)}\n`);
    // The evidence is whole inside its block: 8 backticks in the data, so a fence of 9.
    const withBreaker = blocks.filter((b) => b.includes(JSON.stringify(fenceBreaker)));
    expect(withBreaker.length).toBeGreaterThan(0);
    expect(text).toContain(`${"`".repeat(9)}json\n{`);
  });

  it("caps the failures table at 50 rows with a count of the rest", () => {
    const failures = Array.from({ length: 60 }, (_, i) => failure(`rule-${String(i).padStart(2, "0")}`, `pool-${i}`, "short"));
    const text = renderMarkdown(handReport({ findings: failures }));
    lintMarkdown(text);
    expect(text.split("\n").filter((l) => l.startsWith("| high | rule"))).toHaveLength(50);
    expect(text).toContain("…and 10 more failure(s)");
    expect(text).toContain("<summary>HIGH · rule-59 — rule-59 (1)</summary>");
    expect(text).not.toContain("Shortened");
  });

  it.each([200, 2_000, 20_000])("stays within GitHub's 65,535-character limit with %i hostile failures and long evidence", (n) => {
    const long = `${HOSTILE} ${"|`[x](y)@a ".repeat(300)}`;
    const findings: Finding[] = [];
    for (let i = 0; i < n; i++) {
      findings.push({ ...failure(`rule-${i % 40}`, `${HOSTILE}-${i}`, long), evidence: { list: Array.from({ length: 50 }, () => long.slice(0, 80)) } });
    }
    for (let i = 0; i < n / 4; i++) {
      findings.push({ ...failure(`rule-${i % 40}`, `ne-${i}`, long), status: "not_evaluated", reason: long });
      findings.push({ ...failure(`rule-${i % 40}`, `sup-${i}`, long), status: "suppressed", suppression: { reason: long, expires: long } });
    }
    const pools = Array.from({ length: n / 10 }, (_, i) => ({ arn: `arn:pool/${i}`, id: `id-${i}`, name: long, accountId: "1", region: "r", score: score([]) }));
    const errors = Array.from({ length: n / 10 }, () => ({ operation: long, code: long, message: long, accountId: "1", region: "r", poolArn: "arn:pool/0" }));
    const report = handReport({
      findings,
      pools,
      errors,
      notes: Array.from({ length: n / 10 }, () => long),
      baseline: { source: long, generatedAt: long, new: 0, unchanged: 0, fixed: Array.from({ length: n / 10 }, () => ({ fingerprint: "f", ruleId: long, severity: "high", resource: { arn: long, name: long, type: long }, message: long })) },
    });
    const text = renderMarkdown(report);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(text.length).toBeGreaterThan(MARKDOWN_LIMIT * 0.8);
    lintMarkdown(text);
    expect(text).toContain("⚠️ **Shortened:** this summary was cut to stay within GitHub's 65,535-character limit");
    expect(text).toContain(`…and ${n - 50} more failure(s)`);
    expect(text).toContain("more rule(s) with failures, not detailed here");
    expect(text).toMatch(/…and \d+ more failure\(s\) of this rule/);
    expect(text.trimEnd().endsWith("</sub>")).toBe(true);
  });

  it("details a few failures of each rule when not all fit, so that more rules get a block", () => {
    const findings = Array.from({ length: 400 }, (_, i) => ({
      ...failure(`rule-${String(i % 40).padStart(2, "0")}`, `pool-${i}`, "A redirect URL can be claimed by someone else."),
      evidence: { urls: Array.from({ length: 8 }, (_, j) => `https://preview-${j}.vercel.app/callback`) },
    }));
    const text = renderMarkdown(handReport({ findings }));
    lintMarkdown(text);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(text).toContain("⚠️ **Shortened:**");
    const blocks = text.match(/^<summary>HIGH · rule-\d+ — rule-\d+ \(10\)<\/summary>$/gm) ?? [];
    expect(blocks.length).toBeGreaterThan(3);
    // Every block but the last (which the limit may cut shorter) shows 5 of its 10 failures.
    expect(text.match(/^…and 5 more failure\(s\) of this rule/gm)!.length).toBeGreaterThanOrEqual(blocks.length - 1);
  });

  it("renders an empty report: no score, no failures, gate passed", () => {
    const text = renderMarkdown(handReport({ findings: [] }));
    lintMarkdown(text);
    expect(text).toContain("## cognito\\-audit: no score (nothing could be evaluated)");
    expect(text).toContain("✅ **Gate passed** (fail on high)");
    expect(text).toContain("✅ No failed checks.");
    expect(text).toContain("0 user pool(s)");
    expect(text).not.toContain("<details>");
  });

  it("marks new failures and lists what was fixed since the baseline", () => {
    const report = handReport({
      findings: [{ ...failure("rule-a", "new-one", "m"), baselineState: "new" }, { ...failure("rule-b", "old-one", "m"), baselineState: "unchanged" }],
      baseline: {
        source: "base.json",
        generatedAt: "2026-11-01T00:00:00.000Z",
        new: 1,
        unchanged: 1,
        fixed: [{ fingerprint: "f", ruleId: "rule-c", severity: "medium", resource: { arn: "arn:x", name: HOSTILE, type: "AWS::Cognito::UserPool" }, message: "gone [x](y)" }],
      },
    });
    const text = renderMarkdown(report);
    lintMarkdown(text);
    expect(text).toContain("Compared with the baseline base\\.json (2026\\-11\\-01T00\\:00\\:00\\.000Z): 1 new, 1 unchanged, 1 fixed.");
    expect(text).toContain("| high (new) | rule\\-a |");
    expect(text).toContain("| high | rule\\-b |");
    expect(text).toContain(`| medium | rule\\-c | ${escapeMarkdown(HOSTILE)} | gone \\[x\\]\\(y\\) |`);
  });
});

/** A failure with the shape the runner gives, on a resource of a pool named `resource`. */
function failure(ruleId: string, resource: string, message: string): Finding {
  return {
    ruleId,
    severity: "high",
    status: "fail",
    resource: { arn: `arn:aws:cognito-idp:eu-west-1:1:userpool/${resource}`, type: "AWS::Cognito::UserPool", name: resource, accountId: "1", region: "eu-west-1" },
    message,
    remediation: `Fix ${ruleId}.`,
    fingerprint: "00",
  };
}

/** A report made by hand, for shapes no scenario has. */
function handReport(parts: Partial<Report> & { findings: Finding[] }): Report {
  const s = score(parts.findings);
  return {
    ...buildReport(snapshotOf([], [], { trails: [] }), [], [], evaluateGate(parts.findings, s, 0, { failOn: "high" }), NOW),
    score: s,
    gate: { passed: true, incomplete: false, reasons: [], failOn: "high", minScore: null, unlistedRegions: [], unreachableAccounts: [] },
    ...parts,
  };
}

describe("Markdown --group-by", () => {
  it("heads each group of the failure table with its pool, rule or account and its count", async () => {
    const { loadSnapshot } = await import("../../src/snapshot/io.js");
    const { scanReport } = await import("../helpers/scan.js");
    const { focusReport } = await import("../../src/report/view.js");
    const report = await scanReport(await loadSnapshot("fixtures/snapshots/demo.json"), { events: "off" });
    const failed = report.findings.filter((f) => f.status === "fail");
    const byRule = renderMarkdown(focusReport(report, { groupBy: "rule" }));
    const rules = new Set(failed.map((f) => f.ruleId));
    expect(byRule.match(/^\| \*\*Rule /gm)).toHaveLength(rules.size);
    expect(byRule).toContain(`| **Rule mfa\\-required — MFA is not required\\: 1 finding\\(s\\)** | | | |`);
    const byPool = renderMarkdown(focusReport(report, { groupBy: "pool" }));
    expect(byPool.match(/^\| \*\*Pool /gm)).toHaveLength(new Set(failed.map((f) => f.poolArn)).size);
    expect(renderMarkdown(report)).not.toMatch(/^\| \*\*(Rule|Pool) /m);
  });
});
