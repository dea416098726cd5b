import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
import { renderOcsf, renderOcsfChunks, OCSF_VERSION } from "../../src/report/ocsf.js";
import { loadSnapshot } from "../../src/snapshot/io.js";
import { scanReport } from "../helpers/scan.js";
import { ACCOUNT, poolEntry, REGION, snapshotOf, userPool } from "../helpers/factories.js";
import { CONTROL, dashboardCount, detectionFinding, handFinding, handReport, HOSTILE_NAME, parseValid, POOL_ARN, SCENARIOS, schemaValidator } from "../helpers/dashboards.js";

interface OcsfEvent {
  activity_id: number;
  class_uid: number;
  type_uid: number;
  severity_id: number;
  status_id: number;
  status: string;
  time: number;
  message: string;
  metadata: { version: string; uid: string; product: { name: string } };
  finding_info: { uid: string; title: string; desc: string; first_seen_time?: number; last_seen_time?: number; src_url?: string };
  cloud: { provider: string; account: { uid: string }; region: string };
  resources: { uid: string; name: string; type: string; region: string; cloud_partition?: string }[];
  compliance?: { control: string; standards: string[]; requirements?: string[]; status_id: number; status: string; status_detail?: string };
  remediation: { desc: string; references?: string[] };
  unmapped: Record<string, unknown>;
}

const validate = schemaValidator("ocsf-1.1.0-findings.json");
const parse = (text: string) => parseValid<OcsfEvent>(validate, text);

