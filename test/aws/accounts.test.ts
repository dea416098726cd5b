import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { CognitoIdentityProviderClient, DescribeUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  assumeFailure,
  AssumeRoleError,
  assumeRoleProvider,
  checkExternalId,
  checkRoleName,
  checkSessionName,
  DEFAULT_SESSION_NAME,
  listOrganizationAccounts,
  parseAccountsFlag,
  REFRESH_MARGIN_MS,
  roleArn,
} from "../../src/aws/accounts.js";
import { createClient, type AwsOptions } from "../../src/aws/clients.js";
import { RateLimits } from "../../src/aws/rateLimit.js";
import { InputError } from "../../src/errors.js";
import { startFakeAws, stsError, type FakeAws } from "../helpers/fakeAws.js";
import { startLoopback, staticCredentials } from "./loopback.js";

const ROLE = "arn:aws:iam::111122223333:role/CognitoAuditRole";

describe("--accounts and the role flags", () => {
  it("takes all, or 12-digit ids each once in the order given", () => {
    expect(parseAccountsFlag("all")).toBe("all");
    expect(parseAccountsFlag(" all ")).toBe("all");
    expect(parseAccountsFlag("111122223333, 444455556666,111122223333,")).toEqual(["111122223333", "444455556666"]);
  });

  it("names --accounts, the bad value and what was expected", () => {
    for (const bad of ["", " , ", "11112222333", "1111222233334", "all,111122223333", "ALL", "１１１１２２２２３３３３"]) {
      expect(() => parseAccountsFlag(bad), bad).toThrow(InputError);
    }
    expect(() => parseAccountsFlag("")).toThrow(/^--accounts: no account given; expected all \(every ACTIVE account of the organization\) or 12-digit account ids separated by commas/);
    expect(() => parseAccountsFlag("111122223333,12345")).toThrow(/^--accounts: "12345" is not an AWS account id; expected all .* e\.g\. --accounts 111122223333,444455556666\.$/);
    expect(() => parseAccountsFlag("1111\u001b[31m")).toThrow(/"1111\\u001b\[31m" is not an AWS account id/);
  });

  it("checks role names, session names and external ids as IAM does", () => {
    expect(checkRoleName("CognitoAuditRole")).toBe("CognitoAuditRole");
    expect(checkRoleName("a+b=c,d.e@f_g-h")).toBe("a+b=c,d.e@f_g-h");
    expect(checkRoleName("r".repeat(64))).toHaveLength(64);
    for (const bad of ["", "r".repeat(65), "path/Role", "role name", "rôle"]) expect(() => checkRoleName(bad), bad).toThrow(InputError);
    expect(() => checkRoleName("path/Role")).toThrow(/^--role-name: "path\/Role" is not an IAM role name; .*docs\/cognito-audit-role\.yaml, by default CognitoAuditRole\)\.$/);

    expect(checkSessionName(DEFAULT_SESSION_NAME)).toBe("cognito-audit");
    expect(checkSessionName("ab")).toBe("ab");
    for (const bad of ["a", "s".repeat(65), "has space", "a/b"]) expect(() => checkSessionName(bad), bad).toThrow(/^--role-session-name: /);

    expect(checkExternalId("ab")).toBe("ab");
    expect(checkExternalId("urn:x/y-1")).toBe("urn:x/y-1");
    for (const bad of ["a", "x".repeat(1225), "has space"]) expect(() => checkExternalId(bad), bad).toThrow(/^--external-id: /);
    // A secret-like value is not echoed.
    expect(() => checkExternalId("secret value")).toThrow(expect.objectContaining({ message: expect.not.stringContaining("secret") as unknown }) as Error);
  });

  it("builds the role ARN of each partition", () => {
    expect(roleArn("aws", "111122223333", "CognitoAuditRole")).toBe(ROLE);
    expect(roleArn("aws-us-gov", "111122223333", "Audit")).toBe("arn:aws-us-gov:iam::111122223333:role/Audit");
    expect(() => roleArn("aws", "1111", "Audit")).toThrow(/not an AWS account id/);
    expect(() => roleArn("aws:x", "111122223333", "Audit")).toThrow(/not an AWS partition/);
    expect(() => roleArn("aws", "111122223333", "a/b")).toThrow(/^--role-name: /);
  });
});

