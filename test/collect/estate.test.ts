// Collecting an organization through the CLI, as a security engineer would: every account (one
// reached with the caller's own credentials, others through the audit role, one whose role cannot be
// assumed) in several regions, from the fake AWS endpoint on loopback.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAws, type FakeAws, type FakeAwsOptions } from "../../bench/fake-aws/server.js";
import { loadSnapshot } from "../../src/snapshot/io.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { runCli } from "../helpers/cli.js";

const MANAGEMENT = "111111111111";
const MEMBER = "222222222222";
const DENIED = "333333333333";
const REGIONS = ["eu-west-1", "us-east-1"];
const ROLE = "CognitoAuditRole";
const ORGANIZATION: FakeAwsOptions = { accounts: [MANAGEMENT, MEMBER, DENIED], regions: REGIONS, deniedAccounts: [DENIED], pools: 3, clientsPerPool: 2, seed: 5, roleName: ROLE, quotas: true };
const credentials = { AWS_ACCESS_KEY_ID: "AKIATESTCALLER", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "eu-west-1" };

let fake: FakeAws;
let dir: string;
beforeAll(async () => {
  fake = await startFakeAws(ORGANIZATION);
  dir = await mkdtemp(join(tmpdir(), "ca-estate-"));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const live = (...more: string[]) => ["--endpoint-url", fake.endpoint, "--accounts", "all", "--role-name", ROLE, "--region", REGIONS.join(","), "--cloudtrail", "none", ...more];
const poolIds = (snapshot: Snapshot, accountId: string, region: string) =>
  snapshot.accounts.find((a) => a.accountId === accountId)?.regions.find((r) => r.region === region)?.userPools.map((p) => p.userPool.Id);

describe("an organization, collected", () => {
  let snapshot: Snapshot;
  let collected: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    collected = await runCli(["collect", ...live("--output", join(dir, "estate.json"))], credentials);
    snapshot = await loadSnapshot(join(dir, "estate.json"));
  });

  it("holds every reachable account and region in one snapshot, each pool of each estate once, in order", () => {
    expect(collected.code, collected.stderr).toBe(0);
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual([MANAGEMENT, MEMBER, DENIED]);
    for (const account of [MANAGEMENT, MEMBER]) {
      for (const region of REGIONS) {
        const expected = fake.estates[account]![region]!.pools.map((p) => p.id).sort();
        expect(poolIds(snapshot, account, region), `${account} ${region}`).toEqual(expected);
      }
    }
    // The member's pools were read with the member's credentials: their ARNs name the member.
    const member = snapshot.accounts[1]!;
    expect(member.regions.flatMap((r) => r.userPools).every((p) => p.userPool.Arn?.includes(`:${MEMBER}:`))).toBe(true);
    expect(member.name).toBeTruthy();
  });

  it("records the account whose role could not be assumed, with the cause, and collects the others", () => {
    const denied = snapshot.accounts[2]!;
    expect(denied.regions).toEqual([]);
    expect(denied.errors).toHaveLength(1);
    expect(denied.errors![0]).toMatchObject({ operation: "AssumeRole", code: "AccessDenied" });
    expect(denied.errors![0]!.message).toContain(`arn:aws:iam::${DENIED}:role/${ROLE}`);
    expect(collected.stderr).toContain(`account ${DENIED}: AssumeRole failed with AccessDenied`);
  });

  it("reached the member through AssumeRole once and stayed within every quota", () => {
    expect(fake.stats.byOperation["sts:AssumeRole"]).toBe(2);
    expect(fake.stats.byOperation["organizations:ListAccounts"]).toBe(1);
    expect(fake.stats.quotaThrottles).toEqual({});
  });

  it("writes the file compact, one pool per line, and leaves no spool behind", async () => {
    const text = await readFile(join(dir, "estate.json"), "utf8");
    const poolLines = text.split("\n").filter((line) => line.trimStart().startsWith('{"userPool":'));
    expect(poolLines).toHaveLength(12);
    expect((await readdir(dir)).filter((f) => f !== "estate.json")).toEqual([]);
  });

  it("scans the saved estate per account, and narrows it to one account", async () => {
    const file = join(dir, "estate.json");
    const all = await runCli(["scan", "--snapshot", file, "--format", "json", "--fail-on", "none"]);
    // An account that was never seen keeps the gate incomplete, whatever the flags.
    expect(all.code).toBe(3);
    const report = JSON.parse(all.stdout) as { accounts: { accountId: string; pools: number; unreachable?: { code: string } }[]; gate: { unreachableAccounts: { accountId: string }[] } };
    expect(report.accounts.map((a) => [a.accountId, a.pools, a.unreachable?.code])).toEqual([
      [MANAGEMENT, 6, undefined],
      [MEMBER, 6, undefined],
      [DENIED, 0, "AccessDenied"],
    ]);
    expect(report.gate.unreachableAccounts.map((a) => a.accountId)).toEqual([DENIED]);
    const one = await runCli(["scan", "--snapshot", file, "--account", MEMBER, "--region", "us-east-1", "--format", "json", "--fail-on", "none", "--allow-incomplete"]);
    expect(one.code, one.stderr).toBe(0);
    const narrowed = JSON.parse(one.stdout) as { accounts: { accountId: string; regions: string[]; pools: number }[] };
    expect(narrowed.accounts).toEqual([expect.objectContaining({ accountId: MEMBER, regions: ["us-east-1"], pools: 3 })]);
  });
});

