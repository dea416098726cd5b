// The built CLI on a snapshot of several accounts: narrowed with --account/--region/--pool-id, and an
// unreachable account keeping the run at exit 3.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/model.js";
import { serializeSnapshot } from "../../src/snapshot/io.js";
import { runCli } from "../helpers/cli.js";
import { accountOf, estateOf, poolIn, regionOf, unreachableAccount } from "../helpers/estate.js";

const A = "111111111111";
const B = "222222222222";
const C = "333333333333";
let dir = "";
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-accounts-cli-"));
  const org = estateOf([
    accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1", { id: "eu-west-1_A1", weak: true }), poolIn(A, "eu-west-1", { id: "eu-west-1_A2" })]), regionOf("us-east-1", [poolIn(A, "us-east-1", { id: "us-east-1_A3" })])], { name: "prod" }),
    accountOf(B, [regionOf("eu-west-1", [poolIn(B, "eu-west-1", { id: "eu-west-1_B1" })])], { name: "staging" }),
    unreachableAccount(C, "sandbox", "not authorized to perform sts:AssumeRole"),
  ]);
  await writeFile(file("org.json"), serializeSnapshot(org));
});

const scan = async (...args: string[]) => {
  const r = await runCli(["scan", "--snapshot", file("org.json"), "--format", "json", "--cloudtrail", "none", "--fail-on", "critical", ...args]);
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as Report) : undefined };
};

describe("scan --snapshot of an organization", () => {
  it("reports every account with its score; the unreachable one keeps exit 3 even with --allow-incomplete", async () => {
    const r = await scan("--allow-incomplete");
    expect(r.code).toBe(3);
    expect(r.report!.accounts.map((a) => [a.accountId, a.pools, a.unreachable?.code])).toEqual([
      [A, 3, undefined],
      [B, 1, undefined],
      [C, 0, "AccessDenied"],
    ]);
    expect(r.report!.gate.unreachableAccounts.map((a) => a.accountId)).toEqual([C]);
  });

  it("--account keeps those accounts only: the reachable ones alone pass", async () => {
    const r = await scan("--account", `${A},${B}`, "--allow-incomplete");
    expect(r.code).toBe(0);
    expect(r.report!.accounts.map((a) => a.accountId)).toEqual([A, B]);
    expect(r.report!.gate.unreachableAccounts).toEqual([]);
    const repeated = await scan("--account", A, "--account", B, "--allow-incomplete");
    expect(repeated.report!.accounts).toEqual(r.report!.accounts);
  });

  it("--region and --pool-id narrow it too; what is not kept is not reported", async () => {
    const region = await scan("--account", A, "--region", "us-east-1", "--allow-incomplete");
    expect(region.code).toBe(0);
    expect(region.report!.pools.map((p) => p.id)).toEqual(["us-east-1_A3"]);
    expect(region.report!.accounts).toMatchObject([{ accountId: A, regions: ["us-east-1"], pools: 1 }]);
    expect(region.report!.findings.every((f) => f.resource.region === "us-east-1")).toBe(true);

    // `--region all` keeps every region, as it collects every region live.
    const all = await scan("--account", A, "--region", "all", "--allow-incomplete");
    expect(all.report!.accounts[0]!.regions).toEqual(["eu-west-1", "us-east-1"]);

    const pools = await scan("--pool-id", "eu-west-1_A1,eu-west-1_B1", "--account", A, "--account", B, "--allow-incomplete");
    expect(pools.report!.pools.map((p) => p.id).sort()).toEqual(["eu-west-1_A1", "eu-west-1_B1"]);
    expect(pools.report!.accounts.map((a) => [a.accountId, a.regions, a.pools])).toEqual([
      [A, ["eu-west-1"], 1],
      [B, ["eu-west-1"], 1],
    ]);
  });

  it("the table groups pools under each account and says which account was not reached", async () => {
    const r = await runCli(["scan", "--snapshot", file("org.json"), "--format", "table", "--cloudtrail", "none"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^Account ${A} \\(prod\\) — score `, "m"));
    expect(r.stdout).toMatch(new RegExp(`^Account ${C} \\(sandbox\\) — not reached: AssumeRole failed with AccessDenied`, "m"));
    expect(r.stdout).toContain(`Not audited: account ${C} (sandbox) could not be reached`);
  });
});
