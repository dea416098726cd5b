// scan --template on templates in the shapes of public CloudFormation, Serverless and CDK user pools:
// every configuration rule's exact result, the reasons of those that cannot judge before deploy,
// and SARIF locations on the template's lines.
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
import { RULES } from "../../rules/index.js";
import { runCli } from "../helpers/cli.js";

const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, "test", "fixtures", "schemas", "sarif-schema-2.1.0.json"), "utf8")));

const FIXTURES = join("test", "fixtures", "iac");
const EVENT_RULES = RULES.filter((r) => r.kind === "event").map((r) => r.id);
const NO_EVENTS = "infrastructure code has no CloudTrail events: sign-in activity is judged on a deployed pool (scan it live)";

interface JsonFinding {
  ruleId: string;
  status: string;
  reason?: string;
  resource: { name: string };
}

async function scanJson(args: string[]) {
  const r = await runCli(["scan", ...args, "--format", "json"]);
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as { findings: JsonFinding[]; notes: string[]; activity: unknown; score: { counts: Record<string, number> } } };
}

/** "status rule resource" of every configuration rule's finding, sorted; event rules are checked apart. */
const results = (findings: JsonFinding[]) =>
  findings
    .filter((f) => !EVENT_RULES.includes(f.ruleId))
    .map((f) => `${f.status} ${f.ruleId} ${f.resource.name}`)
    .sort();

const eventReasons = (findings: JsonFinding[]) => [...new Set(findings.filter((f) => EVENT_RULES.includes(f.ruleId)).map((f) => `${f.status}: ${f.reason}`))];