describe("choosing accounts and regions", () => {
  it("scans named accounts; the caller's own is read with its own credentials", async () => {
    const before = fake.stats.byOperation["sts:AssumeRole"] ?? 0;
    const result = await runCli(["scan", "--endpoint-url", fake.endpoint, "--accounts", `${MANAGEMENT},${MEMBER}`, "--role-name", ROLE, "--region", "eu-west-1", "--cloudtrail", "none", "--format", "json", "--fail-on", "none", "--allow-incomplete"], credentials);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { accounts: { accountId: string; pools: number }[] };
    expect(report.accounts.map((a) => [a.accountId, a.pools])).toEqual([
      [MANAGEMENT, 3],
      [MEMBER, 3],
    ]);
    expect((fake.stats.byOperation["sts:AssumeRole"] ?? 0) - before).toBe(1);
  });

  it("scans every enabled region with --region all (account:ListRegions), and only those", async () => {
    const result = await runCli(["collect", "--endpoint-url", fake.endpoint, "--accounts", MEMBER, "--role-name", ROLE, "--region", "all", "--cloudtrail", "none", "--output", join(dir, "all.json")], credentials);
    expect(result.code, result.stderr).toBe(0);
    const snapshot = await loadSnapshot(join(dir, "all.json"));
    expect(snapshot.accounts.map((a) => [a.accountId, a.regions.map((r) => r.region)])).toEqual([[MEMBER, REGIONS.slice().sort()]]);
  });

  it("refuses an account when every role assumption fails: exit 2, nothing written", async () => {
    const result = await runCli(["collect", "--endpoint-url", fake.endpoint, "--accounts", DENIED, "--role-name", ROLE, "--region", "eu-west-1", "--cloudtrail", "none", "--output", join(dir, "none.json")], credentials);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no account could be reached");
    expect(result.stdout).toBe("");
    await expect(readFile(join(dir, "none.json"))).rejects.toThrow();
  });

  it("checks the flags before any call", async () => {
    const calls = fake.stats.requests;
    const cases: [string[], RegExp][] = [
      [["--accounts", "12345", "--role-name", ROLE], /--accounts/],
      [["--accounts", MEMBER], /--role-name NAME is required/],
      [["--role-name", ROLE], /only apply with --accounts/],
      [["--accounts", MEMBER, "--role-name", "bad name!"], /role/i],
      [["--region", "all,eu-west-1", "--accounts", MEMBER, "--role-name", ROLE], /--region all/],
    ];
    for (const [flags, message] of cases) {
      const result = await runCli(["scan", "--endpoint-url", fake.endpoint, "--region", "eu-west-1", ...flags], credentials);
      expect(result.code, flags.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    // Only the preflight's identity check may have been sent.
    expect(fake.stats.requests - calls).toBeLessThanOrEqual(cases.length);
    const withSnapshot = await runCli(["scan", "--snapshot", join(dir, "estate.json"), "--accounts", "all"]);
    expect(withSnapshot.code).toBe(2);
    expect(withSnapshot.stderr).toContain("--accounts");
  });
});