describe("OCSF", () => {
  it.each(SCENARIOS)("%s: every event matches the OCSF 1.1.0 model, one per listed finding", async (file) => {
    const report = await scanReport(await loadSnapshot(join(PACKAGE_ROOT, file)), { includePassed: true });
    const events = parse(renderOcsf(report));
    expect(events).toHaveLength(dashboardCount(report));
    for (const event of events) {
      expect(event.type_uid).toBe(event.class_uid * 100 + event.activity_id);
      expect(event.metadata.version).toBe(OCSF_VERSION);
      expect(event.metadata.uid).toBe(event.finding_info.uid);
      expect(event.time).toBe(Date.parse(report.generatedAt));
    }
    const rule = (id: string) => report.rules.find((r) => r.id === id)!;
    for (const [i, finding] of report.findings.filter((f) => !(f.status === "not_evaluated" && rule(f.ruleId).kind === "event")).entries()) {
      const event = events[i]!;
      expect(event.class_uid).toBe(rule(finding.ruleId).kind === "event" ? 2004 : 2003);
      expect(event.resources[0]!.uid).toBe(finding.resource.arn);
      expect(event.cloud.account.uid).toBe(finding.resource.accountId);
      expect(event.unmapped.rule_id).toBe(finding.ruleId);
    }
  });

  it("maps each status: failure, suppressed, passed and unevaluated configuration checks", () => {
    const events = parse(
      renderOcsf(
        handReport([
          handFinding(),
          handFinding({ ruleId: "deletion-protection", severity: "medium", status: "suppressed", suppression: { reason: "test pool", expires: "2027-01-01" } }),
          handFinding({ ruleId: "threat-protection", severity: "low", status: "pass", message: "Threat protection is on." }),
          handFinding({ ruleId: "password-min-length", status: "not_evaluated", message: "Not evaluated", reason: "DescribeUserPool was denied", cause: { operation: "DescribeUserPool", code: "AccessDeniedException" } }),
        ]),
      ),
    );
    const byRule = Object.fromEntries(events.map((e) => [e.unmapped.rule_id as string, e]));
    expect(byRule["mfa-required"]).toMatchObject({ class_uid: 2003, severity_id: 4, status_id: 1, status: "New", compliance: { status_id: 3, status: "Fail", control: "mfa-required" } });
    expect(byRule["mfa-required"]!.compliance!.standards).toContain("AWS Foundational Security Best Practices");
    expect(byRule["mfa-required"]!.compliance!.requirements).toContain("FSBP Cognito.5");
    expect(byRule["deletion-protection"]).toMatchObject({ severity_id: 3, status_id: 3, status: "Suppressed", compliance: { status_id: 3 }, unmapped: { suppression: { reason: "test pool", expires: "2027-01-01" } } });
    expect(byRule["threat-protection"]).toMatchObject({ severity_id: 2, status_id: 4, status: "Resolved", compliance: { status_id: 1, status: "Pass" } });
    expect(byRule["password-min-length"]).toMatchObject({
      status_id: 1,
      compliance: { status_id: 2, status: "Warning", status_detail: "DescribeUserPool was denied" },
      unmapped: { cause: { operation: "DescribeUserPool", code: "AccessDeniedException" } },
    });
    expect(byRule["password-min-length"]!.message).toBe("Not evaluated: DescribeUserPool was denied");
    // The rule's page comes first among the references, then the AWS pages it cites.
    expect(byRule["mfa-required"]!.remediation.references![0]).toBe(byRule["mfa-required"]!.finding_info.src_url);
  });

  it("a sign-in detection is a Detection Finding with the time of its events; an unevaluated one is no event", () => {
    const events = parse(renderOcsf(handReport([detectionFinding({ severity: "critical" }), detectionFinding({ ruleId: "password-spraying", status: "not_evaluated", reason: "no CloudTrail events" })])));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ class_uid: 2004, type_uid: 200401, severity_id: 5, status_id: 1 });
    expect(event!.compliance).toBeUndefined();
    expect(event!.finding_info.first_seen_time).toBe(Date.parse("2026-11-20T10:00:00.000Z"));
    expect(event!.finding_info.last_seen_time).toBe(Date.parse("2026-11-20T10:09:00.000Z"));
    expect(event!.unmapped.evidence).toMatchObject({ failedSignIns: 120 });
  });

  it("a failure already in the baseline is an update of the same finding", () => {
    const [event] = parse(renderOcsf(handReport([handFinding({ baselineState: "unchanged" })])));
    expect(event).toMatchObject({ activity_id: 2, type_uid: 200302, unmapped: { baseline_state: "unchanged" } });
  });

  it("ids are the same in two runs at different times, and differ per rule and resource", async () => {
    const snapshot = await loadSnapshot(join(PACKAGE_ROOT, "fixtures", "scenarios", "b2c-shop.json"));
    const first = parse(renderOcsf(await scanReport(snapshot, { now: new Date("2026-12-01T00:00:00Z") })));
    const second = parse(renderOcsf(await scanReport(snapshot, { now: new Date("2027-03-15T08:30:00Z") })));
    expect(first[0]!.time).not.toBe(second[0]!.time);
    expect(second.map((e) => e.finding_info.uid)).toEqual(first.map((e) => e.finding_info.uid));
    expect(new Set(first.map((e) => e.finding_info.uid)).size).toBe(first.length);
    // A fixed check passes under the same id, so the dashboard's record is resolved, not duplicated.
    const failed = parse(renderOcsf(handReport([handFinding()])))[0]!;
    const fixed = parse(renderOcsf(handReport([handFinding({ status: "pass", messageId: "on", message: "MFA is ON." })])))[0]!;
    expect(fixed.finding_info.uid).toBe(failed.finding_info.uid);
  });

  it("hostile AWS text stays data: valid JSON, no control characters, the rest kept", async () => {
    const snapshot = snapshotOf([poolEntry({ userPool: userPool({ Name: HOSTILE_NAME }) })]);
    const text = renderOcsf(await scanReport(snapshot, { includePassed: true }));
    expect(text).not.toMatch(CONTROL);
    const events = parse(text);
    const named = events.filter((e) => e.resources[0]!.type === "AWS::Cognito::UserPool");
    expect(named.length).toBeGreaterThan(0);
    for (const event of named) {
      expect(event.resources[0]!.name).toContain('x"},{"Id":"forged</script><img src=x onerror=alert(1)>');
      expect(event.resources[0]!.name).toContain("🦊");
      expect(event.cloud).toEqual({ provider: "AWS", account: { uid: ACCOUNT, type_id: 10, type: "AWS Account" }, region: REGION });
    }
  });

  it("the model refuses what OCSF does not define or require", () => {
    const [event] = JSON.parse(renderOcsf(handReport([handFinding()]))) as Record<string, unknown>[];
    expect(validate([event])).toBe(true);
    expect(validate([{ ...event, findings_info: event!.finding_info }])).toBe(false);
    const { compliance: _, ...withoutCompliance } = event!;
    expect(validate([withoutCompliance])).toBe(false);
    expect(validate([{ ...event, severity_id: 7 }])).toBe(false);
    expect(validate([{ ...event, time: "2026-11-26T12:00:00Z" }])).toBe(false);
  });

  it("a large estate is written in pieces that join into one JSON array", () => {
    const findings = Array.from({ length: 3000 }, (_, i) => handFinding({ resource: { arn: `${POOL_ARN}/client/c${i}`, type: "AWS::Cognito::UserPoolClient", name: `client ${i}`, accountId: ACCOUNT, region: REGION }, ruleId: "implicit-grant" }));
    const chunks = [...renderOcsfChunks(handReport(findings))];
    expect(chunks.length).toBeGreaterThan(1);
    expect(parse(chunks.join(""))).toHaveLength(3000);
    expect(parse(renderOcsf(handReport([])))).toEqual([]);
  });
});
