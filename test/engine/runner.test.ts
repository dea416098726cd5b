import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { recordBatches } from "../../src/cloudtrail/sources.js";
import { analyseEvents } from "../../src/engine/behaviour.js";
import { defineConfigRule, defineEventRule, fail, pass, type Rule } from "../../src/engine/rule.js";
import { renderMessage } from "../../src/engine/messages.js";
import { runRules, runRulesCounted } from "../../src/engine/runner.js";
import { score } from "../../src/engine/scoring.js";
import { apiEvent } from "../helpers/events.js";
import { appClient, poolEntry, snapshotOf, userPool } from "../helpers/factories.js";

const context = { now: new Date("2026-11-26T12:00:00Z") };

describe("runRules", () => {
  it("gives every (rule, resource) at most one finding, and a hardened pool passes everything", () => {
    const entry = poolEntry({ clients: [appClient(), appClient()] });
    const findings = runRules(snapshotOf([entry]), RULES.filter((r) => r.kind === "config"), { context });
    const keys = findings.map((f) => `${f.ruleId} ${f.resource.arn}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(findings.filter((f) => f.status !== "pass").map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    // Rules that apply to every pool or client judge each one (the others may not apply).
    for (const id of ["mfa-required", "deletion-protection", "threat-protection", "cloudtrail-coverage"]) expect(keys.filter((k) => k.startsWith(`${id} `))).toHaveLength(1);
    for (const id of ["refresh-token-validity", "token-revocation", "writable-privileged-attribute"]) expect(keys.filter((k) => k.startsWith(`${id} `))).toHaveLength(2);
  });

  it("names clients <pool ARN>/client/<ClientId> and attaches them to their pool", () => {
    const entry = poolEntry({ clients: [appClient({ ClientId: "abc" })] });
    const finding = runRules(snapshotOf([entry]), RULES, { context }).find((f) => f.ruleId === "token-revocation")!;
    expect(finding.resource).toMatchObject({ arn: `${entry.userPool.Arn}/client/abc`, type: "AWS::Cognito::UserPoolClient" });
    expect(finding.poolArn).toBe(entry.userPool.Arn);
  });

  it("reports client rules as not_evaluated, with the AWS error, when the clients could not be listed", () => {
    const entry = poolEntry({ clients: undefined, errors: [{ operation: "ListUserPoolClients", code: "AccessDeniedException", message: "not allowed" }] });
    const findings = runRules(snapshotOf([entry]), RULES, { context }).filter((f) => f.resource.type === "AWS::Cognito::UserPoolClient");
    expect(findings.length).toBe(RULES.filter((r) => r.resourceType === "client").length);
    for (const f of findings) {
      expect(f).toMatchObject({ status: "not_evaluated", resource: { arn: `${entry.userPool.Arn}/client/*` } });
      expect(f.reason).toBe("ListUserPoolClients failed with AccessDeniedException: not allowed");
    }
  });

  it("reports a required section that was not collected as not_evaluated, never pass", () => {
    const needsRisk = defineConfigRule({
      id: "needs-risk",
      resourceType: "userPool",
      severity: "low",
      title: "t",
      rationale: "r",
      remediation: "x",
      anchors: [],
      requires: ["riskConfiguration"],
      messages: { m: "m" },
      check: () => pass(),
    });
    const entry = poolEntry({ riskConfiguration: undefined, errors: [{ operation: "DescribeRiskConfiguration", code: "Unsupported", message: "no" }] });
    const [finding] = runRules(snapshotOf([entry]), [needsRisk], { context });
    expect(finding).toMatchObject({ status: "not_evaluated", reason: "DescribeRiskConfiguration failed with Unsupported: no" });
    const [notCollected] = runRules(snapshotOf([poolEntry({ riskConfiguration: undefined })]), [needsRisk], { context });
    expect(notCollected!.reason).toMatch(/riskConfiguration was not collected/);
  });

  it("reports pools that could not be described as not_evaluated for every pool rule", () => {
    const snapshot = snapshotOf([], [{ operation: "DescribeUserPool", code: "AccessDeniedException", message: "denied", resource: "eu-west-1_Gone" }]);
    const findings = runRules(snapshot, RULES, { context });
    expect(findings.length).toBe(RULES.filter((r) => r.resourceType === "userPool").length);
    expect(findings.every((f) => f.status === "not_evaluated" && f.resource.arn.endsWith("userpool/eu-west-1_Gone"))).toBe(true);
  });

  it("turns a rule that throws on odd data into not_evaluated instead of stopping the scan", () => {
    const brittle = defineConfigRule({
      id: "brittle",
      resourceType: "userPool",
      severity: "low",
      title: "t",
      rationale: "r",
      remediation: "x",
      anchors: [],
      messages: { m: "m" },
      check: () => {
        throw new Error("boom");
      },
    });
    const [finding] = runRules(snapshotOf([poolEntry()]), [brittle], { context });
    expect(finding).toMatchObject({ status: "not_evaluated" });
    expect(finding!.reason).toMatch(/boom/);
  });

  describe("a rule that breaks yields not_evaluated for that rule and the scan goes on", () => {
    const meta = { resourceType: "userPool" as const, severity: "low" as const, title: "t", rationale: "r", remediation: "x", anchors: [] as string[], messages: { m: "m" } };
    const healthy = defineConfigRule({ ...meta, id: "healthy", check: () => pass() });
    const outcome = (broken: Rule) => runRules(snapshotOf([poolEntry()]), [broken, healthy], { context }).map((f) => [f.ruleId, f.status, f.reason]);

    it("when appliesTo throws", () => {
      const broken = defineConfigRule({
        ...meta,
        id: "broken",
        appliesTo: () => {
          throw new TypeError("cannot read x");
        },
        check: () => pass(),
      });
      expect(outcome(broken)).toEqual([
        ["broken", "not_evaluated", "the rule failed on this resource's data (cannot read x)"],
        ["healthy", "pass", undefined],
      ]);
    });

    it.each([["nope"], ["toString"], [42]])("when a failure names the unknown message id %s", (messageId) => {
      const broken = defineConfigRule({ ...meta, id: "broken", check: (_target) => fail({ messageId: messageId as "m" }) });
      expect(outcome(broken)).toEqual([
        ["broken", "not_evaluated", `the rule failed on this resource's data (unknown message id ${typeof messageId === "string" ? `"${messageId}"` : "number"})`],
        ["healthy", "pass", undefined],
      ]);
    });

    it("when a verdict has an unknown status", () => {
      const broken = defineConfigRule({ ...meta, id: "broken", check: () => ({ status: "maybe" }) as never });
      expect(outcome(broken)[0]).toEqual(["broken", "not_evaluated", 'the rule failed on this resource\'s data (unknown verdict status "maybe")']);
    });

    it("when a behaviour rule throws while starting or observing events", async () => {
      const entry = poolEntry();
      const snapshot = snapshotOf([entry]);
      const behaviour = (id: string, analyse: () => { observe(): void; verdict(): ReturnType<typeof pass> }) =>
        defineEventRule({ ...meta, id, events: { analyse } });
      const rules = [
        behaviour("fails-to-start", () => {
          throw new Error("bad options");
        }),
        behaviour("fails-to-observe", () => ({
          observe() {
            throw new Error("odd event");
          },
          verdict: () => pass(),
        })),
        behaviour("fine", () => ({ observe() {}, verdict: () => pass() })),
      ];
      async function* records() {
        yield apiEvent("InitiateAuth", { time: "2026-11-26T10:00:00Z", poolId: entry.userPool.Id, clientId: entry.clients![0]!.ClientId });
      }
      const { analyses } = await analyseEvents(recordBatches(records()), snapshot, rules, undefined, context, { source: "test", start: new Date(0), end: context.now });
      const findings = runRules(snapshot, rules, { context, events: { analyses } });
      expect(findings.map((f) => [f.ruleId, f.status, f.reason])).toEqual([
        ["fails-to-start", "not_evaluated", "the rule failed on the CloudTrail events (bad options)"],
        ["fails-to-observe", "not_evaluated", "the rule failed on the CloudTrail events (odd event)"],
        ["fine", "pass", undefined],
      ]);
    });
  });

  it("fills only placeholders the data has as own properties", () => {
    expect(renderMessage("{{name}} {{toString}} {{constructor}}", { name: "pool" })).toBe("pool {{toString}} {{constructor}}");
  });

  it("renders message placeholders and applies the verdict's severity", () => {
    const templated = defineConfigRule({
      id: "templated",
      resourceType: "userPool",
      severity: "low",
      title: "t",
      rationale: "r",
      remediation: "x",
      anchors: [],
      messages: { m: "pool {{name}} has {{n}} problems" },
      check: ({ pool }) => fail({ messageId: "m", data: { name: pool.name, n: 3 }, evidence: { a: 1 }, severity: "critical" }),
    });
    const [finding] = runRules(snapshotOf([poolEntry({ userPool: userPool({ Name: "shop" }) })]), [templated], { context });
    expect(finding).toMatchObject({ status: "fail", severity: "critical", message: "pool shop has 3 problems", evidence: { a: 1 } });
  });
});

describe("runRulesCounted", () => {
  const judged = (id: string, severity: "high" | "low", passes: (name: string) => boolean) =>
    defineConfigRule({
      id,
      resourceType: "userPool",
      severity,
      title: "t",
      rationale: "r",
      remediation: "x",
      anchors: [],
      messages: { m: "m" },
      check: ({ pool }) => (passes(pool.name) ? pass({ seen: true }) : fail({ messageId: "m" })),
    });
  const rules = [judged("a", "high", () => true), judged("b", "low", (name) => name === "one")];
  const entries = [poolEntry({ userPool: userPool({ Id: "eu-west-1_one", Name: "one", Arn: "arn:one" }) }), poolEntry({ userPool: userPool({ Id: "eu-west-1_two", Name: "two", Arn: "arn:two" }) })];

  it("counts passes per pool with their weight (a severity override included) and keeps the rest", () => {
    const settings = new Map([["a", { options: {}, severity: "critical" as const }]]);
    const { findings, passes } = runRulesCounted(snapshotOf(entries), rules, { context, settings }, false);
    expect(findings.map((f) => [f.ruleId, f.poolArn, f.status])).toEqual([["b", "arn:two", "fail"]]);
    expect(passes.total).toEqual({ count: 3, weight: 10 + 1 + 10 });
    expect(Object.fromEntries(passes.byPool)).toEqual({ "arn:one": { count: 2, weight: 11 }, "arn:two": { count: 1, weight: 10 } });
    // The scores are those of every finding materialised.
    const all = runRules(snapshotOf(entries), rules, { context, settings });
    expect(score(findings, passes.total)).toEqual(score(all));
  });

  it("keeps every pass, with its evidence, when asked to", () => {
    const { findings, passes } = runRulesCounted(snapshotOf(entries), rules, { context, passEvidence: true }, true);
    expect(findings).toEqual(runRules(snapshotOf(entries), rules, { context, passEvidence: true }));
    expect(findings.filter((f) => f.status === "pass")).toHaveLength(3);
    expect(passes.total).toEqual({ count: 0, weight: 0 });
  });
});

describe("appliesTo", () => {
  it("is checked before the required sections", () => {
    const onlyEnforced = defineConfigRule({
      id: "only-enforced",
      resourceType: "userPool",
      severity: "low",
      title: "t",
      rationale: "r",
      remediation: "x",
      anchors: [],
      requires: ["riskConfiguration"],
      appliesTo: ({ pool }) => pool.entry.userPool.UserPoolAddOns?.AdvancedSecurityMode === "ENFORCED",
      messages: { m: "m" },
      check: () => pass(),
    });
    const off = poolEntry({ userPool: userPool({ UserPoolAddOns: { AdvancedSecurityMode: "OFF" } }), riskConfiguration: undefined });
    const on = poolEntry({ userPool: userPool({ UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }), riskConfiguration: undefined });
    expect(runRules(snapshotOf([off]), [onlyEnforced], { context })).toEqual([]);
    expect(runRules(snapshotOf([on]), [onlyEnforced], { context })[0]).toMatchObject({ status: "not_evaluated" });
  });
});