describe("the organization's accounts", () => {
  let organizations: AwsClientStub<OrganizationsClient>;
  beforeEach(() => {
    organizations = mockClient(OrganizationsClient);
  });
  afterEach(() => organizations.restore());
  const client = () => new OrganizationsClient({ region: "us-east-1", credentials: staticCredentials() });

  it("lists the ACTIVE ones of every page, reading State before the retiring Status", async () => {
    const tokens: (string | undefined)[] = [];
    const pages = [
      {
        Accounts: [
          { Id: "111111111111", Name: "prod", State: "ACTIVE" as const, Status: "ACTIVE" as const },
          // State wins over Status.
          { Id: "222222222222", Name: "closing", State: "PENDING_CLOSURE" as const, Status: "ACTIVE" as const },
          // Only Status (an older answer).
          { Id: "333333333333", Name: "legacy", Status: "ACTIVE" as const },
          { Id: "444444444444", Name: "suspended", Status: "SUSPENDED" as const },
        ],
        NextToken: "p2",
      },
      {
        Accounts: [
          // Only State (after Status is retired).
          { Id: "555555555555", Name: "new", State: "ACTIVE" as const },
          { Id: "666666666666", Name: "closed", State: "CLOSED" as const },
          { Id: "not-an-id", Name: "hostile", State: "ACTIVE" as const },
          { Name: "no id", State: "ACTIVE" as const },
          { Id: "111111111111", Name: "again", State: "ACTIVE" as const },
          { Id: "777777777777", State: "ACTIVE" as const },
        ],
      },
    ];
    organizations.on(ListAccountsCommand).callsFake((input: { NextToken?: string }) => {
      tokens.push(input.NextToken);
      return pages[tokens.length - 1];
    });
    expect(await listOrganizationAccounts(client())).toEqual([
      { id: "111111111111", name: "prod", status: "ACTIVE" },
      { id: "333333333333", name: "legacy", status: "ACTIVE" },
      { id: "555555555555", name: "new", status: "ACTIVE" },
      { id: "777777777777", name: "", status: "ACTIVE" },
    ]);
    expect(tokens).toEqual([undefined, "p2"]);
  });

  it("says, naming organizations:ListAccounts, that only the management or a delegated administrator account may list them", async () => {
    organizations.on(ListAccountsCommand).rejects(Object.assign(new Error("not in use"), { name: "AWSOrganizationsNotInUseException" }));
    const notInUse = listOrganizationAccounts(client());
    await expect(notInUse).rejects.toBeInstanceOf(InputError);
    await expect(notInUse).rejects.toThrow(/^--accounts all: this account is not a member of an organization \(organizations:ListAccounts failed with AWSOrganizationsNotInUseException\)\. organizations:ListAccounts answers only in the organization's management account or a delegated administrator account/);

    organizations.on(ListAccountsCommand).rejects(Object.assign(new Error("You don't have permissions"), { name: "AccessDeniedException" }));
    await expect(listOrganizationAccounts(client())).rejects.toThrow(/^--accounts all: listing the organization's accounts was denied \(organizations:ListAccounts failed with AccessDeniedException\)\..* or name the accounts with --accounts ID,ID\.$/);
  });

  it("lets other failures through as they are", async () => {
    const boom = Object.assign(new Error("service down"), { name: "ServiceException" });
    organizations.on(ListAccountsCommand).rejects(boom);
    await expect(listOrganizationAccounts(client())).rejects.toBe(boom);
  });
});

const base = (extra: Partial<AwsOptions> = {}): AwsOptions => ({ region: "us-east-1", limits: new RateLimits(), credentials: staticCredentials(), ...extra });
const assumed = (account: string, expiration: Date, key = "ASIAASSUMED") => ({
  Credentials: { AccessKeyId: key, SecretAccessKey: "s3cret", SessionToken: "token", Expiration: expiration },
  AssumedRoleUser: { Arn: `arn:aws:sts::${account}:assumed-role/CognitoAuditRole/cognito-audit`, AssumedRoleId: "AROAEXAMPLE:cognito-audit" },
});

describe("assuming the audit role", () => {
  let sts: AwsClientStub<STSClient>;
  beforeEach(() => {
    sts = mockClient(STSClient);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-03T09:00:00Z"));
  });
  afterEach(() => {
    sts.restore();
    vi.useRealTimers();
  });

  it("asks for the role with the default session name, and reports the account of the identity it got", async () => {
    sts.on(AssumeRoleCommand).resolves(assumed("999988887777", new Date("2026-12-03T10:00:00Z")));
    const role = assumeRoleProvider({ base: base(), roleArn: ROLE });
    // Asked for 111122223333; AWS answered with another account's identity: that one is reported.
    expect(await role.accountId()).toBe("999988887777");
    const identity = await role.credentials();
    expect(identity).toMatchObject({ accessKeyId: "ASIAASSUMED", secretAccessKey: "s3cret", sessionToken: "token", expiration: new Date("2026-12-03T10:00:00Z") });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([{ RoleArn: ROLE, RoleSessionName: "cognito-audit" }]);
  });

  it("sends the external id and session name given, after checking them", async () => {
    sts.on(AssumeRoleCommand).resolves(assumed("111122223333", new Date("2026-12-03T10:00:00Z")));
    await assumeRoleProvider({ base: base(), roleArn: ROLE, externalId: "ext-123", sessionName: "audit-2026" }).credentials();
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({ RoleArn: ROLE, RoleSessionName: "audit-2026", ExternalId: "ext-123" });
    expect(() => assumeRoleProvider({ base: base(), roleArn: ROLE, sessionName: "x" })).toThrow(/^--role-session-name: /);
    expect(() => assumeRoleProvider({ base: base(), roleArn: ROLE, externalId: "a b" })).toThrow(/^--external-id: /);
  });

  it("caches the credentials, shares one renewal among concurrent callers, and renews 5 minutes before expiry", async () => {
    let n = 0;
    sts.on(AssumeRoleCommand).callsFake(() => {
      n++;
      return assumed("111122223333", new Date(Date.now() + 60 * 60_000), `ASIA${n}`);
    });
    const role = assumeRoleProvider({ base: base(), roleArn: ROLE });
    const first = await Promise.all([role.credentials(), role.credentials(), role.accountId(), role.credentials()]);
    expect(n).toBe(1);
    expect(first[0]).toBe(first[1]);
    // Just outside the margin: the same credentials.
    vi.setSystemTime(Date.now() + 60 * 60_000 - REFRESH_MARGIN_MS - 1_000);
    expect((await role.credentials()).accessKeyId).toBe("ASIA1");
    expect(n).toBe(1);
    // Inside it: renewed once, however many ask at the same time.
    vi.setSystemTime(Date.now() + 2_000);
    const renewed = await Promise.all(Array.from({ length: 20 }, () => role.credentials()));
    expect(n).toBe(2);
    expect(new Set(renewed.map((c) => c.accessKeyId))).toEqual(new Set(["ASIA2"]));
  });

  it("keeps using credentials not yet expired when their early renewal fails", async () => {
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce(assumed("111122223333", new Date("2026-12-03T10:00:00Z"), "ASIA1"))
      .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "Throttling" }))
      .resolves(assumed("111122223333", new Date("2026-12-03T11:00:00Z"), "ASIA2"));
    const role = assumeRoleProvider({ base: base(), roleArn: ROLE });
    expect((await role.credentials()).accessKeyId).toBe("ASIA1");
    vi.setSystemTime(new Date("2026-12-03T09:58:00Z"));
    expect((await role.credentials()).accessKeyId).toBe("ASIA1");
    expect((await role.credentials()).accessKeyId).toBe("ASIA2");
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(3);
    // Past the expiry, a failed renewal is the caller's failure.
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    vi.setSystemTime(new Date("2026-12-03T11:00:01Z"));
    await expect(role.credentials()).rejects.toMatchObject({ code: "AccessDenied" });
  });

  it("fails with the role and AWS's code, remembers no failure, and refuses an answer without an assumed identity", async () => {
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(Object.assign(new Error("User: arn:aws:iam::000011112222:user/me is not authorized to perform: sts:AssumeRole"), { name: "AccessDenied" }))
      .resolves(assumed("111122223333", new Date("2026-12-03T10:00:00Z")));
    const role = assumeRoleProvider({ base: base(), roleArn: ROLE });
    const failed = await role.accountId().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(AssumeRoleError);
    expect(failed).toMatchObject({ roleArn: ROLE, code: "AccessDenied", message: expect.stringContaining("not authorized to perform: sts:AssumeRole") as unknown });
    expect(await role.accountId()).toBe("111122223333");

    for (const answer of [
      { Credentials: assumed("1", new Date()).Credentials },
      { ...assumed("111122223333", new Date()), AssumedRoleUser: { Arn: "arn:aws:iam::111122223333:user/not-assumed", AssumedRoleId: "x" } },
      { ...assumed("111122223333", new Date()), Credentials: { AccessKeyId: "A", SecretAccessKey: "B", SessionToken: undefined, Expiration: new Date() } },
    ]) {
      sts.on(AssumeRoleCommand).resolves(answer);
      await expect(assumeRoleProvider({ base: base(), roleArn: ROLE }).credentials()).rejects.toMatchObject({ name: "AssumeRoleError", code: "InvalidResponse" });
    }
  });

  it("assumes an answer without a usable expiry lasts AssumeRole's shortest session", async () => {
    sts.on(AssumeRoleCommand).resolves({ ...assumed("111122223333", new Date("not a date")) });
    const identity = await assumeRoleProvider({ base: base(), roleArn: ROLE }).credentials();
    expect(identity.expiration).toEqual(new Date("2026-12-03T09:15:00Z"));
  });

  it("turns a failure into the account's collection error: the role, the code, the fix", () => {
    const failure = assumeFailure(new AssumeRoleError(ROLE, "AccessDenied", "not authorized to perform: sts:AssumeRole."));
    expect(failure).toEqual({ operation: "AssumeRole", code: "AccessDenied", message: expect.any(String) as unknown });
    expect(failure.message).toMatch(
      /^cognito-audit could not assume the role arn:aws:iam::111122223333:role\/CognitoAuditRole: not authorized to perform: sts:AssumeRole\. Its checks were not evaluated\. Deploy docs\/cognito-audit-role\.yaml to that account .* trust policy names the account cognito-audit runs from \(AuditAccountId\), that --external-id equals its ExternalId, and that the caller may sts:AssumeRole on it\.$/,
    );
    const other = assumeFailure(Object.assign(new Error("no\u001b[31m answer"), { name: "CallTimeoutError" }), ROLE);
    expect(other).toMatchObject({ operation: "AssumeRole", code: "CallTimeoutError" });
    expect(other.message).toContain(`assume the role ${ROLE}: no?[31m answer.`);
  });
});

