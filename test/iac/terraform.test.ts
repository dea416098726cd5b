// scan --terraform-plan on the JSON of `terraform show -json` (test/fixtures/iac/terraform: main.tf and its plan):
// planned values, after_unknown linked through the configuration's references, the provider's defaults.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
import { RULES } from "../../rules/index.js";
import { loadTemplates, type IacInput } from "../../src/iac/template.js";
import { loadTerraformPlan } from "../../src/iac/terraform.js";
import { runCli } from "../helpers/cli.js";

const PLAN = join("test", "fixtures", "iac", "terraform", "plan.json");
const EVENT_RULES = RULES.filter((r) => r.kind === "event").map((r) => r.id);

interface JsonFinding {
  ruleId: string;
  status: string;
  reason?: string;
  resource: { name: string };
}

describe("scan --terraform-plan", () => {
  it("judges the planned values; values known only after apply are not evaluated with the cause", async () => {
    const r = await runCli(["scan", "--terraform-plan", PLAN, "--format", "json"]);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    const results = findings.filter((f) => !EVENT_RULES.includes(f.ruleId)).map((f) => `${f.status} ${f.ruleId} ${f.resource.name}`).sort();
    expect(results).toEqual([
      "fail account-recovery-sms aws_cognito_user_pool.main",
      "fail auth-event-logging aws_cognito_user_pool.main",
      "fail case-sensitive-username aws_cognito_user_pool.main",
      "fail deletion-protection aws_cognito_user_pool.main",
      "fail email-sender-default aws_cognito_user_pool.main",
      "fail mfa-required aws_cognito_user_pool.main",
      "fail password-history aws_cognito_user_pool.main",
      "fail password-min-length aws_cognito_user_pool.main",
      "fail refresh-token-rotation aws_cognito_user_pool_client.web",
      "fail self-signup-enabled aws_cognito_user_pool.main",
      "fail sms-geo-unrestricted aws_cognito_user_pool.main",
      "fail threat-protection aws_cognito_user_pool.main",
      "fail trigger-confused-deputy app-pre-sign-up",
      "fail trigger-deprecated-runtime app-pre-sign-up",
      "fail user-existence-errors aws_cognito_user_pool_client.web",
      "not_evaluated callback-url-insecure aws_cognito_user_pool_client.web",
      "not_evaluated callback-url-localhost aws_cognito_user_pool_client.web",
      "not_evaluated callback-url-open aws_cognito_user_pool_client.web",
      "not_evaluated cloudtrail-coverage 000000000000 eu-west-1",
      "not_evaluated unverified-contact-update aws_cognito_user_pool.main",
    ]);
    // The trigger and its permission are linked through the configuration's references (the ARN is unknown until apply).
    expect(findings.find((f) => f.ruleId === "trigger-deprecated-runtime")?.status).toBe("fail");
    // callback_urls comes from a resource outside the supported types: not known, never guessed.
    expect(findings.find((f) => f.ruleId === "callback-url-insecure")?.reason).toBe(
      "aws_cognito_user_pool_client.web.CallbackURLs is not known before deploy (aws_cognito_user_pool_client.web.callback_urls is known only after apply (after_unknown))",
    );
    // The web ACL association names the pool by reference: waf-web-acl passes.
    expect(findings.some((f) => f.ruleId === "waf-web-acl")).toBe(false);
  });

  it("links the resources of a module through the module's own references", async () => {
    const scan = async (plan: string) => {
      const r = await runCli(["scan", "--terraform-plan", plan, "--format", "json"]);
      return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => !EVENT_RULES.includes(f.ruleId)).map((f) => `${f.status} ${f.ruleId} ${f.resource.name}`).sort();
    };
    const [root, inModule] = await Promise.all([scan(PLAN), scan(join("test", "fixtures", "iac", "terraform", "plan-module.json"))]);
    // The same plan with every resource in module.auth: the same results, named by their full address.
    expect(inModule).toEqual(root.map((line) => line.replace(/ aws_/, " module.auth.aws_")).sort());
  });

  it("points SARIF results at the resource's address in the plan", async () => {
    const r = await runCli(["scan", "--terraform-plan", PLAN, "--format", "sarif"]);
    const run = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }).runs[0]!;
    const location = run.results.find((x) => x.ruleId === "user-existence-errors")!.locations[0]!.physicalLocation;
    const lines = readFileSync(join(PACKAGE_ROOT, PLAN), "utf8").split("\n");
    const resourceChanges = lines.findIndex((l) => l.includes('"resource_changes"'));
    const expected = lines.findIndex((l, i) => i > resourceChanges && l.includes('"address": "aws_cognito_user_pool_client.web"')) + 1;
    expect(location).toEqual({ artifactLocation: { uri: PLAN, index: 0 }, region: { startLine: expected } });
  });

  it("maps a roles attachment and a principal tag map to the shapes GetIdentityPoolRoles and GetPrincipalTagAttributeMap return, as a template's are", async () => {
    const provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Partner01";
    const roles = {
      Roles: { authenticated: "arn:aws:iam::111122223333:role/partner-authenticated" },
      // Keyed by the provider and app client, as the API keys them; the rule's RoleARN in the API's spelling.
      RoleMappings: {
        [`${provider}:1example23456789`]: {
          Type: "Rules",
          AmbiguousRoleResolution: "Deny",
          RulesConfiguration: { Rules: [{ Claim: "custom:tier", MatchType: "Equals", Value: "gold", RoleARN: "arn:aws:iam::111122223333:role/partner-gold" }] },
        },
      },
    };
    const pools = async (input: Promise<IacInput>) => (await input).snapshot.accounts[0]!.regions[0]!.identityPools ?? [];
    const [plan] = await pools(loadTerraformPlan(join(PACKAGE_ROOT, "test", "fixtures", "iac", "terraform", "plan-identity.json")));
    expect(plan!.roles).toEqual({ IdentityPoolId: "aws_cognito_identity_pool.partner", ...roles });
    expect(plan!.principalTags).toEqual({ [provider]: { IdentityPoolId: "aws_cognito_identity_pool.partner", IdentityProviderName: provider, PrincipalTags: { tenant: "custom:tenant" }, UseDefaults: false } });
    const [template] = await pools(loadTemplates(join(PACKAGE_ROOT, "test", "fixtures", "iac", "cfn-sessions-identities.yaml"), {}));
    expect(template!.roles).toEqual({ IdentityPoolId: "PartnerIdentities", ...roles });
    expect(template!.principalTags).toEqual({ [provider]: { IdentityPoolId: "PartnerIdentities", IdentityProviderName: provider, PrincipalTags: { tenant: "custom:tenant" } } });
  });

  it.each([
    [["--terraform-plan", "package.json"], /package\.json: has no format_version and resource_changes at the top; expected the JSON of terraform show -json PLANFILE/],
    [["--terraform-plan", PLAN, "--template", "x.yaml"], /--template and --terraform-plan are two sources/],
    [["--terraform-plan", PLAN, "--cloudtrail", "lookup"], /--terraform-plan scans infrastructure code before deploy and cannot be combined with --cloudtrail/],
  ])("input error %j (exit 2)", async (args, message) => {
    const r = await runCli(["scan", ...args, "--format", "json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
