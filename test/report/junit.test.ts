import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Suppression } from "../../src/engine/config.js";
import { COLLECTION_ERROR_CLASS, renderJunit } from "../../src/report/junit.js";
import { loadSnapshot } from "../../src/snapshot/io.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { appClient, identityPool, poolEntry, snapshotOf, userPool } from "../helpers/factories.js";
import { scanReport, scanResult } from "../helpers/scan.js";
import { parseXml, type XmlElement } from "../helpers/xml.js";

const NOW = new Date("2026-12-01T00:00:00Z");
const SCENARIOS = "fixtures/scenarios";
const scenarioFiles = [
  ...readdirSync(SCENARIOS)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .map((f) => `${SCENARIOS}/${f}`),
  "fixtures/snapshots/demo.json",
];

/** A report built the way the CLI builds one (the snapshots hold no CloudTrail events). */
const reportOf = (snapshot: Snapshot, options: { includePassed?: boolean; suppressions?: Suppression[] } = {}) => scanReport(snapshot, { now: NOW, events: "off", ...options });
/** The JUnit document `scan --format junit` writes: the passes the report only counts are test cases too. */
async function junitOf(snapshot: Snapshot, options: { suppressions?: Suppression[] } = {}) {
  const { report, passCases } = await scanResult(snapshot, { now: NOW, events: "off", listPasses: true, ...options });
  expect(passCases).toBeDefined();
  return { report, passCases: passCases!, xml: renderJunit(report, passCases) };
}
/** "rule resource" of every case of a suite, sorted. */
const caseKeys = (suite: XmlElement) =>
  cases(suite)
    .map((c) => `${c.attributes.classname} ${c.attributes.name}`)
    .sort();

const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);
const cases = (suite: XmlElement) => suite.children.filter((c) => c.name === "testcase");

/** Checks that every count attribute agrees with the cases, per suite and in total. */
function expectConsistentCounts(root: XmlElement): void {
  expect(root.name).toBe("testsuites");
  const totals = { tests: 0, failures: 0, skipped: 0, errors: 0 };
  for (const suite of root.children) {
    expect(suite.name).toBe("testsuite");
    const list = cases(suite);
    const counted = {
      tests: list.length,
      failures: list.filter((c) => child(c, "failure")).length,
      skipped: list.filter((c) => child(c, "skipped")).length,
      errors: list.filter((c) => child(c, "error")).length,
    };
    for (const c of list) expect(c.children.filter((x) => x.name !== "system-out").length).toBeLessThanOrEqual(1);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) {
      expect(Number(suite.attributes[key]), `${suite.attributes.name} ${key}`).toBe(counted[key]);
      totals[key] += counted[key];
    }
  }
  for (const key of Object.keys(totals) as (keyof typeof totals)[]) expect(Number(root.attributes[key])).toBe(totals[key]);
}

