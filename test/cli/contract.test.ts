// The built CLI on snapshots and configurations that break the input contract: exit 2, one paragraph, no report.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { serializeSnapshot } from "../../src/snapshot/io.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { poolEntry, snapshotOf } from "../helpers/factories.js";
import { accountOf, estateOf, poolIn, regionOf, unreachableAccount } from "../helpers/estate.js";

let dir = "";
const file = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-contract-cli-"));
  const pools = [poolEntry(), poolEntry(), poolEntry(), poolEntry()];
  pools[3] = { ...pools[3]!, userPool: { ...pools[1]!.userPool } };
  await writeFile(file("duplicate.json"), serializeSnapshot(snapshotOf(pools)));
  await writeFile(file("clean.json"), serializeSnapshot(snapshotOf([poolEntry()])));
  const deep = 100_000;
  await writeFile(file("deep.json"), serializeSnapshot(snapshotOf([poolEntry()])).replace('"LambdaConfig": {}', `"LambdaConfig": ${'{"a":'.repeat(deep)}1${"}".repeat(deep)}`));
  const org = estateOf([
    accountOf("111111111111", [regionOf("eu-west-1", [poolIn("111111111111", "eu-west-1", { id: "eu-west-1_Org1" })])]),
    accountOf("222222222222", [regionOf("us-east-1", [poolIn("222222222222", "us-east-1", { id: "us-east-1_Org2" })])]),
  ]);
  await writeFile(file("org.json"), serializeSnapshot(org));
  await writeFile(file("unreachable.json"), serializeSnapshot(estateOf([unreachableAccount("111111111111", "prod", "denied"), unreachableAccount("222222222222")])));
  const levels = ["a", "b", "c", "d", "e", "f", "g", "h"];
  const bomb = [`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`, ...levels.slice(1).map((l, i) => `${l}: &${l} [${Array(9).fill(`*${levels[i]}`).join(",")}]`)];
  await writeFile(file("bomb.yml"), `${bomb.join("\n")}\n`);
});

/** One paragraph on stderr naming the file, nothing on stdout, no stack trace. */
function expectInputError(r: CliResult, name: string): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.startsWith(`cognito-audit: ${file(name)}: `)).toBe(true);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.(js|ts):\d+|RangeError|call stack|unexpected error/);
}

describe("the built CLI refuses contract-breaking input with exit 2", () => {
  it("a snapshot with one user pool twice names both places", async () => {
    const r = await runCli(["scan", "--snapshot", file("duplicate.json"), "--format", "json"]);
    expectInputError(r, "duplicate.json");
    expect(r.stderr).toMatch(/duplicate user pool ARN arn:aws:cognito-idp:\S+ at \$\.accounts\[0\]\.regions\[0\]\.userPools\[1\] and \$\.accounts\[0\]\.regions\[0\]\.userPools\[3\]/);
  });

  it("a snapshot nested 100k deep gets the nesting error, not a stack overflow", async () => {
    const r = await runCli(["scan", "--snapshot", file("deep.json"), "--format", "json"]);
    expectInputError(r, "deep.json");
    expect(r.stderr).toMatch(/nested deeper than \d+ levels at \$\.accounts\[0\]/);
  });

  it("a snapshot in which no account could be reached names the causes", async () => {
    const r = await runCli(["scan", "--snapshot", file("unreachable.json"), "--format", "json", "--allow-incomplete"]);
    expectInputError(r, "unreachable.json");
    expect(r.stderr).toContain("no account could be reached (111111111111: AssumeRole failed with AccessDenied (denied); 222222222222: AssumeRole failed with AccessDenied");
  });

  it("a narrowing flag that matches nothing names the flag and what the snapshot holds", async () => {
    for (const [args, expected] of [
      [["--account", "111111111112"], `--account "111111111112": no account of the snapshot ${file("org.json")} matches; it holds accounts 111111111111, 222222222222 (did you mean 111111111111?)`],
      [["--region", "eu-west-1", "--region", "eu-wst-2"], `--region "eu-wst-2": no region of the snapshot ${file("org.json")} matches; it holds regions eu-west-1, us-east-1 (did you mean eu-west-1?)`],
      [["--account", "222222222222", "--pool-id", "eu-west-1_Org1"], `--pool-id "eu-west-1_Org1": no user pool of the snapshot ${file("org.json")} matches; it holds user pools us-east-1_Org2`],
    ] as const) {
      const r = await runCli(["scan", "--snapshot", file("org.json"), "--format", "json", ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.startsWith(`cognito-audit: ${expected}`), r.stderr).toBe(true);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("--account without --snapshot, and --snapshot with a flag that only a live scan has", async () => {
    const alone = await runCli(["scan", "--account", "111111111111", "--format", "json"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--account 111111111111: --account narrows a saved snapshot and needs --snapshot FILE/);
    const live = await runCli(["scan", "--snapshot", file("org.json"), "--profile", "p", "--format", "json"]);
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(/cannot be combined with --profile/);
  });

  it("a configuration with an alias bomb", async () => {
    const r = await runCli(["scan", "--snapshot", file("clean.json"), "--config", file("bomb.yml"), "--format", "json"]);
    expectInputError(r, "bomb.yml");
    expect(r.stderr).toMatch(/aliases \(\*name\) expand too far/);
  });
});