describe("AssumeRole through createClient", () => {
  let fake: FakeAws | undefined;
  let cognito: Awaited<ReturnType<typeof startLoopback>> | undefined;
  afterEach(async () => {
    await fake?.close();
    await cognito?.close();
    fake = cognito = undefined;
  });
  const xml = (account: string, key: string) => ({
    xml:
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
      `<Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>s3cret</SecretAccessKey><SessionToken>SESSION-${key}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
      `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/CognitoAuditRole/cognito-audit</Arn><AssumedRoleId>AROAEXAMPLE:cognito-audit</AssumedRoleId></AssumedRoleUser>` +
      `</AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  });

  it("is sent, paced and counted like every call, and its credentials sign the audited account's calls", async () => {
    fake = await startFakeAws(({ operation }) => (operation === "AssumeRole" ? xml("222233334444", "ASIAMEMBER") : stsError("InvalidAction")));
    cognito = await startLoopback(() => ({ headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ UserPool: { Id: "eu-west-1_a" } }) }));
    const limits = new RateLimits();
    const role = assumeRoleProvider({ base: { region: "us-east-1", endpointUrl: fake.endpoint, limits, credentials: staticCredentials() }, roleArn: ROLE, externalId: "ext-1" });
    const client = createClient(CognitoIdentityProviderClient, "cognito-idp", { region: "eu-west-1", endpointUrl: cognito.endpoint, limits, credentials: role.credentials });
    await Promise.all([client.send(new DescribeUserPoolCommand({ UserPoolId: "eu-west-1_a" })), client.send(new DescribeUserPoolCommand({ UserPoolId: "eu-west-1_a" }))]);
    expect(await role.accountId()).toBe("222233334444");
    expect(fake.requests).toEqual([
      { operation: "AssumeRole", region: "us-east-1", body: { Action: "AssumeRole", Version: "2011-06-15", RoleArn: ROLE, RoleSessionName: "cognito-audit", ExternalId: "ext-1" } },
    ]);
    for (const request of cognito.requests) {
      expect(request.headers.authorization).toContain("Credential=ASIAMEMBER/");
      expect(request.headers["x-amz-security-token"]).toBe("SESSION-ASIAMEMBER");
    }
    // One AssumeRole and two DescribeUserPool, all through the shared stats.
    expect(limits.stats.calls).toBe(3);
  });

  it("reports STS's refusal as an AssumeRoleError naming the role", async () => {
    fake = await startFakeAws(() => stsError("AccessDenied", "User is not authorized to perform: sts:AssumeRole"));
    const role = assumeRoleProvider({ base: { region: "us-east-1", endpointUrl: fake.endpoint, limits: new RateLimits(), credentials: staticCredentials() }, roleArn: ROLE });
    const error = await role.accountId().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AssumeRoleError", roleArn: ROLE, code: "AccessDenied" });
    expect(assumeFailure(error).message).toContain(`could not assume the role ${ROLE}: User is not authorized to perform: sts:AssumeRole.`);
    expect(fake.requests).toHaveLength(1);
  });
});