describe("the XML checker used by these tests", () => {
  it("accepts well-formed XML and rejects what a parser would refuse", () => {
    expect(parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 &amp; &#60;"><b/>t &lt; &#x41;</a>\n').attributes.x).toBe("1 & <");
    for (const bad of [
      "<a><b></a></b>",
      '<a x="<"/>',
      "<a>&</a>",
      "<a>&nbsp;</a>",
      "<a>]]></a>",
      "<a>\u001b</a>",
      "<a>&#0;</a>",
      "<a/><b/>",
      "text<a/>",
      '<a x="1" x="2"/>',
      "<a x=1/>",
      "<a>",
    ]) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });
});

describe("JUnit report", () => {
  it.each(scenarioFiles)("renders %s as well-formed JUnit with consistent counts and one case per finding", async (file) => {
    const report = await reportOf(await loadSnapshot(file));
    const root = parseXml(renderJunit(report));
    expectConsistentCounts(root);
    expect(Number(root.attributes.tests)).toBe(report.findings.length + report.errors.length);
    expect(Number(root.attributes.failures)).toBe(report.score.counts.fail);
    expect(Number(root.attributes.skipped)).toBe(report.score.counts.not_evaluated + report.score.counts.suppressed);
    expect(Number(root.attributes.errors)).toBe(report.errors.length);

    // A suite per user pool (its findings in it), then one per account and region for the rest.
    const suites = root.children;
    for (const pool of report.pools) {
      const suite = suites.find((s) => child(s, "properties")?.children.some((p) => p.attributes.name === "arn" && p.attributes.value === pool.arn));
      expect(suite, pool.arn).toBeDefined();
      const expected = report.findings.filter((f) => f.poolArn === pool.arn).map((f) => `${f.ruleId} ${f.resource.arn}`);
      const found = cases(suite!)
        .filter((c) => c.attributes.classname !== COLLECTION_ERROR_CLASS)
        .map((c) => `${c.attributes.classname} ${c.attributes.name}`);
      expect(found.sort()).toEqual(expected.sort());
    }
    for (const f of report.findings.filter((x) => x.status === "fail")) {
      const testcase = suites.flatMap(cases).find((c) => c.attributes.classname === f.ruleId && c.attributes.name === f.resource.arn)!;
      const failure = child(testcase, "failure")!;
      expect(failure.attributes).toMatchObject({ type: f.severity, message: f.message });
      expect(failure.text).toContain(f.remediation);
      if (f.evidence) expect(failure.text).toContain(JSON.stringify(f.evidence, null, 2));
    }
  });

  it("puts identity pools and trail coverage in a region suite, and collection errors in errored cases", async () => {
    const report = await reportOf(await loadSnapshot(`${SCENARIOS}/identity-pool-guest.json`));
    const root = parseXml(renderJunit(report));
    const region = root.children.find((s) => s.attributes.name?.startsWith("account 123456789012 region eu-west-1"))!;
    expect(cases(region).map((c) => c.attributes.classname).sort()).toEqual(["identity-pool-classic-flow", "identity-pool-guest-access", "identity-pool-token-check"]);

    const withErrors = await reportOf(await loadSnapshot(`${SCENARIOS}/cross-account-triggers.json`));
    expect(withErrors.errors.length).toBeGreaterThan(0);
    const errored = parseXml(renderJunit(withErrors))
      .children.flatMap(cases)
      .filter((c) => c.attributes.classname === COLLECTION_ERROR_CLASS);
    expect(errored).toHaveLength(withErrors.errors.length);
    expect(errored.map((c) => child(c, "error")!.attributes.type).sort()).toEqual(withErrors.errors.map((e) => e.code).sort());
    const skipped = parseXml(renderJunit(withErrors)).children.flatMap(cases).filter((c) => child(c, "skipped"));
    expect(skipped).toHaveLength(withErrors.score.counts.not_evaluated);
    expect(skipped.every((c) => child(c, "skipped")!.attributes.message!.startsWith("not evaluated: "))).toBe(true);
  });

  it("lists passes as plain cases with --include-passed, and suppressed findings as skipped with their reason", async () => {
    const snapshot = await loadSnapshot(`${SCENARIOS}/b2c-shop.json`);
    const report = await reportOf(snapshot, {
      includePassed: true,
      suppressions: [{ rule: "mfa-required", resource: "*", reason: "B2C: MFA is offered, not forced", expires: "2027-01-01" }],
    });
    const root = parseXml(renderJunit(report));
    expectConsistentCounts(root);
    const all = root.children.flatMap(cases);
    expect(all).toHaveLength(report.findings.length);
    expect(all.filter((c) => c.children.length === 0)).toHaveLength(report.score.counts.pass);
    const suppressed = all.find((c) => c.attributes.classname === "mfa-required")!;
    expect(child(suppressed, "skipped")!.attributes.message).toBe("suppressed: B2C: MFA is offered, not forced (until 2027-01-01)");
  });

  it("escapes hostile AWS strings everywhere, attributes included, and drops what XML cannot carry", async () => {
    const hostile = "<img src=x onerror=alert(1)> ]]> | `tick` \"q\" 'a' & \u001b[31mred\u001b[0m\nline2 \u0000\uD800 [x](y) @org/team \u202egnp.exe";
    const entry = poolEntry({
      userPool: userPool({ Name: hostile, MfaConfiguration: "OFF" }),
      clients: [appClient({ ClientId: "c1", ClientName: hostile, CallbackURLs: [`http://evil.example/${hostile}`] })],
    });
    entry.errors.push({ operation: "GetUserPoolMfaConfig", code: "Boom<&>", message: hostile, resource: hostile });
    const snapshot = snapshotOf([entry], [{ operation: "ListIdentityPools", code: "AccessDenied", message: hostile }], {
      identityPools: [identityPool({ IdentityPoolName: hostile, AllowUnauthenticatedIdentities: true })],
      notes: [hostile],
    });
    const report = await reportOf(snapshot, { suppressions: [{ rule: "mfa-required", resource: "*", reason: hostile }] });
    expect(report.findings.some((f) => f.message.includes("<img"))).toBe(true);

    const xml = renderJunit(report);
    expect(xml).not.toContain("<img");
    expect(xml).not.toContain("]]>");
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e]/);
    const root = parseXml(xml);
    expectConsistentCounts(root);
    expect(root.children[0]!.attributes.name).toContain("<img src=x onerror=alert(1)> ]]> | `tick` \"q\" 'a' & red line2");
    const allCases = root.children.flatMap(cases);
    // Attribute values keep the text (less terminal sequences and line breaks) once parsed back.
    for (const c of allCases) {
      for (const value of [c.attributes.name, ...c.children.map((x) => x.attributes.message)]) expect(value ?? "").not.toMatch(/\n|\[31m/);
    }
    const failureText = allCases.map((c) => child(c, "failure")?.text ?? "").join("\n");
    expect(failureText).toContain("<img src=x onerror=alert(1)>");
    expect(failureText).not.toContain("\u001b");
    expect(child(allCases.find((c) => child(c, "skipped")?.attributes.message?.startsWith("suppressed"))!, "skipped")!.attributes.message).toContain(
      "suppressed: <img src=x onerror=alert(1)> ]]>",
    );
    const errors = allCases.filter((c) => c.attributes.classname === COLLECTION_ERROR_CLASS);
    expect(errors.map((c) => child(c, "error")!.attributes.type).sort()).toEqual(["AccessDenied", "Boom<&>"]);
  });

  it("renders an empty report as an empty, well-formed document", async () => {
    const report = await reportOf(snapshotOf([], [], { trails: [], identityPools: [] }));
    const xml = renderJunit(report);
    const root = parseXml(xml);
    expect(root.attributes).toMatchObject({ tests: "0", failures: "0", skipped: "0", errors: "0" });
    expect(root.children).toEqual([]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  });

  it("keeps a pool without listed findings as an empty suite", async () => {
    const report = await reportOf(snapshotOf([poolEntry({ userPool: userPool({ Name: "calm" }) })]));
    const root = parseXml(renderJunit(report));
    const suite = root.children.find((s) => s.attributes.name?.startsWith("user pool calm"))!;
    expect(suite.attributes.tests).toBe("0");
    expect(child(suite, "properties")!.children.map((p) => p.attributes.name)).toEqual(["arn", "accountId", "region", "score", "grade"]);
  });

  it.each(scenarioFiles)("lists every passed check of %s as a test case without --include-passed, as --include-passed does", async (file) => {
    const snapshot = await loadSnapshot(file);
    const { report, passCases, xml } = await junitOf(snapshot);
    const root = parseXml(xml);
    expectConsistentCounts(root);
    expect(report.findings.some((f) => f.status === "pass")).toBe(false);
    expect(passCases.total).toBe(report.score.counts.pass);
    expect(Number(root.attributes.tests)).toBe(report.findings.length + report.errors.length + report.score.counts.pass);
    expect(root.children.flatMap(cases).filter((c) => c.children.length === 0)).toHaveLength(report.score.counts.pass);
    // The same suites with the same cases as a report that lists its passes.
    const listed = parseXml(renderJunit(await reportOf(snapshot, { includePassed: true })));
    expect(root.children.map((s) => s.attributes.name)).toEqual(listed.children.map((s) => s.attributes.name));
    for (const [i, suite] of root.children.entries()) {
      expect(caseKeys(suite), suite.attributes.name).toEqual(caseKeys(listed.children[i]!));
      expect(suite.attributes).toEqual(listed.children[i]!.attributes);
    }
    // GitLab keys a case by classname and name and drops repeats: every (rule, resource) once.
    const keys = root.children.flatMap(caseKeys).filter((k) => !k.startsWith(`${COLLECTION_ERROR_CLASS} `));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("gives a calm pool's suite its passed checks, so that a clean gate job does not read tests=0", async () => {
    const { report, xml } = await junitOf(snapshotOf([poolEntry({ userPool: userPool({ Name: "calm" }) })]));
    const suite = parseXml(xml).children.find((s) => s.attributes.name?.startsWith("user pool calm"))!;
    const passed = report.pools[0]!.score.counts.pass;
    expect(passed).toBeGreaterThan(0);
    expect(cases(suite).filter((c) => c.children.length === 0)).toHaveLength(passed);
    expect(Number(suite.attributes.tests)).toBe(cases(suite).length);
    expect(cases(suite).every((c) => c.attributes.name!.startsWith(report.pools[0]!.arn))).toBe(true);
  });

  it("puts region-level passes (identity pools, trails) in the account and region suite", async () => {
    const { xml } = await junitOf(await loadSnapshot(`${SCENARIOS}/identity-pool-guest.json`));
    const root = parseXml(xml);
    expectConsistentCounts(root);
    const regions = root.children.filter((s) => s.attributes.name?.startsWith("account 123456789012 region eu-west-1"));
    expect(regions).toHaveLength(1);
    const passed = cases(regions[0]!).filter((c) => c.children.length === 0);
    expect(passed.length).toBeGreaterThan(0);
    expect(passed.every((c) => !c.attributes.name!.includes(":userpool/"))).toBe(true);
  });

  it("says why a check was skipped in the message (Jenkins) and in the element text (GitLab)", async () => {
    const { xml } = await junitOf(await loadSnapshot(`${SCENARIOS}/cross-account-triggers.json`));
    const skipped = parseXml(xml)
      .children.flatMap(cases)
      .map((c) => child(c, "skipped"))
      .filter((x) => x !== undefined);
    expect(skipped.length).toBeGreaterThan(0);
    for (const s of skipped) {
      expect(s.attributes.message).toMatch(/^(not evaluated|suppressed): ./);
      expect(s.text).toBe(s.attributes.message);
    }
  });
});
