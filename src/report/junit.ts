// The JUnit XML report, for CI systems that show test results: one test suite per user pool (and
// one per account and region for identity pools and trail coverage), one test case per (rule,
// resource) check — passed checks included, from the report's findings with --include-passed or
// else from the scan's PassCases — and one errored case per collection error.
// How CI systems read it: GitLab keys a case by classname + name (duplicates are dropped) and shows
// the element text of <failure>, <error> and <skipped>; Jenkins shows the message attribute of
// <failure>/<error> as the error details and their text as the stack trace, and the message
// attribute of <skipped> (else its text). Each detail is therefore in both places.
import { asText } from "../util/text.js";
import type { Finding } from "../engine/findings.js";
import type { PassCases, PassGroup } from "../engine/passCases.js";
import { escapeXml } from "./escape.js";
import { accountLabel, unreachableText, type Report, type ReportError } from "./model.js";
import type { UnreachableAccount } from "../snapshot/coverage.js";
import { terminalSafe } from "../util/terminal.js";
import { buildView, type ReportView } from "./view.js";

/** Collection errors are test cases of this class: the data a rule needed could not be read. */
export const COLLECTION_ERROR_CLASS = "collection-error";
/** An account whose role could not be assumed is one errored test case of this class: none of its checks ran. */
export const UNREACHABLE_ACCOUNT_CLASS = "account-unreachable";

/** A test suite before it is written: its head and what goes in it. */
interface Suite {
  name: string;
  properties: [string, string][];
  findings: Finding[];
  errors: ReportError[];
  unreachable?: UnreachableAccount;
  /** Its passed checks that the report only counts. */
  passes?: PassGroup;
}

/** `passes`: the scan's passed checks, when the report does not list them (no --include-passed). */
export function renderJunit(report: Report, passes?: PassCases): string {
  return [...renderJunitChunks(report, passes)].join("");
}

/** The document suite by suite: totals are counted first, then each suite is written and let go. */
export function* renderJunitChunks(report: Report, passes?: PassCases): Generator<string> {
  const view = buildView(report);
  const listed = report.includesPassed ? undefined : passes;
  const suites = suitesOf(view, listed);
  const help = new Map(report.rules.map((r) => [r.id, r.helpUri]));
  const tests = [...suites.values()].reduce((n, s) => n + caseCount(s), 0);
  const errors = report.errors.length + report.gate.unreachableAccounts.length;
  const name = `${report.tool.name} ${report.tool.version}`;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${attr(name)}" tests="${tests}" failures="${view.failures.length}" errors="${errors}" skipped="${view.suppressed.length + view.notEvaluated.length}" time="0">\n`;
  for (const suite of suites.values()) {
    yield suiteHead(suite, report.generatedAt, help);
    // A pool's passes go out in pieces: a suite of a pool with many clients holds thousands.
    if (suite.passes && listed) yield* passCasesXml(listed, suite.passes);
    yield "  </testsuite>\n";
  }
  yield "</testsuites>\n";
}

/** The suites in a stable order: the pools worst first, then region-level suites (and unlisted pools) on first use. */
function suitesOf(view: ReportView, passes: PassCases | undefined): Map<string, Suite> {
  const suites = new Map<string, Suite>();
  const get = (key: string, make: () => Pick<Suite, "name" | "properties">): Suite => {
    let suite = suites.get(key);
    if (!suite) {
      suite = { ...make(), findings: [], errors: [] };
      suites.set(key, suite);
    }
    return suite;
  };
  const forPool = (arn: string) =>
    get(`pool\u0000${arn}`, () => {
      const pool = view.pool(arn);
      if (!pool) return { name: `user pool ${arn}`, properties: [["arn", arn]] };
      return {
        name: `user pool ${view.poolLabel(arn)}`,
        properties: [
          ["arn", pool.arn],
          ["accountId", pool.accountId],
          ["region", pool.region],
          ["score", pool.score.value === null ? "n/a" : String(pool.score.value)],
          ["grade", pool.score.grade ?? "n/a"],
        ],
      };
    });
  const forRegion = (accountId: string, region: string) =>
    get(`region\u0000${accountId}\u0000${region}`, () => ({
      name: `account ${accountId} region ${region} (identity pools, CloudTrail)`,
      properties: [
        ["accountId", accountId],
        ["region", region],
      ],
    }));
  // An unreachable account is a suite of its own, first: one errored case says why nothing of it ran.
  for (const account of view.report.gate.unreachableAccounts) {
    get(`account\u0000${account.accountId}`, () => ({
      name: `account ${accountLabel(account)} (not reached)`,
      properties: [
        ["accountId", account.accountId],
        ...(account.name !== undefined ? ([["accountName", account.name]] as [string, string][]) : []),
      ],
    })).unreachable = account;
  }
  // Every scanned pool gets a suite, even one with nothing listed (its passes are not in the report).
  for (const { pool } of view.pools) forPool(pool.arn);
  const findings = [...view.failures, ...view.suppressed, ...view.notEvaluated, ...view.pools.flatMap((p) => p.passes), ...view.regional.passes];
  for (const f of findings) (f.poolArn ? forPool(f.poolArn) : forRegion(f.resource.accountId, f.resource.region)).findings.push(f);
  for (const e of view.report.errors) (e.poolArn ? forPool(e.poolArn) : forRegion(e.accountId, e.region)).errors.push(e);
  for (const group of passes?.groupList() ?? []) (group.poolArn ? forPool(group.poolArn) : forRegion(group.accountId, group.region)).passes = group;
  return suites;
}

