// End to end: cognito-local over HTTP, pools created through the SDK, the built CLI as a child process.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/demo/emulator.js";
import type { Report } from "../../src/report/model.js";
import { runCli } from "../helpers/cli.js";

let emulator: Emulator;
let secret = "";
let legacyPoolId = "";
let confidentialClientId = "";
const credentials = { AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" };

beforeAll(async () => {
  emulator = await startEmulator();
  const sdk = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: emulator.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const hardened = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: "hardened",
      MfaConfiguration: "ON",
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: { MinimumLength: 16, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 1 } },
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      UsernameConfiguration: { CaseSensitive: false },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
      EmailConfiguration: { EmailSendingAccount: "DEVELOPER", SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com" },
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED", AdvancedSecurityAdditionalFlows: { CustomAuthMode: "ENFORCED" } },
    }),
  );
  await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: hardened.UserPool!.Id!,
      ClientName: "web",
      RefreshTokenValidity: 1,
      AccessTokenValidity: 10,
      IdTokenValidity: 10,
      TokenValidityUnits: { RefreshToken: "days", AccessToken: "minutes", IdToken: "minutes" },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: "ENABLED",
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ["https://app.example.com/cb"],
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
      ReadAttributes: ["email"],
      WriteAttributes: ["email"],
    }),
  );
  const legacy = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: "legacy \u001b[31mred\u001b[0m app",
      MfaConfiguration: "OFF",
      Schema: [{ Name: "api_key", AttributeDataType: "String", Mutable: true }],
    }),
  );
  legacyPoolId = legacy.UserPool!.Id!;
  await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: legacyPoolId,
      ClientName: "mobile",
      RefreshTokenValidity: 3650,
      AllowedOAuthFlows: ["implicit"],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ["http://m.example.com/cb"],
      EnableTokenRevocation: false,
    }),
  );
  const confidential = await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: legacyPoolId, ClientName: "backend", GenerateSecret: true }));
  confidentialClientId = confidential.UserPoolClient!.ClientId!;
  secret = confidential.UserPoolClient!.ClientSecret!;
  expect(secret.length).toBeGreaterThan(10);
  sdk.destroy();
});

afterAll(async () => {
  await emulator?.stop();
});

const live = () => ["--endpoint-url", emulator.endpoint, "--region", "us-east-1"];

describe("scan against cognito-local", () => {
  let result: Awaited<ReturnType<typeof runCli>>;
  let report: Report;
  beforeAll(async () => {
    result = await runCli(["scan", ...live(), "--format", "json"], credentials);
    report = JSON.parse(result.stdout) as Report;
  });

  it("fails the gate on the legacy pool's high findings", () => {
    expect(result.code).toBe(1);
    const failing = new Set(report.findings.filter((f) => f.status === "fail").map((f) => f.ruleId));
    for (const id of ["mfa-required", "refresh-token-validity", "implicit-grant", "callback-url-insecure", "secret-in-custom-attribute", "token-revocation", "self-signup-enabled"]) {
      expect(failing, id).toContain(id);
    }
    const hardened = report.pools.find((p) => p.name === "hardened")!;
    const hardenedFailures = report.findings.filter((f) => f.poolArn === hardened.arn && f.status === "fail").map((f) => `${f.ruleId}: ${f.message}`);
    expect(hardenedFailures).toEqual([]);
    expect(hardened.score).toMatchObject({ value: 100, grade: "A" });
  });

  it("reports what the emulator cannot answer as not_evaluated and collection errors, never pass", () => {
    const deletion = report.findings.filter((f) => f.ruleId === "deletion-protection");
    expect(deletion.length).toBe(2);
    expect(deletion.every((f) => f.status === "not_evaluated")).toBe(true);
    expect(report.errors.map((e) => `${e.operation}:${e.code}`)).toEqual(
      expect.arrayContaining(["DescribeRiskConfiguration:Unsupported", "ListIdentityProviders:Unsupported", "GetUserPoolClientSessionConfiguration:Unsupported"]),
    );
    // A client-level read the emulator lacks: each managed-login client's session rule says why, none passes.
    const sessions = report.findings.filter((f) => f.ruleId === "sso-session-reuse");
    expect(sessions.length).toBeGreaterThan(0);
    for (const f of sessions) expect(f).toMatchObject({ status: "not_evaluated", reason: expect.stringMatching(/^GetUserPoolClientSessionConfiguration failed with Unsupported/) as string });
    expect(report.gate.incomplete).toBe(true);
    expect(result.stderr).toMatch(/AWS call\(s\) failed/);
  });

  it("says that the emulator has no STS and takes the account from the pool ARNs", () => {
    expect(result.stderr).toMatch(new RegExp(`the endpoint ${emulator.endpoint} does not implement STS .*the account is taken from the user pool ARNs`));
    expect(result.stderr).toContain("cognito-audit: account from the pool ARNs, regions us-east-1");
    expect(new Set(report.pools.map((p) => p.accountId)).size).toBe(1);
    expect(report.pools[0]!.accountId).not.toBe("unknown");
  });

  it("never prints the client secret, and shows that the client has one", () => {
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(report.findings.some((f) => f.resource.arn.endsWith(`/client/${confidentialClientId}`))).toBe(true);
  });

  it("strips terminal control characters from AWS strings in the table", async () => {
    const table = await runCli(["scan", ...live(), "--format", "table", "--fail-on", "none"], credentials);
    expect(table.code).toBe(3);
    expect(table.stdout).toContain("legacy red app");
    expect(table.stdout).not.toContain("\u001b");
    expect(table.stdout).not.toContain(secret);
  });

  it("scans only the pools given with --pool-id", async () => {
    const one = await runCli(["scan", ...live(), "--pool-id", legacyPoolId, "--format", "json"], credentials);
    expect((JSON.parse(one.stdout) as Report).pools.map((p) => p.id)).toEqual([legacyPoolId]);
  });
});

describe("collect, then scan the snapshot offline", () => {
  it("reproduces the live findings with no credentials and no network", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ca-int-"));
    const file = join(dir, "snapshot.json");
    const collected = await runCli(["collect", ...live(), "--output", file], credentials);
    expect(collected.code).toBe(0);
    const text = await readFile(file, "utf8");
    expect(text).not.toContain(secret);
    // collect writes each pool as one line of compact JSON.
    expect(text).toContain('"ClientSecret":"REDACTED"');

    // No AWS variables at all, and an endpoint that would refuse connections: nothing may be called.
    const offline = await runCli(["scan", "--snapshot", file, "--format", "json"], { AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    const liveScan = await runCli(["scan", ...live(), "--format", "json"], credentials);
    expect(offline.code).toBe(liveScan.code);
    const summary = (r: string) =>
      (JSON.parse(r) as Report).findings.map((f) => `${f.ruleId} ${f.resource.arn} ${f.status} ${f.severity}`).sort();
    expect(summary(offline.stdout)).toEqual(summary(liveScan.stdout));
  });
});
