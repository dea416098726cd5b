// The built CLI on snapshots and configurations that break the input contract: exit 2, one paragraph, no report.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { serializeSnapshot } from "../../src/snapshot/io.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { poolEntry, snapshotOf } from "../helpers/factories.js";

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

  it("a configuration with an alias bomb", async () => {
    const r = await runCli(["scan", "--snapshot", file("clean.json"), "--config", file("bomb.yml"), "--format", "json"]);
    expectInputError(r, "bomb.yml");
    expect(r.stderr).toMatch(/aliases \(\*name\) expand too far/);
  });
});
