import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import type { Finding } from "../../src/engine/findings.js";
import { fingerprint } from "../../src/engine/fingerprint.js";
import { evaluateGate } from "../../src/engine/gate.js";
import { clientIdentifier, identityProviderIdentifier, type ResourceRef } from "../../src/snapshot/identifiers.js";
import { score } from "../../src/engine/scoring.js";
import type { Suppression } from "../../src/engine/config.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { escapeMarkdown } from "../../src/report/escape.js";
import { buildReport, type Report, type ReportExtras } from "../../src/report/model.js";
import { FINGERPRINT_KEY, MAX_NOTIFICATIONS, MAX_RESULTS, renderSarif, renderSarifChunks, SARIF_SCHEMA_URI } from "../../src/report/sarif.js";
import { scanJsonStrings } from "../../src/snapshot/locate.js";
import { loadSnapshot, serializeSnapshot } from "../../src/snapshot/io.js";
import { describeArtifact } from "../../src/report/artifact.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { scanReport } from "../helpers/scan.js";
import { ACCOUNT, appClient, functionArn, handFinding, identityPool, poolEntry, POOL_ARN, poolResource, REGION, snapshotOf, userPool } from "../helpers/factories.js";

// ajv-formats is CommonJS; under NodeNext its callable export sits on `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);
// The official schema's `language` pattern is not a valid Unicode-mode regular expression.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, "test", "fixtures", "schemas", "sarif-schema-2.1.0.json"), "utf8")));

interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string; index?: number }; region: { startLine: number } };
  logicalLocations?: { kind: string; fullyQualifiedName: string; name: string }[];
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; state: string; justification: string; properties?: { expires?: string } }[];
  baselineState?: string;
  properties: { severity: string; resourceType: string; accountId: string; region: string; evidence?: unknown; remediation: string };
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: string };
  properties: { tags: string[]; "security-severity"?: string };
}
interface SarifNotification {
  descriptor: { id: string; index: number };
  associatedRule?: { id: string; index?: number };
  level: string;
  message: { text: string };
  locations?: SarifLocation[];
  properties?: Record<string, unknown>;
}
interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[]; notifications: { id: string }[] } };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
  artifacts?: { location: { uri: string }; length: number; hashes: Record<string, string>; contents?: unknown }[];
  results: SarifResult[];
  properties: Record<string, unknown>;
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: SarifRun[];
}

const NOW = new Date("2026-11-26T12:00:00Z");
const SCENARIOS = [
  ...readdirSync(join(PACKAGE_ROOT, "fixtures", "scenarios"))
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .map((f) => `fixtures/scenarios/${f}`),
  "fixtures/snapshots/demo.json",
];

/** Parses SARIF text and checks it against the official schema. */
function parseValid(text: string): SarifRun {
  const log = JSON.parse(text) as SarifLog;
  expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3), null, 2)).toBe(true);
  expect(log.$schema).toBe(SARIF_SCHEMA_URI);
  expect(log.version).toBe("2.1.0");
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

/** A report built the way `scan` builds it. */
const reportOf = (snapshot: Snapshot, options: { includePassed?: boolean; suppress?: Suppression[] } = {}) =>
  scanReport(snapshot, { now: NOW, includePassed: options.includePassed, suppressions: options.suppress });

/** The artifact as scan reads it: bytes in pieces (small ones here, so that strings and lines span them). */
function artifactOf(uri: string, text: string) {
  const bytes = Buffer.from(text, "utf8");
  const pieces = Array.from({ length: Math.ceil(bytes.length / 61) }, (_, i) => bytes.subarray(i * 61, (i + 1) * 61));
  return describeArtifact(uri, pieces);
}

async function fixture(file: string): Promise<{ text: string; snapshot: Snapshot }> {
  const path = join(PACKAGE_ROOT, file);
  return { text: readFileSync(path, "utf8"), snapshot: await loadSnapshot(path) };
}


const EMPTY_SNAPSHOT: Snapshot = { format: "cognito-audit/snapshot", version: 1, collectedAt: "2026-11-26T12:00:00.000Z", accounts: [] };

