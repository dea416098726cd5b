// The same behaviour findings from LookupEvents (mocked, several pages, a throttle), from log files
// on disk, and from a snapshot written by collect.
import { CloudTrailClient, CloudTrailServiceException, DescribeTrailsCommand, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import {
  CognitoIdentityProviderClient,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetLogDeliveryConfigurationCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { GetWebACLForResourceCommand, WAFV2Client } from "@aws-sdk/client-wafv2";
import { mockClient } from "aws-sdk-client-mock";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { run } from "../../src/cli/main.js";
import type { CommandIo } from "../../src/commands/io.js";
import type { Report } from "../../src/report/model.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { apiEvent, series } from "../helpers/events.js";
import { ACCOUNT, appClient, userPool } from "../helpers/factories.js";
import { checkIfReport } from "../helpers/reportSchema.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const POOL = userPool({ Id: "eu-west-1_Agree0001", Name: "agree" });
const CLIENT = appClient({ ClientId: "agreeclient0001", UserPoolId: POOL.Id });
const ADMIN = `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/mallory`;

/** A quiet day with planted attacks: brute force, spraying, enumeration, an admin reset, MFA switched off. */
function plantedEvents(): CloudTrailRecord[] {
  const c = { clientId: CLIENT.ClientId };
  return [
    ...series(200, "2026-11-25T08:00:00Z", 60_000, (i, time) => apiEvent("InitiateAuth", { ...c, time, sub: `user-${i % 150}`, sourceIp: `192.0.2.${i % 200}` })),
    ...series(15, "2026-11-25T10:00:00Z", 20_000, (_i, time) => apiEvent("InitiateAuth", { ...c, time, sub: "victim-1", sourceIp: "203.0.113.66", errorCode: "NotAuthorizedException" })),
    ...series(12, "2026-11-25T11:00:00Z", 60_000, (i, time) => apiEvent("InitiateAuth", { ...c, time, sub: `sprayed-${i}`, sourceIp: "203.0.113.77", errorCode: "NotAuthorizedException" })),
    ...series(15, "2026-11-25T12:00:00Z", 30_000, (_i, time) => apiEvent("InitiateAuth", { ...c, time, sourceIp: "203.0.113.88", errorCode: "UserNotFoundException" })),
    apiEvent("AdminSetUserPassword", { time: "2026-11-25T13:00:00Z", poolId: POOL.Id, principal: ADMIN, sub: "victim-2", request: { username: "HIDDEN_DUE_TO_SECURITY_REASONS", permanent: true } }),
    apiEvent("UpdateUserPool", { time: "2026-11-25T14:00:00Z", poolId: POOL.Id, principal: ADMIN, request: { mfaConfiguration: "OFF" } }),
  ];
}

const mocks = {
  cognito: mockClient(CognitoIdentityProviderClient),
  cloudTrail: mockClient(CloudTrailClient),
  sts: mockClient(STSClient),
  waf: mockClient(WAFV2Client),
  identity: mockClient(CognitoIdentityClient),
};

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-agree-"));
  const { cognito, sts, waf, identity } = mocks;
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
  cognito.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL.Id, Name: POOL.Name }] });
  cognito.on(DescribeUserPoolCommand).resolves({ UserPool: POOL as never });
  cognito.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } });
  cognito.on(DescribeRiskConfigurationCommand).resolves({ RiskConfiguration: {} });
  cognito.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [{ ClientId: CLIENT.ClientId, UserPoolId: POOL.Id }] });
  cognito.on(DescribeUserPoolClientCommand).resolves({ UserPoolClient: CLIENT as never });
  for (const command of [ListIdentityProvidersCommand, ListResourceServersCommand, ListGroupsCommand]) cognito.on(command as never).resolves({});
  cognito.on(GetLogDeliveryConfigurationCommand).resolves({});
  waf.on(GetWebACLForResourceCommand).resolves({});
  identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [] });

  // The same events as CloudTrail delivers them to S3: several files, out of order, one re-delivered.
  const day = join(dir, "logs", "AWSLogs", ACCOUNT, "CloudTrail", "eu-west-1", "2026", "11", "25");
  await mkdir(day, { recursive: true });
  const shuffled = plantedEvents().sort((a, b) => String(a.eventID).localeCompare(String(b.eventID)));
  for (let i = 0; i < shuffled.length; i += 60) {
    const records = shuffled.slice(i, i + 60);
    if (i > 0) records.push(shuffled[i - 1]!);
    await writeFile(join(day, `${ACCOUNT}_CloudTrail_eu-west-1_20261125T${String(i).padStart(4, "0")}Z_x.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
});
afterAll(() => Object.values(mocks).forEach((m) => m.restore()));

/** CloudTrail for one live run: no trails; LookupEvents (cognito-idp) newest first, 50 a page, one throttle in the middle. */
function serveCloudTrail(): void {
  const { cloudTrail } = mocks;
  cloudTrail.reset();
  cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  const events = plantedEvents().sort((a, b) => String(b.eventTime).localeCompare(String(a.eventTime)));
  const pages = Array.from({ length: Math.ceil(events.length / 50) }, (_, i) => events.slice(i * 50, i * 50 + 50));
  // The planted attacks are user pool events; the identity pool lookup finds none in the window.
  cloudTrail.on(LookupEventsCommand).resolves({ Events: [] });
  let lookup = cloudTrail.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "cognito-idp.amazonaws.com" }] });
  pages.forEach((records, i) => {
    const reply = { Events: records.map((r) => ({ EventId: String(r.eventID), CloudTrailEvent: JSON.stringify(r) })), NextToken: i + 1 < pages.length ? `p${i + 1}` : undefined };
    if (i === 2) lookup = lookup.rejectsOnce(new CloudTrailServiceException({ name: "ThrottlingException", message: "Rate exceeded", $fault: "client", $metadata: {} }));
    lookup = lookup.resolvesOnce(reply);
  });
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd: dir, now: () => NOW };
  const code = await run(["node", "cognito-audit", ...args], io);
  checkIfReport(stdout);
  return { code, stdout, stderr };
}

const behaviourIds = new Set(RULES.filter((r) => r.kind === "event").map((r) => r.id));
const behaviourFailures = (stdout: string) =>
  (JSON.parse(stdout) as Report).findings
    .filter((f) => behaviourIds.has(f.ruleId) && f.status === "fail")
    .map((f) => `${f.ruleId} ${f.resource.arn}`)
    .sort();

it("finds the same attacks through LookupEvents, log files and a collected snapshot", async () => {
  serveCloudTrail();
  const live = await cli(["scan", "--region", "eu-west-1", "--format", "json", "--since", "7d"]);
  const snapshotFile = join(dir, "snapshot.json");
  serveCloudTrail();
  expect((await cli(["collect", "--region", "eu-west-1", "--since", "7d", "--output", snapshotFile])).code).toBe(0);
  const collected = JSON.parse(await readFile(snapshotFile, "utf8")) as Snapshot;
  const region = collected.accounts[0]!.regions[0]!;
  expect(region.cloudTrailEvents?.eventSources).toEqual(["cognito-idp.amazonaws.com", "cognito-identity.amazonaws.com"]);
  expect(region.errors.filter((e) => e.operation === "LookupEvents")).toEqual([]);
  const fromSnapshot = await cli(["scan", "--snapshot", snapshotFile, "--format", "json"]);
  const fromFiles = await cli(["scan", "--snapshot", snapshotFile, "--cloudtrail", join(dir, "logs"), "--format", "json"]);

  const expected = behaviourFailures(live.stdout);
  const expectedIds = ["brute-force", "password-spraying", "user-enumeration", "privileged-admin-action", "security-config-change"].filter((id) => behaviourIds.has(id));
  expect(expected.map((k) => k.split(" ")[0]).filter((id) => id !== "unused-client")).toEqual(expect.arrayContaining(expectedIds));
  expect(expectedIds.length).toBeGreaterThan(0);
  expect(behaviourFailures(fromSnapshot.stdout)).toEqual(expected);
  expect(behaviourFailures(fromFiles.stdout)).toEqual(expected);

  const activity = (JSON.parse(live.stdout) as Report).activity;
  expect(activity).toMatchObject({ available: true, source: "lookup", events: plantedEvents().length });
  expect((JSON.parse(fromFiles.stdout) as Report).activity).toMatchObject({ available: true, events: plantedEvents().length });
}, 60_000);
