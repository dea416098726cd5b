// --cloudtrail PATH through the built CLI: a path the scan cannot read events from ends in exit 2
// with one paragraph and nothing on stdout, never in a passing scan; a bucket root works.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
import type { Report } from "../../src/report/model.js";
import { runCli } from "../helpers/cli.js";
import { apiEvent } from "../helpers/events.js";
import { getCredentialsForIdentity, identityPoolChange } from "../helpers/documentedEvents.js";

const SNAPSHOT = join(PACKAGE_ROOT, "fixtures", "snapshots", "demo.json");
const ACCOUNT = "123456789012";
const scan = (path: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) => runCli(["scan", "--snapshot", SNAPSHOT, "--cloudtrail", path, "--format", "json", ...extra], env);
const root = () => mkdtemp(join(tmpdir(), "ca-cli-ct-"));

/** Exit 2, one paragraph on stderr, nothing on stdout. */
function expectInputError(r: { code: number; stdout: string; stderr: string }, text: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(text);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

async function bucket(dir: string, { logs, digests }: { logs: boolean; digests: number }) {
  const day = join(dir, "AWSLogs", ACCOUNT, "CloudTrail", "us-east-1", "2026", "11", "25");
  const digestDay = join(dir, "AWSLogs", ACCOUNT, "CloudTrail-Digest", "us-east-1", "2026", "11", "25");
  await mkdir(day, { recursive: true });
  await mkdir(digestDay, { recursive: true });
  if (logs) {
    const records = [apiEvent("SignUp", { time: "2026-11-25T10:00:00Z", clientId: "c1" }), apiEvent("ConfirmSignUp", { time: "2026-11-25T10:01:00Z", clientId: "c1" })];
    await writeFile(join(day, `${ACCOUNT}_CloudTrail_us-east-1_20261125T1000Z_a1b2c3.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
  for (let i = 0; i < digests; i++) {
    await writeFile(join(digestDay, `${ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20261125T10${i}0Z.json.gz`), gzipSync(JSON.stringify({ awsAccountId: ACCOUNT, logFiles: [] })));
  }
  return join(dir, "AWSLogs");
}

describe("scan --cloudtrail PATH without log files", () => {
  it("an empty directory: exit 2, and no report written", async () => {
    const dir = await root();
    const output = join(await root(), "report.json");
    expectInputError(await scan(dir, ["--output", output]), `no CloudTrail log files under ${dir} (nothing there at all)`);
    expect(existsSync(output)).toBe(false);
  });

  it("a directory of only symbolic links, broken or in a cycle", async () => {
    const dir = await root();
    await symlink(join(dir, "gone.json.gz"), join(dir, "a.json.gz"));
    await symlink(dir, join(dir, "again"));
    expectInputError(await scan(dir), "(skipped 1 broken symbolic link, 1 link to a directory already read (a cycle or a second link))");
  });

  it("files with other names", async () => {
    const dir = await root();
    await writeFile(join(dir, "events.txt"), JSON.stringify({ Records: [] }));
    await writeFile(join(dir, "events.json.zip"), "PK");
    expectInputError(await scan(dir), '(skipped 2 files not named .json or .json.gz ("events.json.zip", "events.txt"))');
  });

  it("a bucket root with digests only", async () => {
    expectInputError(await scan(await bucket(await root(), { logs: false, digests: 2 })), "(skipped 2 CloudTrail digest files)");
  });
});

describe("scan --cloudtrail PATH with log files", () => {
  it("reads a whole bucket root (AWSLogs/): log files analysed, digests skipped with a note", async () => {
    const path = await bucket(await root(), { logs: true, digests: 2 });
    const r = await scan(path);
    expect(r.code).not.toBe(2);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.activity).toMatchObject({ available: true });
    expect(JSON.stringify(report.activity)).toMatch(/"events":2\b/);
    expect(report.notes).toContain(`CloudTrail files under ${path} not read: 2 CloudTrail digest files.`);
  });

  it("follows a symbolic link cycle once and says so", async () => {
    const path = await bucket(await root(), { logs: true, digests: 0 });
    await symlink(path, join(path, ACCOUNT, "CloudTrail", "loop"));
    const r = await scan(path);
    expect(r.code).not.toBe(2);
    const report = JSON.parse(r.stdout) as Report;
    expect(JSON.stringify(report.activity)).toMatch(/"events":2\b/);
    expect(report.notes).toContain(`CloudTrail files under ${path} not read: 1 link to a directory already read (a cycle or a second link).`);
  });
});

describe("scan --cloudtrail PATH with a gzip bomb", () => {
  it("stops at the cap on one file's JSON with exit 2, naming the file and the cap", async () => {
    const dir = await root();
    const file = join(dir, `${ACCOUNT}_CloudTrail_us-east-1_20261125T1000Z_bomb.json.gz`);
    // 5 MB of gzip (320 members of 16 MiB of spaces each) that inflates to 5 GiB.
    const member = gzipSync(Buffer.alloc(16 * 2 ** 20, " "), { level: 9 });
    await writeFile(file, Buffer.concat([gzipSync('{"Records":['), ...Array.from({ length: 320 }, () => member)]));
    const started = Date.now();
    expectInputError(await scan(dir, [], { COGNITO_AUDIT_MAX_LOG_FILE_BYTES: String(8 * 2 ** 20) }), `${file}: inflates to more than 8 MiB of JSON, the cap on one CloudTrail log file`);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it("refuses a cap that is not a number of bytes", async () => {
    const dir = await bucket(await root(), { logs: true, digests: 0 });
    expectInputError(await scan(dir, [], { COGNITO_AUDIT_MAX_LOG_FILE_BYTES: "1GB" }), 'COGNITO_AUDIT_MAX_LOG_FILE_BYTES="1GB": expected a positive whole number of bytes.');
  });
});

describe("scan --cloudtrail PATH with identity pool events", () => {
  it("judges the snapshot's identity pools from cognito-identity records and keeps them out of the sign-in activity", async () => {
    const dir = await root();
    const ID = "us-east-1:2dg778b3-50b7-565c-0f56-34200EXAMPLE";
    const snapshot = JSON.parse(await readFile(SNAPSHOT, "utf8")) as { accounts: { regions: { identityPools?: unknown[] }[] }[] };
    snapshot.accounts[0]!.regions[0]!.identityPools = [{ IdentityPoolId: ID, IdentityPoolName: "guests", AllowUnauthenticatedIdentities: true, AllowClassicFlow: false }];
    const snapshotPath = join(dir, "snapshot.json");
    await writeFile(snapshotPath, JSON.stringify(snapshot));
    const logs = join(dir, "logs");
    await mkdir(logs);
    const records = [
      getCredentialsForIdentity({ time: "2026-11-25T10:00:00Z", identityPoolId: ID, sourceIp: "203.0.113.9" }),
      identityPoolChange("SetIdentityPoolRoles", { time: "2026-11-25T09:00:00Z", identityPoolId: ID, request: { roles: { unauthenticated: "arn:aws:iam::123456789012:role/guest" } } }),
    ];
    await writeFile(join(logs, "identity.json"), JSON.stringify({ Records: records }));
    const r = await runCli(["scan", "--snapshot", snapshotPath, "--cloudtrail", logs, "--format", "json"]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(r.stdout) as Report;
    const finding = (ruleId: string) => report.findings.find((f) => f.ruleId === ruleId && f.resource.arn.endsWith(`identitypool/${ID}`));
    expect(finding("identity-pool-guest-credentials")).toMatchObject({ status: "fail", severity: "medium", evidence: { guestGrants: 1, sourceIps: [{ ip: "203.0.113.9", count: 1 }] } });
    expect(finding("identity-pool-config-change")).toMatchObject({ status: "fail", severity: "high" });
    expect(JSON.stringify(report.activity)).toMatch(/"events":0\b/);
  });
});
