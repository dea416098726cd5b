// The JUnit XML report, for CI systems that show test results: one test suite per user pool (and
// one per account and region for identity pools and trail coverage), one test case per (rule,
// resource) finding in the report, and one errored case per collection error.
import type { Finding } from "../engine/findings.js";
import { escapeXml } from "./escape.js";
import type { PoolReport, Report, ReportError } from "./model.js";
import { terminalSafe } from "../util/terminal.js";

/** Collection errors are test cases of this class: the data a rule needed could not be read. */
export const COLLECTION_ERROR_CLASS = "collection-error";

interface Suite {
  name: string;
  properties: [string, string][];
  cases: string[];
  tests: number;
  failures: number;
  skipped: number;
  errors: number;
}

export function renderJunit(report: Report): string {
  const suites = new Suites(report);
  const help = new Map(report.rules.map((r) => [r.id, r.helpUri]));
  for (const finding of report.findings) suites.forFinding(finding).add(finding.status, findingCase(finding, help));
  for (const error of report.errors) suites.forError(error).add("error", errorCase(error));
  const all = suites.list();
  const total = (key: "tests" | "failures" | "skipped" | "errors") => all.reduce((sum, s) => sum + s[key], 0);
  const name = `${report.tool.name} ${report.tool.version}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${total("tests")}" failures="${total("failures")}" errors="${total("errors")}" skipped="${total("skipped")}" time="0">`,
    ...all.map((s) => suiteXml(s, report.generatedAt)),
    "</testsuites>",
    "",
  ].join("\n");
}

/** The suites in a stable order: the report's pools, then region-level suites, each created on first use. */
class Suites {
  private readonly suites = new Map<string, SuiteBuilder>();
  private readonly pools: Map<string, PoolReport>;

  constructor(report: Report) {
    this.pools = new Map(report.pools.map((p) => [p.arn, p]));
    // Every scanned pool gets a suite, even one with nothing listed (its passes are not in the report).
    for (const pool of report.pools) this.forPool(pool.arn);
  }

  forFinding(f: Finding): SuiteBuilder {
    return f.poolArn ? this.forPool(f.poolArn) : this.forRegion(f.resource.accountId, f.resource.region);
  }

  forError(e: ReportError): SuiteBuilder {
    return e.poolArn ? this.forPool(e.poolArn) : this.forRegion(e.accountId, e.region);
  }

  list(): Suite[] {
    return [...this.suites.values()].map((s) => s.suite);
  }

  private forPool(arn: string): SuiteBuilder {
    return this.get(`pool\u0000${arn}`, () => {
      const pool = this.pools.get(arn);
      if (!pool) return { name: `user pool ${arn}`, properties: [["arn", arn]] };
      return {
        name: `user pool ${pool.name} (${pool.id})`,
        properties: [
          ["arn", pool.arn],
          ["accountId", pool.accountId],
          ["region", pool.region],
          ["score", pool.score.value === null ? "n/a" : String(pool.score.value)],
          ["grade", pool.score.grade ?? "n/a"],
        ],
      };
    });
  }

  private forRegion(accountId: string, region: string): SuiteBuilder {
    return this.get(`region\u0000${accountId}\u0000${region}`, () => ({
      name: `account ${accountId} region ${region} (identity pools, CloudTrail)`,
      properties: [
        ["accountId", accountId],
        ["region", region],
      ],
    }));
  }

  private get(key: string, make: () => Pick<Suite, "name" | "properties">): SuiteBuilder {
    let builder = this.suites.get(key);
    if (!builder) {
      builder = new SuiteBuilder(make());
      this.suites.set(key, builder);
    }
    return builder;
  }
}

/** Counts follow the cases as they are added, so the attributes always agree with the content. */
class SuiteBuilder {
  readonly suite: Suite;
  constructor(head: Pick<Suite, "name" | "properties">) {
    this.suite = { ...head, cases: [], tests: 0, failures: 0, skipped: 0, errors: 0 };
  }
  add(kind: Finding["status"] | "error", xml: string): void {
    const s = this.suite;
    s.cases.push(xml);
    s.tests += 1;
    if (kind === "fail") s.failures += 1;
    else if (kind === "not_evaluated" || kind === "suppressed") s.skipped += 1;
    else if (kind === "error") s.errors += 1;
  }
}

function suiteXml(s: Suite, timestamp: string): string {
  const properties = s.properties.length
    ? ["    <properties>", ...s.properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`), "    </properties>"]
    : [];
  return [
    `  <testsuite name="${attr(s.name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="0" timestamp="${attr(timestamp)}">`,
    ...properties,
    ...s.cases,
    "  </testsuite>",
  ].join("\n");
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
      return `${open}>\n      <skipped message="${attr(`not evaluated: ${f.reason ?? f.message}`)}"/>\n    </testcase>`;
    case "suppressed": {
      const until = f.suppression?.expires ? ` (until ${f.suppression.expires})` : "";
      return `${open}>\n      <skipped message="${attr(`suppressed: ${f.suppression?.reason ?? ""}${until}`)}"/>\n    </testcase>`;
    }
  }
}

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

/** An attribute value: terminal sequences and line breaks go (parsers would fold the breaks anyway). */
const attr = (value: unknown): string => escapeXml(terminalSafe(String(value ?? "")));

/** Element text: line by line, so that line breaks stay while terminal sequences go. */
const text = (value: string): string => escapeXml(value.split("\n").map(terminalSafe).join("\n"));
