import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  DescribeIdentityProviderCommand,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetLogDeliveryConfigurationCommand,
  GetUserPoolClientSessionConfigurationCommand,
  ListUserPoolReplicasCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  ListUserPoolClientSecretsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  GetPrincipalTagAttributeMapCommand,
  ListIdentityPoolsCommand,
} from "@aws-sdk/client-cognito-identity";
import { GetFunctionConfigurationCommand, GetPolicyCommand, LambdaClient, ResourceNotFoundException as LambdaNotFound } from "@aws-sdk/client-lambda";
import { GetWebACLForResourceCommand, WAFV2Client } from "@aws-sdk/client-wafv2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectSnapshot } from "../../src/collect/index.js";
import { loadSnapshot, parseSnapshot, reread, saveSnapshot } from "../../src/snapshot/io.js";
import { scanReport } from "../helpers/scan.js";

const cognito = mockClient(CognitoIdentityProviderClient);
const sts = mockClient(STSClient);
const waf = mockClient(WAFV2Client);
const lambda = mockClient(LambdaClient);
const identity = mockClient(CognitoIdentityClient);
const cloudTrail = mockClient(CloudTrailClient);
const others = [waf, lambda, identity, cloudTrail];
const ACCOUNT = "111122223333";
const arn = (id: string) => `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/${id}`;
const awsError = (name: string, message = name) =>
  new CognitoIdentityProviderServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400 } });

function poolsAcrossPages(ids: string[][]) {
  ids.forEach((page, i) => {
    // A later, more specific matcher wins over the first page's catch-all.
    const input = i === 0 ? {} : { NextToken: `page-${i}` };
    cognito.on(ListUserPoolsCommand, input).resolves({ UserPools: page.map((Id) => ({ Id, Name: `name-${Id}` })), NextToken: i + 1 < ids.length ? `page-${i + 1}` : undefined });
  });
}

function describePool(id: string, extra: object = {}) {
  cognito.on(DescribeUserPoolCommand, { UserPoolId: id }).resolves({
    UserPool: { Id: id, Name: `name-${id}`, Arn: arn(id), MfaConfiguration: "OFF", DeletionProtection: "INACTIVE", CreationDate: new Date("2024-01-02T03:04:05Z"), ...extra },
  });
}

beforeEach(() => {
  cognito.reset();
  sts.reset();
  for (const m of others) m.reset();
  waf.on(GetWebACLForResourceCommand).resolves({});
  identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [] });
  cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
  cognito.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
  cognito.on(DescribeRiskConfigurationCommand).resolves({ RiskConfiguration: { UserPoolId: "x" } });
  cognito.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [] });
  cognito.on(ListIdentityProvidersCommand).resolves({ Providers: [] });
  cognito.on(ListResourceServersCommand).resolves({ ResourceServers: [] });
  cognito.on(ListGroupsCommand).resolves({ Groups: [] });
  cognito.on(GetLogDeliveryConfigurationCommand).resolves({});
});
afterEach(() => {
  cognito.reset();
  sts.reset();
  for (const m of others) m.reset();
});

const collect = (extra: Partial<Parameters<typeof collectSnapshot>[0]> = {}) =>
  collectSnapshot({ regions: ["eu-west-1"], now: () => new Date("2026-11-26T12:00:00Z"), ...extra });

