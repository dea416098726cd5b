// Runs a rule's valid and invalid cases through the real runner, like ESLint's RuleTester:
// an invalid case must name its messageId, and the cases themselves are checked.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/findings.js";
import type { Rule } from "../../src/engine/rule.js";
import { runRules } from "../../src/engine/runner.js";
import type { Severity } from "../../src/engine/severity.js";
import type { RegionEntry, UserPoolEntry } from "../../src/snapshot/types.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { analyseEvents } from "../../src/engine/behaviour.js";
import { snapshotOf } from "./factories.js";

export const NOW = new Date("2026-11-26T12:00:00Z");

interface Case {
  name: string;
  /** The user pool (with its clients, triggers, …); region-level rules may leave it out. */
  entry?: UserPoolEntry;
  /** Region-level sections: trails, identityPools, errors. */
  region?: Partial<RegionEntry>;
  /** For client rules: which client of the entry is judged (default: the first one). */
  clientId?: string;
  /** Which resource is judged: the finding whose resource ARN ends with this. */
  resource?: string;
  /** Behaviour rules: the CloudTrail records of the scan (absent: no events were available). */
  events?: CloudTrailRecord[];
  options?: Record<string, unknown>;
}
export interface InvalidCase extends Case {
  messageId: string;
  severity?: Severity;
  evidence?: Record<string, unknown>;
}
export interface NotEvaluatedCase extends Case {
  reason: RegExp;
}
export interface RuleCases {
  valid: Case[];
  invalid: InvalidCase[];
  /** Cases where the rule does not apply: it yields no finding at all. */
  notApplicable?: Case[];
  notEvaluated?: NotEvaluatedCase[];
}

async function* stream(records: CloudTrailRecord[]) {
  yield* records;
}

async function findingFor(rule: Rule, c: Case): Promise<Finding | undefined> {
  const settings = new Map([[rule.id, { options: { ...rule.defaultOptions, ...c.options } }]]);
  const snapshot = snapshotOf(c.entry ? [c.entry] : [], [], c.region ?? {});
  const context = { now: NOW };
  const events = c.events
    ? { analyses: (await analyseEvents(stream(c.events), snapshot, [rule], settings, context, { source: "test", start: new Date(0), end: NOW })).analyses }
    : { unavailable: "no CloudTrail events were available" };
  const findings = runRules(snapshot, [rule], { context, settings, events });
  const own = c.resource
    ? findings.filter((f) => f.resource.arn.endsWith(c.resource!))
    : rule.resourceType === "client"
      ? findings.filter((f) => f.resource.arn.endsWith(`/client/${c.clientId ?? c.entry?.clients?.[0]?.ClientId}`))
      : findings;
  expect(own.length, `case "${c.name}" should yield at most one finding for its resource`).toBeLessThanOrEqual(1);
  return own[0];
}

export function testRule(rule: Rule, cases: RuleCases): void {
  describe(`rule ${rule.id}`, () => {
    it("has well-formed cases", () => {
      const names = [...cases.valid, ...cases.invalid, ...(cases.notApplicable ?? []), ...(cases.notEvaluated ?? [])].map((c) => c.name);
      expect(new Set(names).size, "case names are unique").toBe(names.length);
      expect(cases.valid.length, "at least one valid case").toBeGreaterThan(0);
      expect(cases.invalid.length, "at least one invalid case").toBeGreaterThan(0);
      for (const c of cases.invalid) expect(Object.keys(rule.messages)).toContain(c.messageId);
    });

    for (const c of cases.valid) {
      it(`passes: ${c.name}`, async () => {
        expect(await findingFor(rule, c)).toMatchObject({ status: "pass", ruleId: rule.id });
      });
    }
    for (const c of cases.invalid) {
      it(`fails: ${c.name}`, async () => {
        const finding = await findingFor(rule, c);
        expect(finding).toMatchObject({ status: "fail", ruleId: rule.id, messageId: c.messageId });
        expect(finding!.message).not.toMatch(/\{\{/);
        if (c.severity) expect(finding!.severity).toBe(c.severity);
        if (c.evidence) expect(finding!.evidence).toMatchObject(c.evidence);
      });
    }
    for (const c of cases.notApplicable ?? []) {
      it(`does not apply: ${c.name}`, async () => {
        expect(await findingFor(rule, c)).toBeUndefined();
      });
    }
    for (const c of cases.notEvaluated ?? []) {
      it(`cannot judge: ${c.name}`, async () => {
        const finding = await findingFor(rule, c);
        expect(finding).toMatchObject({ status: "not_evaluated", ruleId: rule.id });
        expect(finding!.reason).toMatch(c.reason);
      });
    }
  });
}
