// The fake endpoint's organization, through the real SDK clients: whose request it is, AssumeRole
// and its refusals, ListAccounts, ListRegions, quotas per account, latency, and the estates.
import { AccountClient, ListRegionsCommand, paginateListRegions } from "@aws-sdk/client-account";
import { CognitoIdentityProviderClient, DescribeUserPoolCommand, ListUserPoolsCommand } from "@aws-sdk/client-cognito-identity-provider";
import { ListAccountsCommand, OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type Credentials } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { expectedResources, generateEstate } from "../../bench/fake-aws/estate.js";
import { generateAccountIds } from "../../bench/fake-aws/organization.js";
import { startFakeAws, type FakeAws, type FakeAwsOptions } from "../../bench/fake-aws/server.js";
import { PACKAGE_ROOT } from "../../src/package.js";

const MANAGEMENT = "111111111111";
const MEMBER = "222222222222";
const OTHER = "333333333333";
const ROLE = (account: string, name = "CognitoAuditRole") => `arn:aws:iam::${account}:role/${name}`;
const BASE = { accessKeyId: "AKIDBASECREDENTIALS", secretAccessKey: "base-secret" };

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const start = async (options: FakeAwsOptions) => (fake = await startFakeAws({ pools: 3, clientsPerPool: 2, seed: 4, accounts: [MANAGEMENT, MEMBER, OTHER], ...options }));
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const asCreds = (c: Credentials | undefined): Creds => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
const config = (credentials: Creds = BASE, region = "eu-west-1") => ({ region, endpoint: fake!.endpoint, maxAttempts: 1, credentials });
const sts = (credentials?: Creds) => new STSClient(config(credentials));
const idp = (credentials?: Creds, region?: string) => new CognitoIdentityProviderClient(config(credentials, region));
const orgs = (credentials?: Creds) => new OrganizationsClient(config(credentials, "us-east-1"));
const account = (credentials?: Creds) => new AccountClient(config(credentials, "us-east-1"));
const assume = (roleArn: string, extra: { ExternalId?: string } = {}) =>
  sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "cognito-audit", ...extra }));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
    },
  );

