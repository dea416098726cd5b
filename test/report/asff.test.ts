import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
import { ASFF_LIMITS, CONFIGURATION_TYPE, DETECTION_TYPE, renderAsff, renderAsffChunks } from "../../src/report/asff.js";
import { loadSnapshot } from "../../src/snapshot/io.js";
import { scanReport } from "../helpers/scan.js";
import { ACCOUNT, functionArn, poolEntry, REGION, snapshotOf, userPool } from "../helpers/factories.js";
import { CONTROL, dashboardCount, detectionFinding, handFinding, handReport, HOSTILE_NAME, parseValid, POOL_ARN, SCENARIOS, schemaValidator } from "../helpers/dashboards.js";

interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  FirstObservedAt?: string;
  LastObservedAt?: string;
  Severity: { Label: string; Original: string };
  FindingProviderFields: { Severity: { Label: string }; Types: string[] };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string; Url?: string } };
  ProductFields: Record<string, string>;
  Resources: { Type: string; Id: string; Partition: string; Region: string; Details: { Other: Record<string, string> } }[];
  Compliance?: { Status: string; RelatedRequirements?: string[] };
  RecordState: string;
  Workflow: { Status: string };
}

const validate = schemaValidator("asff-2018-10-08.json");
const parse = (text: string) => parseValid<AsffFinding>(validate, text);

