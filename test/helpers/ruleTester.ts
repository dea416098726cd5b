// Runs a rule's valid and invalid cases through the real runner, like ESLint's RuleTester:
// an invalid case must name its messageId, and the cases themselves are checked (unique names,
// options the rule's schema accepts).
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/findings.js";
import type { Target } from "../../src/engine/resources.js";
import type { MessageData, Rule, RuleContext, Verdict } from "../../src/engine/rule.js";
import { runRules } from "../../src/engine/runner.js";
import { compileSchema } from "../../src/snapshot/validate.js";
import type { Severity } from "../../src/engine/severity.js";
import type { RegionEntry, UserPoolEntry } from "../../src/snapshot/types.js";
import { recordBatches, type CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { analyseEvents } from "../../src/engine/behaviour.js";
import { snapshotOf } from "./factories.js";

export const NOW = new Date("2026-11-26T12:00:00Z");

interface Case {
  name: string;
  /** The user pool (with its clients, triggers, …); region-level rules may leave it out. */
  entry?: UserPoolEntry;
  /** Region-level sections: trails, identityPools, errors. */
  region?: Partial<RegionEntry>;
  /** More regions of the same account (after the case's own region). */
  otherRegions?: RegionEntry[];
  /** For client rules: which client of the entry is judged (default: the first one). */
  clientId?: string;
  /** Which resource is judged: the finding whose resource ARN ends with this. */
  resource?: string;
  /** Behaviour rules: the CloudTrail records of the scan (absent: no events were available). */
  events?: CloudTrailRecord[];
  /** Merged over the rule's defaults; must satisfy the rule's options schema. */
  options?: Record<string, unknown>;
  /** The scan's context, e.g. authorizationAttributes; `now` is NOW unless given. */
  context?: Partial<RuleContext>;
}
export interface ValidCase extends Case {
  /** The evidence of the pass, exactly (it is small); expect.objectContaining() asserts part of it. */
  evidence?: Record<string, unknown>;
}
export interface InvalidCase extends Case {
  messageId: string;
  severity?: Severity;
  /** The failure's message data, exactly. */
  data?: MessageData;
  /** Matched against the failure's evidence (partially, like toMatchObject). */
  evidence?: Record<string, unknown>;
}
export interface NotEvaluatedCase extends Case {
  reason: RegExp;
}
export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
  /** Cases where the rule does not apply: it yields no finding at all. */
  notApplicable?: Case[];
  notEvaluated?: NotEvaluatedCase[];
}

/** The rule, with each verdict it gives kept by resource ARN (a finding keeps no message data). */
function recording(rule: Rule, verdicts: Map<string, Verdict>): Rule {
  const keep = (target: unknown, verdict: Verdict | null) => {
    if (verdict) verdicts.set((target as Target).resource.arn, verdict);
    return verdict;
  };
  if (rule.kind === "config") return { ...rule, check: (target, options, context) => keep(target, rule.check(target, options, context)) };
  return {
    ...rule,
    events: {
      analyse(options, context) {
        const analysis = rule.events.analyse(options, context);
        return { observe: (event) => analysis.observe(event), verdict: (target) => keep(target, analysis.verdict(target)) };
      },
    },
  };
}

const validators = new WeakMap<Rule, ReturnType<typeof compileSchema>>();
function checkOptions(rule: Rule, c: Case, options: Record<string, unknown>): void {
  let validate = validators.get(rule);
  if (!validate) validators.set(rule, (validate = compileSchema(rule.optionsSchema)));
  expect(validate(options), `case "${c.name}" has options the rule's schema rejects: ${JSON.stringify(validate.errors)}`).toBe(true);
}

/** The case's finding for its resource (if any) and the verdict behind it. */
async function judged(rule: Rule, c: Case): Promise<{ finding?: Finding; verdict?: Verdict }> {
  const options = { ...rule.defaultOptions, ...c.options };
  checkOptions(rule, c, options);
  const verdicts = new Map<string, Verdict>();
  const recorded = recording(rule, verdicts);
  const settings = new Map([[rule.id, { options }]]);
  const snapshot = snapshotOf(c.entry ? [c.entry] : [], [], c.region ?? {});
  snapshot.accounts[0]!.regions.push(...(c.otherRegions ?? []));
  const context = { now: NOW, ...c.context };
  const events = c.events
    ? { analyses: (await analyseEvents(recordBatches(c.events), snapshot, [recorded], settings, context, { source: "test", start: new Date(0), end: context.now })).analyses }
    : { unavailable: "no CloudTrail events were available" };
  const findings = runRules(snapshot, [recorded], { context, settings, events, passEvidence: true });
  const own = c.resource
    ? findings.filter((f) => f.resource.arn.endsWith(c.resource!))
    : rule.resourceType === "client"
      ? findings.filter((f) => f.resource.arn.endsWith(`/client/${c.clientId ?? c.entry?.clients?.[0]?.ClientId}`))
      : findings;
  expect(own.length, `case "${c.name}" should yield at most one finding for its resource`).toBeLessThanOrEqual(1);
  const finding = own[0];
  return { finding, verdict: finding && verdicts.get(finding.resource.arn) };
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
        const { finding } = await judged(rule, c);
        expect(finding).toMatchObject({ status: "pass", ruleId: rule.id });
        if (c.evidence) expect(finding!.evidence).toEqual(c.evidence);
      });
    }
    for (const c of cases.invalid) {
      it(`fails: ${c.name}`, async () => {
        const { finding, verdict } = await judged(rule, c);
        expect(finding).toMatchObject({ status: "fail", ruleId: rule.id, messageId: c.messageId });
        expect(finding!.message).not.toMatch(/\{\{/);
        if (c.severity) expect(finding!.severity).toBe(c.severity);
        if (c.data) expect(verdict?.status === "fail" ? verdict.data : undefined, "the failure's message data").toEqual(c.data);
        if (c.evidence) expect(finding!.evidence).toMatchObject(c.evidence);
      });
    }
    for (const c of cases.notApplicable ?? []) {
      it(`does not apply: ${c.name}`, async () => {
        expect((await judged(rule, c)).finding).toBeUndefined();
      });
    }
    for (const c of cases.notEvaluated ?? []) {
      it(`cannot judge: ${c.name}`, async () => {
        const { finding } = await judged(rule, c);
        expect(finding).toMatchObject({ status: "not_evaluated", ruleId: rule.id });
        expect(finding!.reason).toMatch(c.reason);
      });
    }
  });
}
