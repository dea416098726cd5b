// Fail closed, end to end: the built CLI in a clean environment (only PATH, an empty HOME, NO_COLOR)
// exits 2 within seconds, with the cause, whenever it cannot see: no credentials, an endpoint that never
// answers, a region that does not exist, credentials that are refused, nothing listed.
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/model.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { awsErrorBody, startFakeAws, stsError, stsIdentity, type FakeAws, type FakeHandler } from "../helpers/fakeAws.js";

let home = "";
let fake: FakeAws | undefined;
const keys = { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "example-secret" };
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "ca-home-"));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** The CLI with nothing from this machine: PATH, an empty HOME (no ~/.aws), NO_COLOR, and `env`. */
async function clean(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult & { seconds: number }> {
  const started = Date.now();
  const result = await runCli(args, { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", ...env });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

const fakeWith = async (handler: FakeHandler) => (fake = await startFakeAws(handler));
const pool = (id: string, region = "eu-west-1") => ({ UserPool: { Id: id, Name: id, Arn: `arn:aws:cognito-idp:${region}:111122223333:userpool/${id}` } });
const ARN = "arn:aws:iam::111122223333:user/auditor";

/** The blind-run contract: exit 2 in bounded time, one paragraph naming the cause, nothing on stdout. */
function expectRefused(r: CliResult & { seconds: number }, cause: RegExp) {
  expect(r.stderr).toMatch(cause);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.seconds).toBeLessThan(60);
  expect(r.stderr).not.toMatch(/\bat .*\.(js|ts):\d+/);
  expect(r.stderr).not.toContain(keys.AWS_SECRET_ACCESS_KEY);
}

describe.each([{ extra: [] as string[] }, { extra: ["--allow-incomplete"] }])("exit 2 when the scan cannot see (flags: $extra)", ({ extra }) => {
  it("no credentials at all", async () => {
    // Only the instance metadata lookup is switched off: on a CI machine in EC2 it would find the runner's role.
    const r = await clean(["scan", "--region", "eu-west-1", ...extra], { AWS_EC2_METADATA_DISABLED: "true" });
    expectRefused(r, /no usable AWS credentials[\s\S]*--profile[\s\S]*aws sso login/);
  });

  it("an endpoint that accepts the connection and never answers", async () => {
    await fakeWith(() => ({ hang: true }));
    const r = await clean(["scan", "--endpoint-url", fake!.endpoint, "--region", "eu-west-1", ...extra], keys);
    expectRefused(r, new RegExp(`the STS endpoint ${fake!.endpoint} did not answer within 10 s[\\s\\S]*--region eu-west-1`));
    expect(fake!.requests.length).toBeLessThanOrEqual(2);
  });

  it("an endpoint that refuses the connection", async () => {
    const r = await clean(["scan", "--endpoint-url", "http://127.0.0.1:9", "--region", "eu-west-1", ...extra], keys);
    expectRefused(r, /the STS endpoint http:\/\/127\.0\.0\.1:9 could not be reached \(connect ECONNREFUSED 127\.0\.0\.1:9\)\. Check the network/);
  });

  it("a region that does not exist, before any request", async () => {
    await fakeWith(() => ({ body: {} }));
    const r = await clean(["scan", "--endpoint-url", fake!.endpoint, "--region", "eu-westt-1", ...extra], keys);
    expectRefused(r, /--region: "eu-westt-1" is not a region[\s\S]*Did you mean eu-west-1\?/);
    expect(fake!.requests).toEqual([]);
  });

  it("an endpoint that denies everything", async () => {
    await fakeWith(({ operation }) =>
      operation === "GetCallerIdentity" ? stsError("AccessDenied", "User is not authorized to perform: sts:GetCallerIdentity") : { status: 400, body: awsErrorBody("AccessDeniedException") },
    );
    const r = await clean(["scan", "--endpoint-url", fake!.endpoint, "--region", "eu-west-1", ...extra], keys);
    expectRefused(r, /the credentials were rejected: sts:GetCallerIdentity at .* answered AccessDenied[\s\S]*aws sso login/);
    expect(fake!.requests.map((q) => q.operation)).toEqual(["GetCallerIdentity"]);
  });

  it("expired credentials", async () => {
    await fakeWith(() => stsError("ExpiredToken", "The security token included in the request is expired"));
    const r = await clean(["collect", "--endpoint-url", fake!.endpoint, "--region", "eu-west-1", "--output", join(home, "never.json")], keys);
    expectRefused(r, /answered ExpiredToken/);
    expect(existsSync(join(home, "never.json"))).toBe(false);
  });

  it("an endpoint without STS whose ListUserPools is denied in every region", async () => {
    await fakeWith(({ operation }) =>
      operation === "GetCallerIdentity" ? { status: 404, body: "not found" } : { status: 400, body: awsErrorBody("AccessDeniedException", "not authorized to perform: cognito-idp:ListUserPools") },
    );
    const out = join(home, "blind.json");
    const r = await clean(["scan", "--endpoint-url", fake!.endpoint, "--region", "eu-west-1,us-east-1", "--output", out, ...extra], keys);
    expectRefused(r, /does not implement STS \(GetCallerIdentity answered HTTP 404, not an STS answer\)[\s\S]*ListUserPools failed in every region \(eu-west-1: ListUserPools failed with AccessDeniedException/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("what the preflight and the listing let through", () => {
  it("names the account before collecting and scans a region given twice once", async () => {
    await fakeWith(({ operation }) => {
      if (operation === "GetCallerIdentity") return stsIdentity(ARN, "111122223333");
      if (operation === "ListUserPools") return { body: { UserPools: [{ Id: "eu-west-1_A" }] } };
      if (operation === "DescribeUserPool") return { body: pool("eu-west-1_A") };
      return { status: 400, body: awsErrorBody("AccessDeniedException") };
    });
    const r = await clean(["scan", "--endpoint-url", fake!.endpoint, "--region", "eu-west-1", "--region", "eu-west-1", "--fail-on", "none"], keys);
    expect(r.stderr.split("\n")[0]).toBe(`cognito-audit: account 111122223333 (${ARN}), regions eu-west-1`);
    expect(fake!.requests.filter((q) => q.operation === "ListUserPools")).toHaveLength(1);
    expect(r.code).toBe(3);
    expect((JSON.parse(r.stdout) as Report).pools.map((p) => p.id)).toEqual(["eu-west-1_A"]);
  });

  it("keeps a run whose listing failed in one region incomplete, even with --allow-incomplete", async () => {
    // Regions are listed at once: the fake tells them apart by the region each request is signed for.
    await fakeWith(({ operation, region }) => {
      if (operation === "GetCallerIdentity") return stsIdentity(ARN, "111122223333");
      if (operation === "ListUserPools") return region === "eu-west-1" ? { body: { UserPools: [{ Id: "eu-west-1_A" }] } } : { status: 400, body: awsErrorBody("AccessDeniedException", "denied in us-east-1") };
      if (operation === "DescribeUserPool") return { body: pool("eu-west-1_A") };
      return { body: {} };
    });
    const r = await clean(["scan", "--endpoint-url", fake!.endpoint, "--region", "eu-west-1,us-east-1", "--fail-on", "none", "--allow-incomplete"], keys);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.gate).toMatchObject({ passed: true, incomplete: true, unlistedRegions: ["us-east-1"] });
    expect(r.stderr).toMatch(/the user pools of us-east-1 could not be listed/);
  });

  it("refuses a run that found no user pool at all, and writes no snapshot", async () => {
    await fakeWith(({ operation }) => (operation === "GetCallerIdentity" ? stsIdentity(ARN, "111122223333") : { body: { UserPools: [] } }));
    const out = join(home, "empty.json");
    const r = await clean(["collect", "--endpoint-url", fake!.endpoint, "--region", "eu-west-1", "--output", out], keys);
    expectRefused(r, /no user pools in eu-west-1: nothing was audited; check --region\/--profile/);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a --pool-id that does not exist, naming it and the region", async () => {
    await fakeWith(({ operation }) => (operation === "GetCallerIdentity" ? stsIdentity(ARN, "111122223333") : { status: 400, body: awsErrorBody("ResourceNotFoundException") }));
    const r = await clean(["scan", "--endpoint-url", fake!.endpoint, "--region", "eu-west-1", "--pool-id", "eu-west-1_Missing"], keys);
    expectRefused(r, /--pool-id "eu-west-1_Missing": no such user pool in eu-west-1/);
  });

  it("refuses a saved snapshot whose every region failed ListUserPools", async () => {
    const file = join(home, "saved-blind.json");
    const region = (name: string) => ({ region: name, userPools: [], errors: [{ operation: "ListUserPools", code: "AccessDeniedException", message: "denied" }] });
    await writeFile(file, JSON.stringify({ format: "cognito-audit/snapshot", version: 1, collectedAt: "2026-11-26T12:00:00.000Z", accounts: [{ accountId: "111122223333", partition: "aws", regions: [region("eu-west-1"), region("us-east-1")] }] }));
    const r = await clean(["scan", "--snapshot", file, "--allow-incomplete"]);
    expectRefused(r, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ListUserPools failed in every region`));
  });
});

describe("the source options the preflight depends on", () => {
  it("checks the region that comes from AWS_REGION too", async () => {
    const r = await clean(["scan", "--endpoint-url", "http://127.0.0.1:9"], { ...keys, AWS_REGION: "eu-westt-1" });
    expectRefused(r, /^cognito-audit: the region of AWS_REGION or the profile: "eu-westt-1" is not a region .* Did you mean eu-west-1\?/);
  });

  it("takes --timeout in seconds, live only", async () => {
    expectRefused(await clean(["scan", "--region", "eu-west-1", "--timeout", "0"]), /--timeout.*expected a number of seconds from 1 to 3600/);
    expectRefused(await clean(["scan", "--snapshot", join(home, "any.json"), "--timeout", "5"]), /cannot be combined with --timeout/);
  });

  it("spends at most --timeout on a call that hangs once the preflight has passed", async () => {
    await fakeWith(({ operation }) => {
      if (operation === "GetCallerIdentity") return stsIdentity(ARN, "111122223333");
      if (operation === "ListUserPools") return { body: { UserPools: [{ Id: "eu-west-1_A" }] } };
      if (operation === "DescribeUserPool") return { body: pool("eu-west-1_A") };
      return { hang: true };
    });
    const r = await clean(["scan", "--endpoint-url", fake!.endpoint, "--region", "eu-west-1", "--timeout", "1", "--cloudtrail", "none", "--fail-on", "none"], keys);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.errors.map((e) => e.code)).toContain("CallTimeoutError");
    expect(r.seconds).toBeLessThan(60);
  });
});