describe("ASFF", () => {
  it.each(SCENARIOS)("%s: every finding matches the ASFF model, one per listed finding", async (file) => {
    const report = await scanReport(await loadSnapshot(join(PACKAGE_ROOT, file)), { includePassed: true });
    const findings = parse(renderAsff(report));
    expect(findings).toHaveLength(dashboardCount(report));
    for (const finding of findings) {
      // The account's own default product, in the finding's region: BatchImportFindings takes it from that account and region.
      expect(finding.ProductArn).toBe(`arn:aws:securityhub:${finding.Resources[0]!.Region}:${finding.AwsAccountId}:product/${finding.AwsAccountId}/default`);
      expect(finding.CreatedAt).toBe(report.generatedAt);
      expect(finding.FindingProviderFields).toEqual({ Severity: finding.Severity, Types: finding.Types });
      expect(finding.GeneratorId).toBe(`cognito-audit/${finding.ProductFields["cognito-audit/RuleId"]}`);
    }
  });

  it("maps each status to Compliance, Workflow and RecordState", () => {
    const findings = parse(
      renderAsff(
        handReport([
          handFinding(),
          handFinding({ ruleId: "deletion-protection", severity: "medium", status: "suppressed", suppression: { reason: "test pool" } }),
          handFinding({ ruleId: "threat-protection", severity: "low", status: "pass", message: "Threat protection is on." }),
          handFinding({ ruleId: "password-min-length", status: "not_evaluated", message: "Not evaluated", reason: "DescribeUserPool was denied" }),
          detectionFinding({ severity: "critical" }),
        ]),
      ),
    );
    const byRule = Object.fromEntries(findings.map((f) => [f.ProductFields["cognito-audit/RuleId"]!, f]));
    expect(byRule["mfa-required"]).toMatchObject({ Severity: { Label: "HIGH" }, Compliance: { Status: "FAILED" }, RecordState: "ACTIVE", Workflow: { Status: "NEW" }, Types: [CONFIGURATION_TYPE] });
    expect(byRule["mfa-required"]!.Compliance!.RelatedRequirements).toContain("FSBP Cognito.5");
    expect(byRule["deletion-protection"]).toMatchObject({ Severity: { Label: "MEDIUM" }, Compliance: { Status: "FAILED" }, Workflow: { Status: "SUPPRESSED" }, ProductFields: { "cognito-audit/SuppressionReason": "test pool" } });
    expect(byRule["threat-protection"]).toMatchObject({ Severity: { Label: "LOW" }, Compliance: { Status: "PASSED" }, RecordState: "ARCHIVED", Workflow: { Status: "RESOLVED" } });
    expect(byRule["password-min-length"]).toMatchObject({ Compliance: { Status: "NOT_AVAILABLE" }, Description: "Not evaluated: DescribeUserPool was denied" });
    const detection = byRule["brute-force"]!;
    expect(detection).toMatchObject({ Severity: { Label: "CRITICAL" }, Types: [DETECTION_TYPE], FirstObservedAt: "2026-11-20T10:00:00.000Z", LastObservedAt: "2026-11-20T10:09:00.000Z" });
    expect(detection.Compliance).toBeUndefined();
    expect(detection.Remediation.Recommendation.Url).toMatch(/rules\/brute-force\.md$/);
  });

  it("Cognito resources are Other; a trigger is an AwsLambdaFunction, its record one per pool it serves", () => {
    const lambda = functionArn("pre-token");
    const otherPool = POOL_ARN.replace("Hand00001", "Hand00002");
    const trigger = (poolArn: string) => handFinding({ ruleId: "trigger-cross-account", resource: { arn: lambda, type: "AWS::Lambda::Function", name: "pre-token", accountId: ACCOUNT, region: REGION }, poolArn });
    const findings = parse(renderAsff(handReport([handFinding(), trigger(POOL_ARN), trigger(otherPool)])));
    const [pool, ...triggers] = findings;
    expect(pool!.Resources).toEqual([{ Type: "Other", Id: POOL_ARN, Partition: "aws", Region: REGION, Details: { Other: { Type: "AWS::Cognito::UserPool", Name: "hand-made" } } }]);
    expect(triggers.map((t) => t.Resources[0]!.Type)).toEqual(["AwsLambdaFunction", "AwsLambdaFunction"]);
    expect(triggers.map((t) => t.Resources[0]!.Details.Other.UserPoolArn).sort()).toEqual([POOL_ARN, otherPool].sort());
    expect(triggers[0]!.Id).not.toBe(triggers[1]!.Id);
  });

  it("text is cut to the API's limits at a whole character, with an ellipsis", () => {
    const report = handReport([handFinding({ message: `${"m".repeat(1022)}🦊 and more`, remediation: "r".repeat(600) })]);
    report.rules = report.rules.map((r) => (r.id === "mfa-required" ? { ...r, title: "t".repeat(300) } : r));
    const [finding] = parse(renderAsff(report));
    expect(finding!.Title).toHaveLength(ASFF_LIMITS.title);
    expect(finding!.Title.endsWith("…")).toBe(true);
    // The emoji would straddle the limit: it is left out whole, not halved.
    expect(finding!.Description).toBe(`${"m".repeat(1022)}…`);
    expect(finding!.Remediation.Recommendation.Text).toHaveLength(ASFF_LIMITS.recommendation);
  });

  it("ids are the same in two runs at different times; a fixed check updates the same record", async () => {
    const snapshot = await loadSnapshot(join(PACKAGE_ROOT, "fixtures", "scenarios", "mobile-legacy.json"));
    const first = parse(renderAsff(await scanReport(snapshot, { now: new Date("2026-12-01T00:00:00Z") })));
    const second = parse(renderAsff(await scanReport(snapshot, { now: new Date("2027-06-30T23:59:59Z") })));
    expect(first[0]!.UpdatedAt).not.toBe(second[0]!.UpdatedAt);
    expect(second.map((f) => f.Id)).toEqual(first.map((f) => f.Id));
    expect(new Set(first.map((f) => f.Id)).size).toBe(first.length);
    const failed = parse(renderAsff(handReport([handFinding()])))[0]!;
    const fixed = parse(renderAsff(handReport([handFinding({ status: "pass", messageId: "on", message: "MFA is ON." })])))[0]!;
    expect(fixed.Id).toBe(failed.Id);
    expect(fixed.RecordState).toBe("ARCHIVED");
  });

  it("hostile AWS text stays data: valid JSON, no control characters, the rest kept", async () => {
    const snapshot = snapshotOf([poolEntry({ userPool: userPool({ Name: HOSTILE_NAME }) })]);
    const text = renderAsff(await scanReport(snapshot, { includePassed: true }));
    expect(text).not.toMatch(CONTROL);
    const named = parse(text).filter((f) => f.Resources[0]!.Details.Other.Type === "AWS::Cognito::UserPool");
    expect(named.length).toBeGreaterThan(0);
    for (const finding of named) {
      expect(finding.Resources[0]!.Details.Other.Name).toContain('x"},{"Id":"forged</script><img src=x onerror=alert(1)>');
      expect(finding.Resources[0]!.Id).toMatch(/^arn:aws:cognito-idp:/);
    }
  });

  it("the model refuses what ASFF does not define, or over its limits", () => {
    const [finding] = JSON.parse(renderAsff(handReport([handFinding()]))) as Record<string, unknown>[];
    expect(validate([finding])).toBe(true);
    expect(validate([{ ...finding, Severity: { Label: "SEVERE" } }])).toBe(false);
    expect(validate([{ ...finding, Title: "t".repeat(257) }])).toBe(false);
    expect(validate([{ ...finding, Resource: finding!.Resources }])).toBe(false);
    const { ProductArn: _, ...withoutProduct } = finding!;
    expect(validate([withoutProduct])).toBe(false);
  });

  it("a large estate is written in pieces that join into one JSON array", () => {
    const findings = Array.from({ length: 3000 }, (_, i) => handFinding({ resource: { arn: `${POOL_ARN}/client/c${i}`, type: "AWS::Cognito::UserPoolClient", name: `client ${i}`, accountId: ACCOUNT, region: REGION }, ruleId: "implicit-grant" }));
    const chunks = [...renderAsffChunks(handReport(findings))];
    expect(chunks.length).toBeGreaterThan(1);
    expect(parse(chunks.join(""))).toHaveLength(3000);
  });
});
