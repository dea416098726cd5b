// The scan counts passes instead of keeping them, caches repeated texts and fingerprints in one
// shot: its JSON report must be the one the straightforward pipeline writes, byte for byte.
import { describe, expect, it } from "vitest";
import { generateSnapshot } from "../../bench/generate.js";
import { RULES } from "../../rules/index.js";
import { applyBaseline, baselineSummary, type Baseline } from "../../src/engine/baseline.js";
import { resolveRules, type Config } from "../../src/engine/config.js";
import { evaluateGate } from "../../src/engine/gate.js";
import { runRules } from "../../src/engine/runner.js";
import { score } from "../../src/engine/scoring.js";
import { applySuppressions } from "../../src/engine/suppressions.js";
import { scanSnapshot } from "../../src/pipeline.js";
import { renderJson } from "../../src/report/json.js";
import { buildReport } from "../../src/report/model.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const now = new Date("2026-11-26T12:00:00Z");
const gate = { failOn: "high" as const, minScore: 50 };
const events = { kind: "unavailable" as const, reason: "not part of this test" };

/** Every finding materialised, passes included, then the same steps as the scan, in the plainest way. */
function referenceReport(snapshot: Snapshot, config: Config, includePassed: boolean, baseline?: Baseline): string {
  const { rules, settings } = resolveRules(config, RULES);
  const context = { now, authorizationAttributes: config.authorizationAttributes ?? [] };
  const all = runRules(snapshot, rules, { context, settings, passEvidence: includePassed, events: { unavailable: events.reason } });
  const suppressed = applySuppressions(all, config.suppressions ?? [], now);
  const compared = baseline ? applyBaseline(suppressed.findings, baseline) : undefined;
  const findings = compared?.findings ?? suppressed.findings;
  const gated = evaluateGate(findings, score(findings), 0, gate, []);
  const report = buildReport(snapshot, rules, findings, gated, now, {
    notes: suppressed.notes,
    activity: { available: false, reason: events.reason },
    config: { source: null, preset: "default" },
    includePassed,
    ...(baseline && compared ? { baseline: baselineSummary(baseline, compared) } : {}),
  });
  return renderJson(report);
}

async function scannedReport(snapshot: Snapshot, config: Config, includePassed: boolean, baseline?: Baseline): Promise<string> {
  const { report } = await scanSnapshot({ snapshot, events, rules: RULES, config, now, gate, includePassed, ...(baseline ? { baseline } : {}) });
  return renderJson(report);
}

describe("scanSnapshot", () => {
  const snapshot = generateSnapshot(40, 4, 7);
  const suppressing: Config = {
    suppressions: [
      { rule: "implicit-grant", resource: "*Bench00001*", reason: "accepted" },
      { rule: "*", resource: "*client3x*", reason: "old", expires: "2026-01-01" },
    ],
    rules: { "mfa-required": { severity: "low" } },
  };

  it("writes the report of the plain pipeline, byte for byte, with passes counted or listed", async () => {
    for (const includePassed of [false, true]) {
      for (const config of [{}, suppressing]) {
        const scanned = await scannedReport(snapshot, config, includePassed);
        expect(scanned).toBe(referenceReport(snapshot, config, includePassed));
      }
    }
  });

  it("scores counted passes as listed ones, for the run and for every pool", async () => {
    const counted = JSON.parse(await scannedReport(snapshot, {}, false)) as { score: unknown; pools: { score: { counts: { pass: number } } }[] };
    const listed = JSON.parse(await scannedReport(snapshot, {}, true)) as typeof counted;
    expect(counted.score).toEqual(listed.score);
    expect(counted.pools).toEqual(listed.pools);
    // Not vacuous: the pools did pass checks, and the counted report lists none of them.
    expect(counted.pools.every((p) => p.score.counts.pass > 0)).toBe(true);
    expect(await scannedReport(snapshot, {}, false)).not.toContain('"status":"pass"');
  });

  it("marks baseline failures as the plain pipeline does", async () => {
    const first = JSON.parse(await scannedReport(snapshot, {}, false)) as { findings: { status: string; fingerprint: string; ruleId: string; severity: string; resource: { arn: string; name: string; type: string }; message: string }[] };
    const failures = first.findings.filter((f) => f.status === "fail");
    // Half of today's failures were already known, and one known failure is gone.
    const known = failures.slice(0, failures.length / 2).map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, severity: f.severity, resource: f.resource, message: f.message }));
    const gone = { ...known[0]!, fingerprint: "0".repeat(32), resource: { ...known[0]!.resource, arn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Gone" } };
    const baseline: Baseline = { source: "baseline.json", generatedAt: "2026-11-01T00:00:00.000Z", failures: [...known, gone] };
    const scanned = await scannedReport(snapshot, {}, false, baseline);
    expect(scanned).toBe(referenceReport(snapshot, {}, false, baseline));
    expect(JSON.parse(scanned).baseline).toMatchObject({ unchanged: known.length, fixed: [{ fingerprint: "0".repeat(32) }] });
  });
});