describe("scan --template", () => {
  it("passes every configuration check of a hardened template; behaviour rules are off, saying why", async () => {
    const { code, report } = await scanJson(["--template", join(FIXTURES, "cfn-hardened.yaml")]);
    // No client sets an SSO session configuration (AWS's 60 minutes apply) and no AWS::Cognito::UserPoolReplica
    // exists (the pool is not replicated): sso-session-reuse and replica-coverage pass.
    expect(results(report.findings)).toEqual([]);
    // Behaviour rules do not run on a template (no sign-in activity exists before deploy): none is reported.
    expect(eventReasons(report.findings)).toEqual([]);
    expect(report.activity).toEqual({ available: false, reason: NO_EVENTS });
    expect(report.score.counts).toEqual({ fail: 0, pass: 45, not_evaluated: 0, suppressed: 0 });
    // Complete: nothing is left unjudged, so the scan passes.
    expect(code).toBe(0);
  });

  it("fails a careless template and leaves unknown values not evaluated with their cause", async () => {
    const { code, report } = await scanJson(["--template", join(FIXTURES, "cfn-careless.yaml"), "--parameter", "AWS::AccountId=111122223333"]);
    expect(code).toBe(1);
    expect(results(report.findings)).toEqual([
      "fail account-recovery-sms UserPool",
      "fail admin-scope WebClient",
      "fail callback-url-insecure WebClient",
      "fail callback-url-localhost WebClient",
      "fail case-sensitive-username UserPool",
      "fail deletion-protection UserPool",
      "fail email-sender-default UserPool",
      "fail identity-pool-classic-flow IdentityPool",
      "fail identity-pool-guest-access IdentityPool",
      "fail implicit-grant WebClient",
      "fail mfa-required UserPool",
      "fail password-auth-flow WebClient",
      "fail password-complexity UserPool",
      "fail password-history UserPool",
      "fail password-min-length UserPool",
      "fail refresh-token-rotation WebClient",
      "fail refresh-token-validity WebClient",
      "fail self-signup-enabled UserPool",
      "fail user-existence-errors WebClient",
      "fail waf-web-acl UserPool",
      "not_evaluated account-takeover-action UserPool",
      "not_evaluated auth-event-logging UserPool",
      "not_evaluated client-secret-age WebClient",
      "not_evaluated cloudtrail-coverage 111122223333 us-east-1",
      "not_evaluated compromised-credentials-action UserPool",
      "not_evaluated custom-domain-tls UserPool",
      // The identity pool names its user pool by !GetAtt UserPool.ProviderName, known at deploy only.
      "not_evaluated identity-pool-open-signup IdentityPool",
      "not_evaluated identity-pool-token-check IdentityPool",
      "not_evaluated identity-pool-writable-claim IdentityPool",
      "not_evaluated risk-exception-broad UserPool",
      "not_evaluated threat-protection UserPool",
      "not_evaluated threat-protection-custom-auth UserPool",
      "not_evaluated trigger-confused-deputy legacy-migration",
      "not_evaluated trigger-deprecated-runtime legacy-migration",
      "not_evaluated trigger-missing-function legacy-migration",
      "not_evaluated unverified-contact-update UserPool",
      "not_evaluated user-context-propagation WebClient",
      "not_evaluated user-migration-trigger legacy-migration",
    ]);
    const reason = (rule: string) => report.findings.find((f) => f.ruleId === rule)?.reason;
    expect(reason("threat-protection")).toBe(
      "UserPool.UserPoolAddOns.AdvancedSecurityMode is not known before deploy (the parameter SecurityMode has no default and no value was given (--parameter SecurityMode=…))",
    );
    expect(reason("client-secret-age")).toBe("WebClient is not deployed yet: its creation date and secrets exist only on the live pool (scan it live)");
    expect(reason("trigger-deprecated-runtime")).toMatch(/^UserPool\.LambdaConfig\.UserMigration names arn:aws:lambda:us-east-1:111122223333:function:legacy-migration, a function not defined in the scanned templates: its runtime and resource policy are read only from the deployed function/);
    expect(reason("cloudtrail-coverage")).toMatch(/^CloudTrail trails are account-wide/);
    expect(reason("identity-pool-token-check")).toBe("IdentityPool.CognitoIdentityProviders is not known before deploy (Fn::GetAtt UserPool.ProviderName is an attribute set at deploy)");
    expect(reason("custom-domain-tls")).toBe("AuthDomain does not set a TLS security policy: the policy of a custom domain is read from the deployed domain (scan it live)");
    expect(reason("unverified-contact-update")).toBe(
      "UserPool does not set UserAttributeUpdateSettings and no reference documents what a new pool gets: whether email and phone changes need verification first is known only on the deployed pool (scan it live)",
    );
    // The condition over a parameter with a default is evaluated: DeletionProtection is INACTIVE for Stage dev.
    expect(report.findings.find((f) => f.ruleId === "deletion-protection")?.status).toBe("fail");
  });

  it("takes parameter values from --parameter and a parameters file", async () => {
    const { report } = await scanJson([
      "--template", join(FIXTURES, "cfn-careless.yaml"),
      "--parameters-file", join(FIXTURES, "careless-parameters.json"),
      "--parameter", "Stage=prod",
    ]);
    const status = (rule: string) => report.findings.find((f) => f.ruleId === rule)?.status;
    // SecurityMode=AUDIT from the file: threat protection is judged (and fails, AUDIT only logs).
    expect(status("threat-protection")).toBe("fail");
    // Stage=prod on the command line: the condition makes DeletionProtection ACTIVE.
    expect(status("deletion-protection")).toBeUndefined();
  });

  it("reads a CDK cdk.out with its nested stack, and names resources by logical id", async () => {
    const { code, report } = await scanJson(["--template", join(FIXTURES, "cdk.out")]);
    expect(code).toBe(1);
    expect(results(report.findings)).toEqual([
      "fail account-recovery-sms UserPool6BA7E5F2",
      "fail admin-scope ClientsNestedStackClientsNestedStackResource5C2B1D1A/WebClient7B9C5F0A",
      "fail auth-event-logging UserPool6BA7E5F2",
      "fail case-sensitive-username UserPool6BA7E5F2",
      "fail deletion-protection UserPool6BA7E5F2",
      "fail email-sender-default UserPool6BA7E5F2",
      "fail implicit-grant ClientsNestedStackClientsNestedStackResource5C2B1D1A/WebClient7B9C5F0A",
      "fail mfa-required UserPool6BA7E5F2",
      "fail password-history UserPool6BA7E5F2",
      "fail password-min-length UserPool6BA7E5F2",
      "fail refresh-token-rotation ClientsNestedStackClientsNestedStackResource5C2B1D1A/WebClient7B9C5F0A",
      "fail self-signup-enabled UserPool6BA7E5F2",
      "fail sms-geo-unrestricted UserPool6BA7E5F2",
      "fail threat-protection UserPool6BA7E5F2",
      "fail threat-protection-custom-auth UserPool6BA7E5F2",
      "fail user-existence-errors ClientsNestedStackClientsNestedStackResource5C2B1D1A/WebClient7B9C5F0A",
      "fail waf-web-acl UserPool6BA7E5F2",
      "not_evaluated cloudtrail-coverage 000000000000 us-east-1",
    ]);
  });

  it("reads the CloudFormation a Serverless Framework service deploys", async () => {
    const { report } = await scanJson(["--template", join(FIXTURES, "serverless", "cloudformation-template-update-stack.json")]);
    expect(results(report.findings)).toEqual(SERVERLESS_EXPECTED);
  });

  it("reads session configurations, replicas, identity pool roles and principal tags; AWS's defaults where a resource is absent", async () => {
    const { report } = await scanJson(["--template", join(FIXTURES, "cfn-sessions-identities.yaml"), "--include-passed"]);
    const of = (rule: string, name: string) => report.findings.find((f) => f.ruleId === rule && f.resource.name === name);
    // UserPoolClientSessionConfigurationAttachment: 1440 minutes, above the 720 allowed by default.
    expect(of("sso-session-reuse", "WebClient")?.status).toBe("fail");
    // UserPoolReplica in eu-west-1: a region a template scan cannot see.
    expect(of("replica-coverage", "UserPool")?.reason).toBe("eu-west-1 was not scanned (add it with --region to judge the replica there)");
    // ServerSideTokenCheck false is judged; unset, no reference gives its default.
    expect(of("identity-pool-token-check", "PartnerIdentities")?.status).toBe("fail");
    expect(of("identity-pool-token-check", "ReportingIdentities")?.reason).toBe(
      "ReportingIdentities.CognitoIdentityProviders[0] does not set ServerSideTokenCheck and no reference documents its default: whether the identity pool checks tokens with the user pool is known only on the deployed identity pool (scan it live)",
    );
    // The role attachment gives PartnerIdentities an authenticated role and a rule on custom:tier, the principal tag map
    // reads custom:tenant: both are judged against the trusted pool, which is another stack's (not in the scan).
    const notScanned = "the user pool us-east-1_Partner01 (us-east-1) is not in the snapshot: it was not scanned, or it is in another account or region";
    expect(of("identity-pool-open-signup", "PartnerIdentities")?.reason).toBe(notScanned);
    expect(of("identity-pool-writable-claim", "PartnerIdentities")?.reason).toBe(notScanned);
    // Without a role attachment an identity pool has no role to hand out, nor a tag map: nothing to judge against the pool.
    expect(of("identity-pool-open-signup", "ReportingIdentities")?.status).toBe("pass");
    expect(of("identity-pool-writable-claim", "ReportingIdentities")?.status).toBe("pass");
  });

  it("points SARIF results at the template line of the resource, or of the property", async () => {
    const r = await runCli(["scan", "--template", join(FIXTURES, "cfn-careless.yaml"), "--format", "sarif"]);
    const sarif = JSON.parse(r.stdout) as { runs: { artifacts: { location: { uri: string } }[]; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    const run = sarif.runs[0]!;
    expect(run.artifacts.map((a) => a.location.uri)).toEqual(["test/fixtures/iac/cfn-careless.yaml"]);
    const line = (rule: string) => run.results.find((x) => x.ruleId === rule)!.locations[0]!.physicalLocation;
    const text = readFileSync(join(PACKAGE_ROOT, FIXTURES, "cfn-careless.yaml"), "utf8").split("\n");
    const lineOf = (needle: string) => text.findIndex((l) => l.includes(needle)) + 1;
    expect(line("mfa-required")).toEqual({ artifactLocation: { uri: "test/fixtures/iac/cfn-careless.yaml", index: 0 }, region: { startLine: lineOf('MfaConfiguration: "OFF"') } });
    expect(line("password-min-length").region.startLine).toBe(lineOf("MinimumLength: 6"));
    expect(line("implicit-grant").region.startLine).toBe(lineOf("AllowedOAuthFlows:"));
    expect(line("waf-web-acl").region.startLine).toBe(lineOf("  UserPool:"));
    expect(line("self-signup-enabled").region.startLine).toBe(lineOf("  UserPool:"));
  });

  it("points results of a nested stack at the nested template", async () => {
    const r = await runCli(["scan", "--template", join(FIXTURES, "cdk.out"), "--format", "sarif"]);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const implicit = sarif.runs[0]!.results.find((x) => x.ruleId === "implicit-grant")!.locations[0]!.physicalLocation;
    expect(implicit.artifactLocation.uri).toBe("test/fixtures/iac/cdk.out/AuthStackClients8E4A6F0B.nested.template.json");
    expect(implicit.region.startLine).toBe(6);
  });
});

describe("scan --template input errors (exit 2)", () => {
  it.each([
    [["--template", "test/fixtures/iac/missing.yaml"], /--template test\/fixtures\/iac\/missing\.yaml: cannot be read \(ENOENT\)/],
    [["--template", "test/fixtures/iac/broken.yaml"], /broken\.yaml: is not a valid YAML or JSON template at line 5, column 1: Flow sequence in block collection must be sufficiently indented and end with a \]; expected a CloudFormation template\./],
    [["--template", "test/fixtures/iac/cfn-careless.yaml", "--snapshot", "x.json"], /--template scans infrastructure code before deploy and cannot be combined with --snapshot/],
    [["--template", "test/fixtures/iac/cfn-careless.yaml", "--parameter", "novalue"], /--parameter "novalue": expected Key=Value/],
    [["--parameter", "A=b"], /need --template FILE\|DIR/],
    [["--template", "package.json"], /package\.json: has no Resources mapping at the top; expected a CloudFormation template/],
    [["--template", "test/fixtures/iac/no-cognito.yaml"], /defines no Amazon Cognito user pool or identity pool/],
  ])("%j", async (args, message) => {
    const r = await runCli(["scan", ...args, "--format", "json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

const SERVERLESS_EXPECTED = [
  "fail account-recovery-sms CognitoUserPoolUsers",
  "fail auth-event-logging CognitoUserPoolUsers",
  "fail case-sensitive-username CognitoUserPoolUsers",
  "fail deletion-protection CognitoUserPoolUsers",
  "fail email-sender-default CognitoUserPoolUsers",
  "fail mfa-required CognitoUserPoolUsers",
  "fail password-complexity CognitoUserPoolUsers",
  "fail password-history CognitoUserPoolUsers",
  "fail password-min-length CognitoUserPoolUsers",
  "fail refresh-token-rotation UserPoolClient",
  "fail self-signup-enabled CognitoUserPoolUsers",
  "fail sms-geo-unrestricted CognitoUserPoolUsers",
  "fail threat-protection CognitoUserPoolUsers",
  "fail trigger-deprecated-runtime auth-service-dev-preSignUp",
  "fail waf-web-acl CognitoUserPoolUsers",
  "not_evaluated cloudtrail-coverage 000000000000 us-east-1",
  "not_evaluated unverified-contact-update CognitoUserPoolUsers",
];

describe("secrets in a template", () => {
  it("an identity provider's client_secret is REDACTED in the snapshot and printed by no format", async () => {
    const { loadTemplates } = await import("../../src/iac/template.js");
    const file = join(FIXTURES, "cfn-idp-secret.yaml");
    const { snapshot } = await loadTemplates(file, {});
    const provider = snapshot.accounts[0]!.regions[0]!.userPools[0]!.identityProviders![0]!;
    expect(provider.ProviderDetails).toMatchObject({ client_id: "abc", client_secret: "REDACTED" });
    for (const format of ["json", "sarif", "html", "markdown", "junit", "table"]) {
      const r = await runCli(["scan", "--template", file, "--format", format, "--include-passed", "--fail-on", "none"]);
      expect(`${r.stdout}${r.stderr}`, format).not.toContain("do-not-print-me");
      expect(r.stdout.length, format).toBeGreaterThan(0);
    }
  });
});