const caseCount = (s: Suite) => s.findings.length + s.errors.length + (s.unreachable ? 1 : 0) + (s.passes?.count ?? 0);

/** The suite's opening tag, properties and every case but the counted passes (which follow it). */
function suiteHead(s: Suite, timestamp: string, help: Map<string, string>): string {
  const count = (status: Finding["status"]) => s.findings.reduce((n, f) => n + (f.status === status ? 1 : 0), 0);
  const properties = s.properties.length
    ? ["    <properties>", ...s.properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`), "    </properties>"]
    : [];
  return [
    `  <testsuite name="${attr(s.name)}" tests="${caseCount(s)}" failures="${count("fail")}" errors="${s.errors.length + (s.unreachable ? 1 : 0)}" skipped="${count("not_evaluated") + count("suppressed")}" time="0" timestamp="${attr(timestamp)}">`,
    ...properties,
    ...s.findings.map((f) => findingCase(f, help)),
    ...(s.unreachable ? [unreachableCase(s.unreachable)] : []),
    ...s.errors.map(errorCase),
    "",
  ].join("\n");
}

const PASS_PIECE = 512;

/** The passed checks of a group as plain test cases, PASS_PIECE cases to a chunk. */
function* passCasesXml(passes: PassCases, group: PassGroup): Generator<string> {
  let piece: string[] = [];
  for (const pass of passes.casesOf(group)) {
    piece.push(`    <testcase classname="${attr(pass.ruleId)}" name="${attr(pass.arn)}" time="0"/>\n`);
    if (piece.length === PASS_PIECE) {
      yield piece.join("");
      piece = [];
    }
  }
  if (piece.length) yield piece.join("");
}

/** classname is the rule, name the resource's catalog identifier: one case per (rule, resource). */
function findingCase(f: Finding, help: Map<string, string>): string {
  const open = `    <testcase classname="${attr(f.ruleId)}" name="${attr(f.resource.arn)}" time="0"`;
  switch (f.status) {
    case "pass":
      return `${open}/>`;
    case "fail":
      return `${open}>\n      <failure message="${attr(f.message)}" type="${attr(f.severity)}">${text(failureBody(f, help.get(f.ruleId)))}</failure>\n    </testcase>`;
    case "not_evaluated":
      return `${open}>\n      ${skipped(`not evaluated: ${f.reason ?? f.message}`)}\n    </testcase>`;
    case "suppressed": {
      const until = f.suppression?.expires ? ` (until ${f.suppression.expires})` : "";
      return `${open}>\n      ${skipped(`suppressed: ${f.suppression?.reason ?? ""}${until}`)}\n    </testcase>`;
    }
  }
}

/** A skipped element with its reason as the message (Jenkins) and as its text (GitLab shows only the text). */
const skipped = (reason: string) => `<skipped message="${attr(reason)}">${attr(reason)}</skipped>`;

function failureBody(f: Finding, help: string | undefined): string {
  const lines = [
    f.message,
    "",
    `Severity: ${f.severity}`,
    `Resource: ${f.resource.type} ${f.resource.name} (${f.resource.arn})`,
    `Account: ${f.resource.accountId}, region: ${f.resource.region}`,
  ];
  if (f.baselineState) lines.push(`Baseline: ${f.baselineState}`);
  if (f.fingerprint) lines.push(`Fingerprint: ${f.fingerprint}`);
  if (f.evidence !== undefined) lines.push("", "Evidence:", JSON.stringify(f.evidence, null, 2) ?? "null");
  lines.push("", `Remediation: ${f.remediation}`);
  if (help) lines.push(`Documentation: ${help}`);
  return `\n${lines.join("\n")}\n      `;
}

function errorCase(e: ReportError): string {
  const about = e.resource ? ` ${e.resource}` : "";
  const body = [`${e.operation} failed with ${e.code}: ${e.message}`, `Account: ${e.accountId}, region: ${e.region}`, ...(e.poolArn ? [`User pool: ${e.poolArn}`] : [])];
  return [
    `    <testcase classname="${COLLECTION_ERROR_CLASS}" name="${attr(`${e.operation}${about}`)}" time="0">`,
    `      <error message="${attr(e.message)}" type="${attr(e.code)}">${text(`\n${body.join("\n")}\n      `)}</error>`,
    "    </testcase>",
  ].join("\n");
}

function unreachableCase(account: UnreachableAccount): string {
  const body = [unreachableText(account), `Account: ${account.accountId}`, `${account.operation} failed with ${account.code}: ${account.message}`];
  return [
    `    <testcase classname="${UNREACHABLE_ACCOUNT_CLASS}" name="${attr(account.accountId)}" time="0">`,
    `      <error message="${attr(unreachableText(account))}" type="${attr(account.code)}">${text(`\n${body.join("\n")}\n      `)}</error>`,
    "    </testcase>",
  ].join("\n");
}

/** An attribute value: terminal sequences and line breaks go (parsers would fold the breaks anyway). */
const attr = (value: unknown): string => escapeXml(terminalSafe(asText(value)));

/** Element text: line by line, so that line breaks stay while terminal sequences go. */
const text = (value: string): string => escapeXml(value.split("\n").map(terminalSafe).join("\n"));