/** A report around hand-made findings (no pools unless `snapshot` has some). */
function handReport(findings: Finding[], extras: ReportExtras = {}, snapshot: Snapshot = EMPTY_SNAPSHOT): Report {
  return buildReport(snapshot, RULES, findings, evaluateGate(findings, score(findings), 0, { failOn: "high" }), NOW, extras);
}

const lineAt = (text: string, line: number) => text.split("\n")[line - 1] ?? "";
const physicalLine = (location: SarifLocation | undefined) => location?.physicalLocation?.region.startLine;
/** The 1-based line of the `nth` (0-based) occurrence of `needle` in `text`. */
function lineOfOccurrence(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`${needle} occurs fewer than ${nth + 1} times`);
  }
  return text.slice(0, at).split("\n").length;
}

describe("SARIF report", () => {
  describe("schema", () => {
    it.each(SCENARIOS)("%s validates against SARIF 2.1.0, with and without an artifact", async (file) => {
      const { text, snapshot } = await fixture(file);
      const report = await reportOf(snapshot);
      const plain = parseValid(renderSarif(report));
      const located = parseValid(renderSarif(report, { artifact: await artifactOf(file, text) }));
      expect(plain.results).toHaveLength(located.results.length);
      expect(plain.artifacts).toBeUndefined();
    });

    it("the validator is not a rubber stamp: it rejects what SARIF forbids", () => {
      const run = JSON.parse(renderSarif(handReport([handFinding({ status: "suppressed", suppression: { reason: "accepted" } })]))) as SarifLog;
      expect(validateSarif(run)).toBe(true);
      // `status` is not a suppression property (the field is `state`), and results have no `logicalLocations`.
      const withStatus = structuredClone(run);
      (withStatus.runs[0]!.results[0]!.suppressions![0] as unknown as Record<string, unknown>).status = "accepted";
      expect(validateSarif(withStatus)).toBe(false);
      const withLogical = structuredClone(run);
      (withLogical.runs[0]!.results[0] as unknown as Record<string, unknown>).logicalLocations = [];
      expect(validateSarif(withLogical)).toBe(false);
    });

    it("an empty report (no rules, pools or findings) is a valid log with an empty results array", () => {
      const report: Report = { ...handReport([]), rules: [] };
      const text = renderSarif(report);
      const run = parseValid(text);
      expect(JSON.parse(text).runs[0].results).toEqual([]);
      expect(run.tool.driver.rules).toEqual([]);
      expect(run.invocations[0]!.executionSuccessful).toBe(true);
      expect(run.invocations[0]!.toolExecutionNotifications).toEqual([]);
    });

    it("a scan that fails nothing still lists every rule and an empty results array", async () => {
      const { snapshot } = await fixture("fixtures/scenarios/hardened.json");
      const run = parseValid(renderSarif(await reportOf(snapshot)));
      expect(run.results).toEqual([]);
      expect(run.tool.driver.rules).toHaveLength(RULES.length);
    });
  });

  describe("driver", () => {
    it("names the tool, its semantic version and home, and describes every rule that ran", () => {
      const report = handReport([]);
      const { driver } = parseValid(renderSarif(report)).tool;
      expect(driver.name).toBe("cognito-audit");
      expect(driver.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
      expect(driver.semanticVersion).toBe(driver.version);
      expect(driver.informationUri).toBe(report.tool.informationUri);
      expect(driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
      expect(driver.rules.find((r) => r.id === "access-token-validity")?.name).toBe("AccessTokenValidity");
      expect(new Set(driver.rules.map((r) => r.name)).size).toBe(RULES.length);
      for (const [i, rule] of RULES.entries()) {
        const d = driver.rules[i]!;
        expect(d.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
        expect(d.shortDescription.text).toBe(rule.title);
        expect(d.fullDescription.text).toBe(rule.rationale);
        expect(d.help.text).toContain(rule.rationale);
        expect(d.help.text).toContain(rule.remediation);
        for (const anchor of rule.anchors) expect(d.help.text).toContain(anchor);
        expect(d.help.markdown).toContain(escapeMarkdown(rule.remediation));
        expect(d.help.markdown).toContain(`(${d.helpUri})`);
        expect(d.helpUri).toBe(report.rules[i]!.helpUri);
        expect(d.properties.tags).toEqual([...new Set(["security", rule.resourceType, ...rule.anchors.filter((a) => !a.startsWith("https://"))])]);
      }
    });

    it("maps severities to levels and GitHub's mid-band security-severity values", () => {
      const { driver } = parseValid(renderSarif(handReport([]))).tool;
      const expected = {
        critical: ["error", "9.5"],
        high: ["error", "8.0"],
        medium: ["warning", "5.5"],
        low: ["note", "3.0"],
        info: ["note", undefined],
      };
      const seen = new Set<string>();
      for (const [i, rule] of RULES.entries()) {
        const d = driver.rules[i]!;
        const [level, securitySeverity] = expected[rule.severity];
        expect([d.defaultConfiguration.level, d.properties["security-severity"]]).toEqual([level, securitySeverity]);
        seen.add(rule.severity);
      }
      expect(seen.size).toBeGreaterThanOrEqual(4);
    });
  });

  describe("results", () => {
    it("are the failures and suppressed findings only, each pointing at its rule by index", async () => {
      const { snapshot } = await fixture("fixtures/snapshots/demo.json");
      const report = await reportOf(snapshot, { includePassed: true });
      const run = parseValid(renderSarif(report));
      const counted = report.findings.filter((f) => f.status === "fail" || f.status === "suppressed");
      expect(report.findings.some((f) => f.status === "pass")).toBe(true);
      expect(report.findings.some((f) => f.status === "not_evaluated")).toBe(true);
      expect(run.results.map((r) => `${r.ruleId} ${r.locations[0]!.logicalLocations![0]!.fullyQualifiedName}`)).toEqual(
        counted.map((f) => `${f.ruleId} ${f.resource.arn}`),
      );
      for (const result of run.results) {
        expect(run.tool.driver.rules[result.ruleIndex!]!.id).toBe(result.ruleId);
      }
    });

    it("carry the finding's own severity, resource, evidence and remediation", async () => {
      const severities = ["critical", "high", "medium", "low", "info"] as const;
      const findings = severities.map((severity, i) => handFinding({ severity, messageId: `m${i}`, evidence: { MfaConfiguration: "OFF", i } }));
      const run = parseValid(renderSarif(handReport(findings)));
      expect(run.results.map((r) => r.level)).toEqual(["error", "error", "warning", "note", "note"]);
      // mfa-required defaults to high ("error"); a medium finding of it is a warning.
      const rule = run.tool.driver.rules[run.results[2]!.ruleIndex!]!;
      expect(rule.defaultConfiguration.level).toBe("error");
      const result = run.results[2]!;
      expect(result.message.text).toBe("MFA is OFF.");
      expect(result.locations[0]!.logicalLocations).toEqual([{ kind: "resource", fullyQualifiedName: POOL_ARN, name: "hand-made" }]);
      expect(result.properties).toMatchObject({
        severity: "medium",
        resourceType: "AWS::Cognito::UserPool",
        accountId: ACCOUNT,
        region: REGION,
        evidence: { MfaConfiguration: "OFF", i: 2 },
        remediation: "Require MFA.",
      });
      expect(result.suppressions).toBeUndefined();
      expect(result.baselineState).toBeUndefined();
    });

    it("a suppressed finding is a result with an accepted external suppression and its justification", async () => {
      const { snapshot } = await fixture("fixtures/scenarios/mobile-legacy.json");
      const suppress = [{ rule: "mfa-required", resource: "*L3gacyMob", reason: "Legacy app retires in Q1", expires: "2099-01-01" }];
      const report = await reportOf(snapshot, { suppress });
      const run = parseValid(renderSarif(report));
      const suppressed = run.results.filter((r) => r.suppressions);
      expect(suppressed.map((r) => r.ruleId)).toEqual(["mfa-required"]);
      expect(suppressed[0]!.suppressions).toEqual([{ kind: "external", state: "accepted", justification: "Legacy app retires in Q1", properties: { expires: "2099-01-01" } }]);
      expect(run.results).toHaveLength(report.findings.filter((f) => f.status === "fail").length + 1);
    });

    it("baseline states and the baseline's fixed failures are carried", () => {
      const fixed = [{ fingerprint: "ab".repeat(16), ruleId: "deletion-protection", severity: "medium", resource: { arn: POOL_ARN, name: "hand-made", type: "AWS::Cognito::UserPool" }, message: "gone" }];
      const report = handReport([handFinding({ baselineState: "new" }), handFinding({ ruleId: "deletion-protection", messageId: "x", baselineState: "unchanged" })], {
        baseline: { source: "baseline.json", generatedAt: "2026-11-01T00:00:00.000Z", new: 1, unchanged: 1, fixed },
      });
      const run = parseValid(renderSarif(report));
      expect(Object.fromEntries(run.results.map((r) => [r.ruleId, r.baselineState]))).toEqual({ "mfa-required": "new", "deletion-protection": "unchanged" });
      expect(run.properties.baseline).toEqual(report.baseline);
      const notes = run.invocations[0]!.toolExecutionNotifications.filter((n) => n.descriptor.id === "report-note");
      expect(notes.map((n) => n.message.text)).toEqual(["Compared with the baseline baseline.json: 1 new, 1 unchanged and 1 fixed failure(s)."]);
    });
  });

  describe("notifications", () => {
    it("collection errors and unevaluated checks are warnings of a run that still succeeded", async () => {
      const { text, snapshot } = await fixture("fixtures/snapshots/demo.json");
      const report = await reportOf(snapshot);
      expect(report.errors.length).toBeGreaterThan(0);
      const run = parseValid(renderSarif(report, { artifact: await artifactOf("demo.json", text) }));
      const [invocation] = run.invocations;
      expect(invocation!.executionSuccessful).toBe(true);
      const byKind = (id: string) => invocation!.toolExecutionNotifications.filter((n) => n.descriptor.id === id);
      expect(run.tool.driver.notifications.map((n) => n.id)).toEqual(["collection-error", "not-evaluated", "report-note", "left-out", "account-unreachable"]);

      const errors = byKind("collection-error");
      expect(errors).toHaveLength(report.errors.length);
      errors.forEach((n, i) => {
        const error = report.errors[i]!;
        expect(n.level).toBe("warning");
        expect(run.tool.driver.notifications[n.descriptor.index]!.id).toBe("collection-error");
        expect(n.message.text).toContain(`${error.operation} failed with ${error.code}`);
        if (error.resource) expect(n.message.text).toContain(error.resource);
        if (error.poolArn) expect(n.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toBe(error.poolArn);
        // At the client or function the call was about, else at the pool, else at the region.
        const line = lineAt(text, physicalLine(n.locations![0])!);
        expect(line).toContain(error.resource ? error.resource : error.poolArn ? `"Arn": "${error.poolArn}"` : `"region": "${error.region}"`);
        expect(n.associatedRule).toBeUndefined();
      });

      const skipped = report.findings.filter((f) => f.status === "not_evaluated");
      const notEvaluated = byKind("not-evaluated");
      expect(notEvaluated).toHaveLength(skipped.length);
      notEvaluated.forEach((n, i) => {
        expect(n.level).toBe("warning");
        expect(n.associatedRule!.id).toBe(skipped[i]!.ruleId);
        expect(run.tool.driver.rules[n.associatedRule!.index!]!.id).toBe(skipped[i]!.ruleId);
        expect(n.message.text).toContain(skipped[i]!.reason);
        expect(n.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toBe(skipped[i]!.resource.arn);
      });
      expect(byKind("report-note")).toHaveLength(report.notes.length);
    });
  });

  describe("fingerprints", () => {
    const fingerprints = (run: SarifRun) => run.results.map((r) => `${r.ruleId} ${r.partialFingerprints[FINGERPRINT_KEY]}`);

    it("are the findings' fingerprints, distinct, and stable across two runs", async () => {
      const { snapshot } = await fixture("fixtures/snapshots/demo.json");
      const first = await reportOf(snapshot);
      const a = parseValid(renderSarif(first));
      const b = parseValid(renderSarif(await reportOf((await fixture("fixtures/snapshots/demo.json")).snapshot)));
      expect(fingerprints(a)).toEqual(fingerprints(b));
      const values = a.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
      expect(values.every((v) => /^[0-9a-f]{32}$/.test(v!))).toBe(true);
      expect(new Set(values).size).toBe(values.length);
      expect(values).toEqual(first.findings.filter((f) => f.status === "fail").map((f) => f.fingerprint));
    });

    it("do not change when a pool is renamed", async () => {
      const { snapshot } = await fixture("fixtures/scenarios/mobile-legacy.json");
      const renamed = structuredClone(snapshot);
      renamed.accounts[0]!.regions[0]!.userPools[0]!.userPool.Name = "mobile-legacy-renamed";
      const before = parseValid(renderSarif(await reportOf(snapshot)));
      const after = parseValid(renderSarif(await reportOf(renamed)));
      const poolNames = (run: SarifRun) =>
        run.results.filter((r) => r.properties.resourceType === "AWS::Cognito::UserPool").map((r) => r.locations[0]!.logicalLocations![0]!.name);
      expect(new Set(poolNames(after))).toEqual(new Set(["mobile-legacy-renamed"]));
      expect(poolNames(before)).not.toContain("mobile-legacy-renamed");
      expect(fingerprints(after)).toEqual(fingerprints(before));
    });

    it("are computed when a finding has none", () => {
      const bare = handFinding();
      const run = parseValid(renderSarif(handReport([bare])));
      expect(run.results[0]!.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: fingerprint(bare) });
    });
  });

  describe("physical locations", () => {
    /** What the line of a result must contain, by resource type. */
    function expectedNeedle(result: SarifResult): string {
      const { fullyQualifiedName: arn, name } = result.locations[0]!.logicalLocations![0]!;
      switch (result.properties.resourceType) {
        case "AWS::Cognito::UserPool":
          return `"Arn": ${JSON.stringify(arn)}`;
        case "AWS::Cognito::UserPoolClient":
          return `"ClientId": ${JSON.stringify(arn.split("/client/")[1])}`;
        case "AWS::Cognito::UserPoolIdentityProvider":
          return `"ProviderName": ${JSON.stringify(name)}`;
        case "AWS::Lambda::Function":
          return JSON.stringify(arn);
        case "AWS::Cognito::IdentityPool":
          return `"IdentityPoolId": ${JSON.stringify(arn.split("identitypool/")[1])}`;
        default:
          return `"region": ${JSON.stringify(result.properties.region)}`;
      }
    }

    it("point every result at the line of the snapshot that defines its resource", async () => {
      const types = new Set<string>();
      for (const file of SCENARIOS) {
        const { text, snapshot } = await fixture(file);
        const run = parseValid(renderSarif(await reportOf(snapshot), { artifact: await artifactOf(file, text) }));
        for (const result of run.results) {
          const line = physicalLine(result.locations[0]);
          expect(line, `${file} ${result.ruleId}`).toBeGreaterThan(1);
          expect(lineAt(text, line!), `${file} ${result.ruleId}`).toContain(expectedNeedle(result));
          types.add(result.properties.resourceType);
        }
      }
      expect(types.size).toBe(6);
    });

    it("list the artifact by URI, size and hash, without its text", async () => {
      const file = "fixtures/scenarios/b2c-shop.json";
      const { text, snapshot } = await fixture(file);
      const run = parseValid(renderSarif(await reportOf(snapshot), { artifact: await artifactOf(file, text) }));
      expect(run.artifacts).toEqual([
        { location: { uri: file }, length: Buffer.byteLength(text), roles: ["analysisTarget"], hashes: { "sha-256": createHash("sha256").update(text).digest("hex") } },
      ]);
      for (const result of run.results) expect(result.locations[0]!.physicalLocation!.artifactLocation).toEqual({ uri: file, index: 0 });
      const plain = parseValid(renderSarif(await reportOf(snapshot)));
      expect(plain.results.every((r) => r.locations[0]!.physicalLocation === undefined)).toBe(true);
    });

    it("find a resource inside its own pool, account and region, with escaped strings and a pool without Arn", async () => {
      const sharedFunction = functionArn("shared");
      const trigger = { PreSignUp: sharedFunction };
      const first = poolEntry({ userPool: userPool({ Id: `${REGION}_First0001`, LambdaConfig: trigger }), clients: [appClient({ ClientId: "same" })] });
      const second = poolEntry({
        userPool: userPool({ Id: `${REGION}_Second001`, Arn: undefined, LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: sharedFunction, LambdaVersion: "V2_0" }, PreTokenGeneration: sharedFunction } }),
        clients: [appClient({ ClientId: "same" })],
        identityProviders: [{ ProviderName: 'we"ird\\idp', ProviderType: "OIDC" }],
      });
      const snapshot = snapshotOf([first, second]);
      snapshot.accounts.push({ accountId: "210987654321", partition: "aws", regions: [{ region: REGION, userPools: [], identityPools: [identityPool({ IdentityPoolId: `${REGION}:abc` })], errors: [] }] });
      const text = serializeSnapshot(snapshot);
      const secondArn = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_Second001`;
      const on = (resource: Partial<ResourceRef> & Pick<ResourceRef, "arn" | "type">, poolArn?: string) =>
        handFinding({ resource: { name: "r", accountId: ACCOUNT, region: REGION, ...resource }, poolArn, messageId: resource.arn });
      const findings = [
        on({ arn: secondArn, type: "AWS::Cognito::UserPool" }, secondArn),
        on({ arn: clientIdentifier(secondArn, "same"), type: "AWS::Cognito::UserPoolClient" }, secondArn),
        on({ arn: identityProviderIdentifier(secondArn, 'we"ird\\idp'), type: "AWS::Cognito::UserPoolIdentityProvider" }, secondArn),
        on({ arn: sharedFunction, type: "AWS::Lambda::Function" }, secondArn),
        on({ arn: `arn:aws:cognito-identity:${REGION}:210987654321:identitypool/${REGION}:abc`, type: "AWS::Cognito::IdentityPool", accountId: "210987654321" }),
        on({ arn: `arn:aws:cloudtrail:${REGION}:210987654321:trail/*`, type: "AWS::CloudTrail::Trail", accountId: "210987654321" }),
        on({ arn: `${secondArn}/client/missing`, type: "AWS::Cognito::UserPoolClient" }, secondArn),
      ];
      const run = parseValid(renderSarif(handReport(findings), { artifact: await artifactOf("snapshot.json", text) }));
      // The report sorts its findings: look each one up by its resource.
      const lineOf = new Map(run.results.map((r) => [r.locations[0]!.logicalLocations![0]!.fullyQualifiedName, physicalLine(r.locations[0])]));
      const lines = findings.map((f) => lineOf.get(f.resource.arn));
      expect(lines).toEqual([
        lineOfOccurrence(text, `"Id": "${REGION}_Second001"`),
        lineOfOccurrence(text, `"ClientId": "same"`, 1),
        lineOfOccurrence(text, JSON.stringify('we"ird\\idp')),
        lineOfOccurrence(text, `"LambdaArn": "${sharedFunction}"`), // the first of the pool's two mentions
        lineOfOccurrence(text, `"IdentityPoolId": "${REGION}:abc"`),
        lineOfOccurrence(text, `"region": "${REGION}"`, 1),
        1,
      ]);
      expect(new Set(lines).size).toBe(lines.length);
    });

    it("fall back to line 1 for text that is minified, not JSON, or not a snapshot", async () => {
      const { text, snapshot } = await fixture("fixtures/scenarios/b2c-shop.json");
      const report = await reportOf(snapshot);
      for (const other of [JSON.stringify(JSON.parse(text)), `${text.slice(0, 500)}"unterminated`, "[1, 2, {}]\n\n", ""]) {
        const run = parseValid(renderSarif(report, { artifact: await artifactOf("other.json", other) }));
        expect(run.results.length).toBeGreaterThan(0);
        expect(run.results.every((r) => physicalLine(r.locations[0]) === 1)).toBe(true);
      }
    });

    // Speed is the benchmarks' business (npm run bench), never a timed assertion here.
    it("are found for the first, middle and last results of a large snapshot", async () => {
      const entries = Array.from({ length: 4000 }, (_, i) => poolEntry({ userPool: userPool({ Id: `${REGION}_Big${String(i).padStart(6, "0")}` }) }));
      const snapshot = snapshotOf(entries);
      const text = serializeSnapshot(snapshot);
      const findings = entries.map((entry) => {
        const arn = entry.userPool.Arn!;
        const clientId = entry.clients![0]!.ClientId!;
        return handFinding({ resource: { ...poolResource(), arn: clientIdentifier(arn, clientId), type: "AWS::Cognito::UserPoolClient" }, poolArn: arn, messageId: clientId });
      });
      const run = JSON.parse(renderSarif(handReport(findings), { artifact: await artifactOf("big.json", text) })) as SarifLog;
      const results = run.runs[0]!.results;
      for (const i of [0, 1999, 3999]) {
        expect(lineAt(text, physicalLine(results[i]!.locations[0])!)).toContain(`"ClientId": "${entries[i]!.clients![0]!.ClientId}"`);
      }
    });

    it("the scanner follows keys, indexes and escapes", () => {
      const seen: string[] = [];
      scanJsonStrings('{"a": [{}, "x", {"k\\"ey": "v\\u0041"}],\n "b": {"c": []},\n "d": "\\\\"}', (path, value, line) => seen.push(`${path.join(".")}=${value}@${line}`));
      expect(seen).toEqual(["a.1=x@1", 'a.2.k"ey=vA@1', "d=\\@3"]);
    });
  });

  describe("GitHub code scanning limits", () => {
    /** `n` failures of clients of the hand-made pool, with evidence; every 1,000th is critical. */
    const many = (n: number): Finding[] =>
      Array.from({ length: n }, (_, i) =>
        handFinding({
          severity: i % 1000 === 999 ? "critical" : i % 2 ? "medium" : "high",
          resource: { ...poolResource(`client-${i}`), arn: clientIdentifier(POOL_ARN, `c${i}`), type: "AWS::Cognito::UserPoolClient" },
          message: `Client client-${i} allows the implicit grant.`,
          evidence: { AllowedOAuthFlows: ["implicit", "code"], CallbackURLs: [`https://app-${i}.example.com/callback`] },
        }),
      );

    it("keeps at most 25,000 results, the most severe, and says in a notification what is left out and where it all is", () => {
      const findings = many(MAX_RESULTS + 1_000);
      const chunks = [...renderSarifChunks(handReport(findings))];
      const run = parseValid(chunks.join(""));
      expect(run.results).toHaveLength(MAX_RESULTS);
      const critical = findings.filter((f) => f.severity === "critical").length;
      expect(run.results.slice(0, critical).every((r) => r.properties.severity === "critical")).toBe(true);
      expect(run.results.filter((r) => r.properties.severity === "medium")).toHaveLength(MAX_RESULTS - critical - findings.filter((f) => f.severity === "high").length);
      const [first] = run.invocations[0]!.toolExecutionNotifications;
      expect(first!.descriptor.id).toBe("left-out");
      expect(first!.message.text).toContain(`1000 of ${MAX_RESULTS + 1_000} results are left out`);
      expect(first!.message.text).toContain("--format json");
      // Rendered in pieces: no chunk is the whole log, none much over a megabyte.
      expect(chunks.length).toBeGreaterThan(5);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(1.2 * (1 << 20));
      // GitHub takes at most 10 MB, compressed.
      expect(gzipSync(chunks.join("")).length).toBeLessThan(10 * 1024 * 1024);
    }, 60_000);

    it("says nothing is left out when nothing is, and caps the notifications too", () => {
      const few = parseValid(renderSarif(handReport(many(10))));
      expect(few.invocations[0]!.toolExecutionNotifications.filter((n) => n.descriptor.id === "left-out")).toEqual([]);
      const unevaluated = many(MAX_NOTIFICATIONS + 10).map((f) => ({ ...f, status: "not_evaluated" as const, reason: "ListUserPoolClients failed with AccessDeniedException", cause: { operation: "ListUserPoolClients", code: "AccessDeniedException" } }));
      const notifications = parseValid(renderSarif(handReport(unevaluated))).invocations[0]!.toolExecutionNotifications;
      expect(notifications).toHaveLength(MAX_NOTIFICATIONS + 1);
      expect(notifications[0]!.message.text).toContain(`10 of ${MAX_NOTIFICATIONS + 10} notifications`);
      expect(notifications[1]!.properties).toMatchObject({ operation: "ListUserPoolClients", code: "AccessDeniedException" });
    }, 60_000);
  });

  describe("hostile data", () => {
    const HOSTILE = "<img src=x onerror=alert(1)>";
    const NASTY = "]]> | `rm -rf` \n next line \u001b[31mred\u001b[0m";

    it("survives as data: exact in identifiers and evidence, terminal-safe in text, valid JSON throughout", async () => {
      const { snapshot } = await fixture("fixtures/scenarios/mobile-legacy.json");
      const copy = structuredClone(snapshot);
      copy.accounts[0]!.regions[0]!.userPools[0]!.userPool.Name = HOSTILE;
      copy.accounts[0]!.regions[0]!.userPools[0]!.clients![0]!.ClientName = NASTY;
      const text = serializeSnapshot(copy);
      const report = await reportOf(copy);
      report.findings.push(handFinding({ message: `${HOSTILE} ${NASTY}`, evidence: { name: NASTY, nested: [HOSTILE] } }));
      report.findings.push(handFinding({ ruleId: "deletion-protection", status: "suppressed", suppression: { reason: NASTY } }));
      report.errors.push({ operation: "ListGroups", code: "AccessDenied", message: NASTY, resource: HOSTILE, accountId: ACCOUNT, region: REGION, poolArn: POOL_ARN });
      report.notes.push(NASTY);
      const out = renderSarif(report, { artifact: await artifactOf("snap.json", text) });
      expect(out).not.toContain("\u001b");
      const run = parseValid(out);

      // The scanned pool's result, not the hand-made one (results are most severe first, then by resource).
      const poolResult = run.results.find((r) => r.properties.resourceType === "AWS::Cognito::UserPool" && r.ruleId === "mfa-required" && r.locations[0]!.logicalLocations![0]!.fullyQualifiedName !== POOL_ARN)!;
      expect(poolResult.locations[0]!.logicalLocations![0]!.name).toBe(HOSTILE);
      expect(lineAt(text, physicalLine(poolResult.locations[0])!)).toContain('"Arn"');
      const clientResult = run.results.find((r) => r.properties.resourceType === "AWS::Cognito::UserPoolClient")!;
      expect(lineAt(text, physicalLine(clientResult.locations[0])!)).toContain('"ClientId"');

      const handMade = run.results.find((r) => r.message.text.startsWith(HOSTILE))!;
      expect(handMade.properties.evidence).toEqual({ name: NASTY, nested: [HOSTILE] });
      // Brackets are escaped in SARIF text so that viewers do not turn data into links.
      expect(handMade.message.text).toContain("\\]\\]> | `rm -rf`");
      expect(handMade.message.text).not.toMatch(/[\n\u001b]/);
      const texts = [
        ...run.results.flatMap((r) => [r.message.text, r.locations[0]!.logicalLocations![0]!.name, ...(r.suppressions ?? []).map((s) => s.justification)]),
        ...run.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text),
      ];
      expect(texts.some((t) => t.includes("red"))).toBe(true);
      for (const t of texts) expect(t).not.toMatch(/[\n\u001b]/);
      const errorNote = run.invocations[0]!.toolExecutionNotifications.find((n) => n.descriptor.id === "collection-error")!;
      expect(errorNote.properties).toMatchObject({ resource: HOSTILE });
    });

    it("never carries a client secret", async () => {
      const { snapshot } = await fixture("fixtures/scenarios/hardened.json");
      const copy = structuredClone(snapshot);
      const entry = copy.accounts[0]!.regions[0]!.userPools.find((p) => p.clients?.some((c) => c.ClientSecret))!;
      for (const client of entry.clients!) client.ClientSecret = "CLIENT-SECRET-VALUE-1a2b3c";
      entry.identityProviders = [{ ProviderName: "Corp", ProviderType: "OIDC", ProviderDetails: { client_id: "id", client_secret: "IDP-SECRET-VALUE-4d5e6f" } }];
      const text = serializeSnapshot(copy);
      const report = await reportOf(copy, { includePassed: true });
      report.findings.push(handFinding({ evidence: { ClientSecret: "EVIDENCE-SECRET-7g8h9i", client: { client_secret: "EVIDENCE-SECRET-7g8h9i", ClientSecretValue: "EVIDENCE-SECRET-7g8h9i" } } }));
      const out = renderSarif(report, { artifact: await artifactOf("snap.json", text) });
      parseValid(out);
      expect(out).toContain("REDACTED");
      for (const secret of ["CLIENT-SECRET-VALUE", "IDP-SECRET-VALUE", "EVIDENCE-SECRET"]) expect(out).not.toContain(secret);
    });
  });
});