describe("collectSnapshot (mocked cognito-idp)", () => {
  it("follows every page of ListUserPools and ListUserPoolClients", async () => {
    poolsAcrossPages([["p1", "p2"], ["p3"], ["p4"]]);
    for (const id of ["p1", "p2", "p3", "p4"]) describePool(id);
    cognito.on(ListUserPoolClientsCommand, { UserPoolId: "p1", MaxResults: 60 }).resolves({ UserPoolClients: [{ ClientId: "c1", UserPoolId: "p1" }], NextToken: "more" });
    cognito.on(ListUserPoolClientsCommand, { UserPoolId: "p1", MaxResults: 60, NextToken: "more" }).resolves({ UserPoolClients: [{ ClientId: "c2", UserPoolId: "p1" }] });
    cognito.on(DescribeUserPoolClientCommand).callsFake((input: { ClientId: string }) => ({ UserPoolClient: { ClientId: input.ClientId, UserPoolId: "p1", RefreshTokenValidity: 30 } }));

    const snapshot = await collect();
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(snapshot.accounts[0]).toMatchObject({ accountId: ACCOUNT, partition: "aws" });
    expect(region.userPools.map((p) => p.userPool.Id)).toEqual(["p1", "p2", "p3", "p4"]);
    expect(region.userPools[0]!.clients!.map((c) => c.ClientId)).toEqual(["c1", "c2"]);
    expect(cognito.commandCalls(ListUserPoolsCommand)).toHaveLength(3);
    expect(region.userPools[0]!.userPool.CreationDate).toBe("2024-01-02T03:04:05.000Z");
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), "collected")).not.toThrow();
    // Written pool by pool as `collect` writes it, read back pool by pool as `scan --snapshot` reads it.
    const file = join(await mkdtemp(join(tmpdir(), "ca-collect-")), "snapshot.json");
    await saveSnapshot(snapshot, file);
    expect(await readFile(file, "utf8")).toBe(`${JSON.stringify(snapshot, null, 2)}\n`);
    expect(await loadSnapshot(file)).toEqual(JSON.parse(JSON.stringify(snapshot)));
    expect(await reread(snapshot, "collected")).toEqual(JSON.parse(JSON.stringify(snapshot)));
  });

  it("records an AccessDenied call and goes on with the rest", async () => {
    poolsAcrossPages([["p1"]]);
    describePool("p1");
    cognito.on(GetUserPoolMfaConfigCommand).rejects(awsError("AccessDeniedException", "User is not authorized to perform: cognito-idp:GetUserPoolMfaConfig"));
    const snapshot = await collect();
    const entry = snapshot.accounts[0]!.regions[0]!.userPools[0]!;
    expect(entry.mfaConfig).toBeUndefined();
    expect(entry.errors).toEqual([
      { operation: "GetUserPoolMfaConfig", code: "AccessDeniedException", message: "User is not authorized to perform: cognito-idp:GetUserPoolMfaConfig" },
    ]);
    expect(entry.riskConfiguration).toBeDefined();
    expect(entry.clients).toEqual([]);
  });

  it("skips, with a note, a pool deleted between ListUserPools and DescribeUserPool", async () => {
    poolsAcrossPages([["p1", "gone"]]);
    describePool("p1");
    cognito.on(DescribeUserPoolCommand, { UserPoolId: "gone" }).rejects(new ResourceNotFoundException({ message: "User pool gone does not exist.", $metadata: {} }));
    const snapshot = await collect();
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.userPools.map((p) => p.userPool.Id)).toEqual(["p1"]);
    expect(region.notes).toEqual([expect.stringMatching(/gone was listed but no longer exists/)]);
    expect(region.errors).toEqual([]);
  });

  it("keeps a pool it may not describe visible as an error", async () => {
    poolsAcrossPages([["p1"]]);
    cognito.on(DescribeUserPoolCommand).rejects(awsError("AccessDeniedException"));
    const snapshot = await collect();
    expect(snapshot.accounts[0]!.regions[0]!.errors).toEqual([{ operation: "DescribeUserPool", code: "AccessDeniedException", message: "AccessDeniedException", resource: "p1" }]);
  });

  it("redacts client secrets and IdP client secrets at the collection boundary", async () => {
    describePool("p1");
    cognito.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [{ ClientId: "c1" }] });
    cognito.on(DescribeUserPoolClientCommand).resolves({ UserPoolClient: { ClientId: "c1", ClientSecret: "client-secret-value-1" } });
    cognito.on(ListUserPoolClientSecretsCommand).resolves({
      ClientSecrets: [{ ClientSecretId: "c1--1700000000", ClientSecretValue: "client-secret-value-2", ClientSecretCreateDate: new Date("2023-11-14T22:13:20Z") }],
    });
    cognito.on(ListIdentityProvidersCommand).resolves({ Providers: [{ ProviderName: "Google", ProviderType: "Google" }] });
    cognito.on(DescribeIdentityProviderCommand).resolves({
      IdentityProvider: { ProviderName: "Google", ProviderType: "Google", ProviderDetails: { client_id: "gid", client_secret: "idp-secret-value-3" } },
    });
    const snapshot = await collect({ poolIds: ["p1"] });
    const text = JSON.stringify(snapshot);
    for (const secret of ["client-secret-value-1", "client-secret-value-2", "idp-secret-value-3"]) expect(text).not.toContain(secret);
    const entry = snapshot.accounts[0]!.regions[0]!.userPools[0]!;
    expect(entry.clients![0]).toMatchObject({ ClientSecret: "REDACTED", secrets: [{ ClientSecretId: "c1--1700000000", ClientSecretCreateDate: "2023-11-14T22:13:20.000Z" }] });
    expect(entry.identityProviders![0]!.ProviderDetails).toEqual({ client_id: "gid", client_secret: "REDACTED" });
    expect(cognito.commandCalls(ListUserPoolsCommand)).toHaveLength(0);
  });

  it("keeps a client it may not describe, with the error naming it", async () => {
    describePool("p1");
    cognito.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [{ ClientId: "c1", ClientName: "web" }, { ClientId: "c2" }] });
    cognito.on(DescribeUserPoolClientCommand, { UserPoolId: "p1", ClientId: "c1" }).rejects(awsError("AccessDeniedException"));
    cognito.on(DescribeUserPoolClientCommand, { UserPoolId: "p1", ClientId: "c2" }).resolves({ UserPoolClient: { ClientId: "c2", UserPoolId: "p1" } });
    const snapshot = await collect({ poolIds: ["p1"] });
    const entry = snapshot.accounts[0]!.regions[0]!.userPools[0]!;
    expect(entry.clients).toEqual([{ ClientId: "c1", ClientName: "web", UserPoolId: "p1" }, { ClientId: "c2", UserPoolId: "p1" }]);
    expect(entry.errors).toContainEqual({ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "AccessDeniedException", resource: "c1" });
  });

  it("reads each described client's SSO session reuse, with AWS's defaults left as answered", async () => {
    describePool("p1");
    cognito.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [{ ClientId: "c1" }, { ClientId: "c2" }] });
    cognito.on(DescribeUserPoolClientCommand).callsFake((input: { ClientId: string }) => ({ UserPoolClient: { ClientId: input.ClientId, UserPoolId: "p1" } }));
    cognito.on(GetUserPoolClientSessionConfigurationCommand, { UserPoolId: "p1", ClientId: "c1" }).resolves({ UserPoolId: "p1", ClientId: "c1", SSOSession: { MaxValidityMinutes: 1440 } });
    cognito.on(GetUserPoolClientSessionConfigurationCommand, { UserPoolId: "p1", ClientId: "c2" }).resolves({ UserPoolId: "p1", ClientId: "c2" });
    const snapshot = await collect({ poolIds: ["p1"] });
    const entry = snapshot.accounts[0]!.regions[0]!.userPools[0]!;
    expect(entry.clients).toEqual([
      { ClientId: "c1", UserPoolId: "p1", sessionConfiguration: { SSOSession: { MaxValidityMinutes: 1440 } } },
      { ClientId: "c2", UserPoolId: "p1", sessionConfiguration: {} },
    ]);
    expect(entry.errors).toEqual([]);
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), "collected")).not.toThrow();
  });

  it("records an emulator's Unsupported session call against the client, and the session rule is not evaluated", async () => {
    describePool("p1");
    cognito.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [{ ClientId: "web" }] });
    cognito.on(DescribeUserPoolClientCommand).resolves({
      UserPoolClient: { ClientId: "web", UserPoolId: "p1", AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"], CallbackURLs: ["https://app.example.com/cb"] },
    });
    const unsupported = new CognitoIdentityProviderServiceException({
      name: "Unsupported",
      message: 'Unsupported x-amz-target header "AWSCognitoIdentityProviderService.GetUserPoolClientSessionConfiguration"',
      $fault: "server",
      $metadata: { httpStatusCode: 500 },
    });
    cognito.on(GetUserPoolClientSessionConfigurationCommand).rejects(unsupported);
    const snapshot = await collect({ poolIds: ["p1"] });
    const entry = snapshot.accounts[0]!.regions[0]!.userPools[0]!;
    expect(entry.clients![0]!.sessionConfiguration).toBeUndefined();
    expect(entry.errors).toEqual([{ operation: "GetUserPoolClientSessionConfiguration", code: "Unsupported", message: unsupported.message, resource: "web" }]);
    const report = await scanReport(JSON.parse(JSON.stringify(snapshot)) as typeof snapshot);
    const session = report.findings.filter((f) => f.ruleId === "sso-session-reuse");
    expect(session).toEqual([expect.objectContaining({ status: "not_evaluated", reason: expect.stringMatching(/GetUserPoolClientSessionConfiguration failed with Unsupported/) as string })]);
  });

  it("describes the pool's prefix and custom domains", async () => {
    describePool("p1", { Domain: "my-prefix", CustomDomain: "auth.example.com" });
    cognito.on(DescribeUserPoolDomainCommand).callsFake((input: { Domain: string }) => ({ DomainDescription: { Domain: input.Domain, UserPoolId: "p1" } }));
    const snapshot = await collect({ poolIds: ["p1"] });
    expect(snapshot.accounts[0]!.regions[0]!.userPools[0]!.domains!.map((d) => d.Domain)).toEqual(["my-prefix", "auth.example.com"]);
  });

  it("takes the account from the pool ARN when STS is not available", async () => {
    sts.on(GetCallerIdentityCommand).rejects(new Error("no STS here"));
    describePool("p1");
    const snapshot = await collect({ poolIds: ["p1"] });
    expect(snapshot.accounts[0]!.accountId).toBe(ACCOUNT);
    expect(snapshot.accounts[0]!.regions[0]!.errors).toEqual([]);
  });

  it("collects each trigger function once even when pools share it, in the function's region", async () => {
    const shared = "arn:aws:lambda:eu-west-1:111122223333:function:shared";
    const gone = "arn:aws:lambda:eu-west-1:111122223333:function:deleted";
    const foreign = "arn:aws:lambda:us-east-1:999988887777:function:vendor";
    describePool("p1", { LambdaConfig: { PreSignUp: shared, PreTokenGenerationConfig: { LambdaArn: foreign, LambdaVersion: "V2_0" }, KMSKeyID: "arn:aws:kms:eu-west-1:111122223333:key/k" } });
    describePool("p2", { LambdaConfig: { PostConfirmation: shared, UserMigration: gone } });
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: shared }).resolves({ FunctionArn: shared, Runtime: "nodejs22.x" });
    lambda.on(GetPolicyCommand, { FunctionName: shared }).resolves({ Policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "c", Effect: "Allow", Principal: { Service: "cognito-idp.amazonaws.com" }, Action: "lambda:InvokeFunction" }] }) });
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: gone }).rejects(new LambdaNotFound({ message: "Function not found", $metadata: {} }));
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: foreign }).rejects(awsError("AccessDeniedException", "not authorized"));
    lambda.on(GetPolicyCommand, { FunctionName: foreign }).rejects(awsError("AccessDeniedException", "not authorized"));
    const snapshot = await collect({ poolIds: ["p1", "p2"] });
    const [p1, p2] = snapshot.accounts[0]!.regions[0]!.userPools;
    expect(lambda.commandCalls(GetFunctionConfigurationCommand, { FunctionName: shared })).toHaveLength(1);
    expect(p1!.lambdaFunctions![shared]).toMatchObject({ configuration: { Runtime: "nodejs22.x" }, policy: { Statement: [{ Sid: "c" }] } });
    expect(p2!.lambdaFunctions![shared]).toEqual(p1!.lambdaFunctions![shared]);
    expect(p2!.lambdaFunctions![gone]).toEqual({ configuration: null });
    expect(p1!.lambdaFunctions![foreign]).toEqual({});
    expect(p1!.errors).toContainEqual({ operation: "GetFunctionConfiguration", code: "AccessDeniedException", message: "not authorized", resource: foreign });
    expect(Object.keys(p1!.lambdaFunctions!)).not.toContain("arn:aws:kms:eu-west-1:111122223333:key/k");
  });

  it("collects the web ACL, identity pools and trails with their status and selectors", async () => {
    describePool("p1");
    waf.on(GetWebACLForResourceCommand).resolves({ WebACL: { Name: "edge", Id: "1", ARN: "arn:waf", DefaultAction: {}, VisibilityConfig: undefined as never, Rules: [] } });
    identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [{ IdentityPoolId: "eu-west-1:abc", IdentityPoolName: "ids" }] });
    identity.on(DescribeIdentityPoolCommand).resolves({ IdentityPoolId: "eu-west-1:abc", IdentityPoolName: "ids", AllowUnauthenticatedIdentities: true });
    cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: "org", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", IsMultiRegionTrail: true, HomeRegion: "us-east-1" }] });
    cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudTrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] });
    const snapshot = await collect({ poolIds: ["p1"] });
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.userPools[0]!.webAcl).toMatchObject({ Name: "edge" });
    expect(region.identityPools).toEqual([{ IdentityPoolId: "eu-west-1:abc", IdentityPoolName: "ids", AllowUnauthenticatedIdentities: true, principalTags: {} }]);
    expect(region.trails).toEqual([
      expect.objectContaining({ Name: "org", status: { IsLogging: true }, eventSelectors: { EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] } }),
    ]);
    expect(cloudTrail.commandCalls(DescribeTrailsCommand)[0]!.args[0].input).toEqual({ includeShadowTrails: true });
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), "collected")).not.toThrow();
  });

  it("reads each identity pool's roles and the principal tag map of each user pool it trusts", async () => {
    const tagged = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_tagged";
    const plain = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_plain";
    identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [{ IdentityPoolId: "eu-west-1:abc" }, { IdentityPoolId: "eu-west-1:def" }] });
    identity.on(DescribeIdentityPoolCommand, { IdentityPoolId: "eu-west-1:abc" }).resolves({
      IdentityPoolId: "eu-west-1:abc",
      IdentityPoolName: "ids",
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [
        { ProviderName: tagged, ClientId: "c1" },
        { ProviderName: plain, ClientId: "c2" },
      ],
    });
    identity.on(DescribeIdentityPoolCommand, { IdentityPoolId: "eu-west-1:def" }).resolves({ IdentityPoolId: "eu-west-1:def", IdentityPoolName: "denied", AllowUnauthenticatedIdentities: false });
    const roles = { Roles: { authenticated: "arn:aws:iam::111122223333:role/auth" }, RoleMappings: { [`${tagged}:c1`]: { Type: "Token" as const, AmbiguousRoleResolution: "Deny" as const } } };
    identity.on(GetIdentityPoolRolesCommand, { IdentityPoolId: "eu-west-1:abc" }).resolves({ IdentityPoolId: "eu-west-1:abc", ...roles });
    identity.on(GetIdentityPoolRolesCommand, { IdentityPoolId: "eu-west-1:def" }).rejects(awsError("NotAuthorizedException"));
    identity.on(GetPrincipalTagAttributeMapCommand, { IdentityPoolId: "eu-west-1:abc", IdentityProviderName: tagged }).resolves({ UseDefaults: false, PrincipalTags: { tenant: "custom:tenant" } });
    identity.on(GetPrincipalTagAttributeMapCommand, { IdentityPoolId: "eu-west-1:abc", IdentityProviderName: plain }).rejects(awsError("ResourceNotFoundException"));
    const snapshot = await collect({ poolIds: [] });
    const region = snapshot.accounts[0]!.regions[0]!;
    const [abc, def] = region.identityPools!;
    expect(abc!.roles).toEqual({ IdentityPoolId: "eu-west-1:abc", ...roles });
    expect(abc!.principalTags).toEqual({ [tagged]: { UseDefaults: false, PrincipalTags: { tenant: "custom:tenant" } }, [plain]: null });
    expect(def!.roles).toBeUndefined();
    expect(region.errors).toContainEqual(expect.objectContaining({ operation: "GetIdentityPoolRoles", code: "NotAuthorizedException", resource: "eu-west-1:def" }));
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), "collected")).not.toThrow();
  });

  it("reads the pool's replicas across pages, and records a failed listing as an error", async () => {
    describePool("p1");
    describePool("p2");
    cognito
      .on(ListUserPoolReplicasCommand, { UserPoolId: "p1" })
      .resolvesOnce({ UserPoolReplicas: [{ RegionName: "eu-west-1", Role: "PRIMARY", Status: "ACTIVE" }], NextToken: "t" })
      .resolves({ UserPoolReplicas: [{ RegionName: "us-east-1", Role: "SECONDARY", Status: "ACTIVE", UserPoolArn: "arn:aws:cognito-idp:us-east-1:111122223333:userpool/p1" }] });
    cognito.on(ListUserPoolReplicasCommand, { UserPoolId: "p2" }).rejects(awsError("AccessDeniedException"));
    const snapshot = await collect({ poolIds: ["p1", "p2"] });
    const pools = snapshot.accounts[0]!.regions[0]!.userPools;
    const p1 = pools.find((p) => p.userPool.Id === "p1")!;
    const p2 = pools.find((p) => p.userPool.Id === "p2")!;
    expect(p1.replicas?.map((r) => r.RegionName)).toEqual(["eu-west-1", "us-east-1"]);
    expect(p2.replicas).toBeUndefined();
    expect(p2.errors).toContainEqual(expect.objectContaining({ operation: "ListUserPoolReplicas", code: "AccessDeniedException" }));
  });

  it("records no web ACL as null and a denied trail listing as an error", async () => {
    describePool("p1");
    cloudTrail.on(DescribeTrailsCommand).rejects(awsError("AccessDeniedException"));
    const snapshot = await collect({ poolIds: ["p1"] });
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.userPools[0]!.webAcl).toBeNull();
    expect(region.trails).toBeUndefined();
    expect(region.errors).toContainEqual(expect.objectContaining({ operation: "DescribeTrails", code: "AccessDeniedException" }));
  });
});