describe("fake AWS organization: AssumeRole", () => {
  it("issues credentials that reach the member's own estate", async () => {
    await start({});
    const before = Date.now();
    const assumed = await assume(ROLE(MEMBER));
    expect(assumed.AssumedRoleUser).toEqual({ Arn: `arn:aws:sts::${MEMBER}:assumed-role/CognitoAuditRole/cognito-audit`, AssumedRoleId: expect.stringMatching(/^AROA[A-Z0-9]+:cognito-audit$/) as string });
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    const expires = assumed.Credentials!.Expiration!.getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 3_598_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3_601_000);

    const member = asCreds(assumed.Credentials);
    expect(await sts(member).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: MEMBER, Arn: `arn:aws:sts::${MEMBER}:assumed-role/CognitoAuditRole/cognito-audit` });
    expect(await sts().send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: MANAGEMENT, Arn: `arn:aws:iam::${MANAGEMENT}:user/auditor` });

    const memberPools = fake!.estates[MEMBER]!["eu-west-1"]!.pools.map((p) => p.id);
    const listed = await idp(member).send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(listed.UserPools?.map((p) => p.Id)).toEqual(memberPools);
    const described = await idp(member).send(new DescribeUserPoolCommand({ UserPoolId: memberPools[0] }));
    expect(described.UserPool?.Arn).toBe(`arn:aws:cognito-idp:eu-west-1:${MEMBER}:userpool/${memberPools[0]}`);
    // Base credentials are the management account's: the member's pool is not there.
    expect(await failure(idp().send(new DescribeUserPoolCommand({ UserPoolId: memberPools[0] })))).toMatchObject({ name: "ResourceNotFoundException" });
    // The member's GetCallerIdentity, ListUserPools and DescribeUserPool count as its requests.
    expect(fake!.stats.byAccountRegion[`${MEMBER}|eu-west-1`]?.requests).toBe(3);
  });

  it("works with the SDK's own AssumeRole credential provider, which caches until near expiry", async () => {
    await start({ externalId: "x-1" });
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: ROLE(OTHER), RoleSessionName: "sdk-provider", ExternalId: "x-1" },
      masterCredentials: BASE,
      clientConfig: { region: "eu-west-1", endpoint: fake!.endpoint, maxAttempts: 1 },
    });
    const client = new CognitoIdentityProviderClient({ region: "eu-west-1", endpoint: fake!.endpoint, maxAttempts: 1, credentials });
    for (let i = 0; i < 3; i++) {
      const listed = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      expect(listed.UserPools?.map((p) => p.Id)).toEqual(fake!.estates[OTHER]!["eu-west-1"]!.pools.map((p) => p.id));
    }
    expect(fake!.stats.byOperation["sts:AssumeRole"]).toBe(1);
    expect(fake!.stats.byAccountRegion[`${OTHER}|eu-west-1`]?.requests).toBe(3);
  });

  it("refuses a denied, unknown or wrongly named role, and role chaining, with STS's AccessDenied", async () => {
    await start({ deniedAccounts: [OTHER] });
    const denied = { name: "AccessDenied", status: 403 };
    expect(await failure(assume(ROLE(OTHER)))).toMatchObject({ ...denied, message: expect.stringContaining(`arn:aws:iam::${MANAGEMENT}:user/auditor is not authorized to perform: sts:AssumeRole`) as string });
    expect(await failure(assume(ROLE("444444444444")))).toMatchObject(denied);
    expect(await failure(assume(ROLE(MEMBER, "OtherRole")))).toMatchObject(denied);
    expect(await failure(assume(`arn:aws:iam::${MEMBER}:user/CognitoAuditRole`))).toMatchObject(denied);
    expect(await failure(sts().send(new AssumeRoleCommand({ RoleArn: ROLE(MEMBER), RoleSessionName: "bad session" })))).toMatchObject({ name: "ValidationError", status: 400 });
    // The audit role trusts the management account, not another member's session.
    const member = asCreds((await assume(ROLE(MEMBER))).Credentials);
    expect(await failure(sts(member).send(new AssumeRoleCommand({ RoleArn: ROLE(MANAGEMENT), RoleSessionName: "chained" })))).toMatchObject(denied);
    // The management account's own role can be assumed like any other.
    expect((await assume(ROLE(MANAGEMENT))).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${MANAGEMENT}:assumed-role/CognitoAuditRole/cognito-audit`);
  });

  it("needs the ExternalId when one is set, and the configured role name", async () => {
    await start({ externalId: "audit-2026", roleName: "Auditor" });
    expect(await failure(assume(ROLE(MEMBER, "Auditor")))).toMatchObject({ name: "AccessDenied" });
    expect(await failure(assume(ROLE(MEMBER, "Auditor"), { ExternalId: "audit-2025" }))).toMatchObject({ name: "AccessDenied" });
    expect(await failure(assume(ROLE(MEMBER), { ExternalId: "audit-2026" }))).toMatchObject({ name: "AccessDenied" });
    expect((await assume(ROLE(MEMBER, "Auditor"), { ExternalId: "audit-2026" })).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it("answers ExpiredToken once issued credentials expire, and refuses a session token that is not theirs", async () => {
    await start({ credentialSeconds: 0.3 });
    const member = asCreds((await assume(ROLE(MEMBER))).Credentials);
    const poolId = fake!.estates[MEMBER]!["eu-west-1"]!.pools[0]!.id;
    expect((await idp(member).send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.Id).toBe(poolId);
    expect(await failure(idp({ ...member, sessionToken: "forged" }).send(new DescribeUserPoolCommand({ UserPoolId: poolId })))).toMatchObject({ name: "UnrecognizedClientException", status: 400 });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await failure(idp(member).send(new DescribeUserPoolCommand({ UserPoolId: poolId })))).toMatchObject({ name: "ExpiredTokenException", status: 400 });
    expect(await failure(sts(member).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "ExpiredToken", status: 400 });
    // Fresh credentials work again.
    const fresh = asCreds((await assume(ROLE(MEMBER))).Credentials);
    expect((await sts(fresh).send(new GetCallerIdentityCommand({}))).Account).toBe(MEMBER);
  });
});

describe("fake AWS organization: ListAccounts", () => {
  it("pages the organization's accounts to MaxResults, with State and the older Status", async () => {
    const accounts = generateAccountIds(5, 9);
    await start({ accounts, suspendedAccounts: [accounts[3]!] });
    const pages: number[] = [];
    const listed = [];
    for await (const page of paginateListAccounts({ client: orgs() }, { MaxResults: 2 })) {
      pages.push(page.Accounts?.length ?? 0);
      listed.push(...(page.Accounts ?? []));
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(listed.map((a) => a.Id)).toEqual(accounts);
    expect(listed.map((a) => a.State)).toEqual(["ACTIVE", "ACTIVE", "ACTIVE", "SUSPENDED", "ACTIVE"]);
    expect(listed.map((a) => a.Status)).toEqual(["ACTIVE", "ACTIVE", "ACTIVE", "SUSPENDED", "ACTIVE"]);
    expect(listed[1]).toMatchObject({
      Arn: `arn:aws:organizations::${accounts[0]}:account/${fake!.organizationId}/${accounts[1]}`,
      Email: `aws+${accounts[1]}@example.com`,
      Name: "member-1",
      JoinedTimestamp: expect.any(Date) as Date,
    });
    expect(fake!.organizationId).toMatch(/^o-[a-z0-9]{10}$/);
    expect(await failure(orgs().send(new ListAccountsCommand({ MaxResults: 21 })))).toMatchObject({ name: "InvalidInputException" });
    expect(await failure(orgs().send(new ListAccountsCommand({ NextToken: "forged" })))).toMatchObject({ name: "InvalidInputException" });
    expect((await orgs().send(new ListAccountsCommand({}))).Accounts).toHaveLength(5);
  });

  it("answers AccessDeniedException to a member account that is no delegated administrator, and drops Status when asked to", async () => {
    await start({ accountStatusField: false, delegatedAdministrators: [OTHER] });
    const member = asCreds((await assume(ROLE(MEMBER))).Credentials);
    expect(await failure(orgs(member).send(new ListAccountsCommand({})))).toMatchObject({ name: "AccessDeniedException" });
    const admin = asCreds((await assume(ROLE(OTHER))).Credentials);
    expect((await orgs(admin).send(new ListAccountsCommand({}))).Accounts?.map((a) => a.Id)).toEqual([MANAGEMENT, MEMBER, OTHER]);
    const [first] = (await orgs().send(new ListAccountsCommand({}))).Accounts ?? [];
    expect(first).toMatchObject({ Id: MANAGEMENT, State: "ACTIVE" });
    expect(first).not.toHaveProperty("Status");
    await fake!.close();
    await start({ organization: false });
    expect(await failure(orgs().send(new ListAccountsCommand({})))).toMatchObject({ name: "AWSOrganizationsNotInUseException" });
  });
});

describe("fake AWS organization: ListRegions", () => {
  it("lists the served regions enabled and a few opt-in ones disabled, paged and filtered", async () => {
    await start({ regions: ["eu-west-1", "us-east-1", "eu-south-1"] });
    const all = [];
    const pages: number[] = [];
    for await (const page of paginateListRegions({ client: account() }, { MaxResults: 2 })) {
      pages.push(page.Regions?.length ?? 0);
      all.push(...(page.Regions ?? []));
    }
    expect(pages).toEqual([2, 2, 2, 1]);
    expect(Object.fromEntries(all.map((r) => [r.RegionName, r.RegionOptStatus]))).toEqual({
      "af-south-1": "DISABLED",
      "ap-east-1": "DISABLED",
      "eu-south-1": "ENABLED",
      "eu-west-1": "ENABLED_BY_DEFAULT",
      "il-central-1": "DISABLED",
      "me-south-1": "DISABLED",
      "us-east-1": "ENABLED_BY_DEFAULT",
    });
    const enabled = await account().send(new ListRegionsCommand({ RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] }));
    expect(enabled.Regions?.map((r) => r.RegionName)).toEqual(["eu-south-1", "eu-west-1", "us-east-1"]);
    expect(await failure(account().send(new ListRegionsCommand({ MaxResults: 51 })))).toMatchObject({ name: "ValidationException", status: 400 });
    // A token is only good for the query that issued it.
    const first = await account().send(new ListRegionsCommand({ MaxResults: 1 }));
    expect(await failure(account().send(new ListRegionsCommand({ MaxResults: 1, NextToken: first.NextToken, RegionOptStatusContains: ["DISABLED"] })))).toMatchObject({ name: "ValidationException" });
    // A region that is not enabled refuses the account's credentials, as AWS does.
    expect(await failure(idp(BASE, "af-south-1").send(new ListUserPoolsCommand({ MaxResults: 60 })))).toMatchObject({ name: "UnrecognizedClientException" });
    // The management account may ask for a member's regions; a member only for its own.
    const member = asCreds((await assume(ROLE(MEMBER))).Credentials);
    expect((await account().send(new ListRegionsCommand({ AccountId: MEMBER }))).Regions).toHaveLength(7);
    expect((await account(member).send(new ListRegionsCommand({}))).Regions).toHaveLength(7);
    expect(await failure(account(member).send(new ListRegionsCommand({ AccountId: OTHER })))).toMatchObject({ name: "AccessDeniedException", status: 403 });
    expect(await failure(account().send(new ListRegionsCommand({ AccountId: "12345" })))).toMatchObject({ name: "ValidationException", status: 400 });
  });

  it("answers AccessDeniedException in the restJson shape when ListRegions is denied", async () => {
    await start({ listRegionsDenied: [MEMBER] });
    const member = asCreds((await assume(ROLE(MEMBER))).Credentials);
    expect(await failure(account(member).send(new ListRegionsCommand({})))).toMatchObject({ name: "AccessDeniedException", status: 403 });
    expect((await account().send(new ListRegionsCommand({}))).Regions?.length).toBeGreaterThan(0);
    await fake!.close();
    await start({ listRegionsDenied: true });
    expect(await failure(account().send(new ListRegionsCommand({})))).toMatchObject({ name: "AccessDeniedException", status: 403 });
  });
});

describe("fake AWS organization: quotas, latency and estates", () => {
  it("keeps a quota bucket per account and region", async () => {
    await start({ quotas: true, regions: ["eu-west-1", "us-east-1"] });
    const member = asCreds((await assume(ROLE(MEMBER))).Credentials);
    const burst = async (credentials: Creds, region: string, n: number) => {
      const client = idp(credentials, region);
      const poolId = fake!.estates[credentials === BASE ? MANAGEMENT : MEMBER]![region]!.pools[0]!.id;
      const results = await Promise.all(Array.from({ length: n }, () => failure(client.send(new DescribeUserPoolCommand({ UserPoolId: poolId })))));
      client.destroy();
      return results.filter((r) => r === undefined).length;
    };
    // UserPoolRead: 15 per second in each (account, region); three bursts at once do not share a bucket.
    const [management, memberOk, otherRegion] = await Promise.all([burst(BASE, "eu-west-1", 25), burst(member, "eu-west-1", 25), burst(BASE, "us-east-1", 25)]);
    for (const ok of [management, memberOk, otherRegion]) {
      expect(ok).toBeGreaterThanOrEqual(15);
      expect(ok).toBeLessThan(22);
    }
    const pairs = fake!.stats.byAccountRegion;
    // The management account's one AssumeRole counts there too (STS has no enforced quota here).
    expect(pairs[`${MANAGEMENT}|eu-west-1`]).toMatchObject({ requests: 26, quotaThrottles: 25 - management, byOperation: { "cognito-idp:DescribeUserPool": 25, "sts:AssumeRole": 1 } });
    expect(pairs[`${MEMBER}|eu-west-1`]).toMatchObject({ requests: 25, quotaThrottles: 25 - memberOk });
    expect(pairs[`${MANAGEMENT}|us-east-1`]).toMatchObject({ requests: 25, quotaThrottles: 25 - otherRegion });
    expect(fake!.stats.quotaThrottles.UserPoolRead).toBe(75 - management - memberOk - otherRegion);
  });

  it("delays every answer by latencyMs, errors included", async () => {
    await start({ latencyMs: 120 });
    for (const send of [() => sts().send(new GetCallerIdentityCommand({})), () => failure(assume(ROLE("444444444444")))]) {
      const started = performance.now();
      await send();
      expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    }
  });

  it("generates a distinct, reproducible estate per account and region, and counts what it holds", async () => {
    await start({ regions: ["eu-west-1", "us-east-1"] });
    const estates = Object.values(fake!.estates).flatMap((byRegion) => Object.values(byRegion));
    expect(estates).toHaveLength(6);
    expect(fake!.estate).toBe(fake!.estates[MANAGEMENT]!["eu-west-1"]);
    const ids = estates.flatMap((e) => e.pools.map((p) => p.id));
    expect(new Set(ids).size).toBe(18);
    for (const e of estates) {
      for (const pool of e.pools) {
        expect(pool.id).toMatch(new RegExp(`^${e.region}_[0-9A-Za-z]{9}$`));
        expect(pool.description.Arn).toBe(`arn:aws:cognito-idp:${e.region}:${e.accountId}:userpool/${pool.id}`);
      }
      expect(new Set(e.identityPools.map((p) => p.summary.IdentityPoolId)).size).toBe(e.identityPools.length);
      expect(e).toEqual(generateEstate({ pools: 3, clientsPerPool: 2, seed: 4, accountId: e.accountId, region: e.region }));
      const expected = fake!.stats.expected[`${e.accountId}|${e.region}`]!;
      expect(expected).toEqual(expectedResources(e));
      expect(expected).toMatchObject({ userPools: 3, appClients: 6, trails: 2, identityProviders: e.pools.reduce((n, p) => n + p.providers.length, 0) });
    }
    // Same seed, another account: other data, not only other ids (without the mixing they would be equal).
    const traits = (e: (typeof estates)[number]) => e.pools.map((p) => [p.description.MfaConfiguration, p.description.UserPoolTier, p.clients.map((c) => c.description.RefreshTokenValidity)]);
    expect(traits(fake!.estates[MEMBER]!["eu-west-1"]!)).not.toEqual(traits(fake!.estates[MANAGEMENT]!["eu-west-1"]!));
  });

  it("keeps the one-account one-region default for old callers", async () => {
    fake = await startFakeAws({ pools: 2, clientsPerPool: 1, seed: 1, region: "us-west-2", accountId: "999988887777" });
    expect(fake.accounts).toEqual(["999988887777"]);
    expect(fake.regions).toEqual(["us-west-2"]);
    expect(Object.keys(fake.stats.expected)).toEqual(["999988887777|us-west-2"]);
    expect(await sts().send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: "999988887777" });
    const pools = await idp(BASE, "us-west-2").send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(pools.UserPools?.map((p) => p.Id)).toEqual(fake.estate.pools.map((p) => p.id));
    // A region the fake does not serve (and is not an opt-in one it lists disabled) is empty.
    expect((await idp(BASE, "eu-west-1").send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools).toEqual([]);
  });
});

describe("fake-aws command: an organization", () => {
  it("serves --accounts N × --regions with --latency-ms", async () => {
    const main = join(PACKAGE_ROOT, "dist", "bench", "fake-aws", "main.js");
    const child = spawn(process.execPath, [main, "--accounts", "3", "--regions", "eu-west-1,us-east-1", "--latency-ms", "50", "--pools", "2", "--seed", "3"], {
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const line = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
    fake = undefined;
    const endpoint = String(line.value);
    const client = new OrganizationsClient({ region: "us-east-1", endpoint, maxAttempts: 1, credentials: BASE });
    const started = performance.now();
    const listed = await client.send(new ListAccountsCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(listed.Accounts?.map((a) => a.Id)).toEqual(generateAccountIds(3, 3));
    const regions = await new AccountClient({ region: "us-east-1", endpoint, maxAttempts: 1, credentials: BASE }).send(new ListRegionsCommand({ RegionOptStatusContains: ["ENABLED_BY_DEFAULT"] }));
    expect(regions.Regions?.map((r) => r.RegionName)).toEqual(["eu-west-1", "us-east-1"]);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
