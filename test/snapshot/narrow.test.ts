import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { narrowSnapshot } from "../../src/snapshot/narrow.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { identityPool, trail } from "../helpers/factories.js";
import { accountOf, estateOf, poolIn, regionOf, unreachableAccount } from "../helpers/estate.js";

const A = "111111111111";
const B = "222222222222";
const C = "333333333333";
const FILE = "org.json";

const estate = (): Snapshot =>
  estateOf([
    accountOf(A, [
      regionOf("eu-west-1", [poolIn(A, "eu-west-1", { id: "eu-west-1_A1" }), poolIn(A, "eu-west-1", { id: "eu-west-1_A2" })], {
        identityPools: [identityPool()],
        trails: [trail({ Name: "a-trail" })],
        cloudTrailEvents: { source: "lookup", start: "2026-11-20T00:00:00Z", end: "2026-11-26T00:00:00Z", truncated: false, events: [{ eventName: "InitiateAuth" }] },
        errors: [{ operation: "DescribeUserPool", code: "AccessDeniedException", message: "no", resource: "eu-west-1_A3" }],
      }),
      regionOf("us-east-1", [poolIn(A, "us-east-1", { id: "us-east-1_A4" })]),
    ]),
    accountOf(B, [regionOf("eu-west-1", [poolIn(B, "eu-west-1", { id: "eu-west-1_B1" })])]),
    unreachableAccount(C),
  ]);

const shape = (s: Snapshot) => s.accounts.map((a) => [a.accountId, a.regions.map((r) => [r.region, r.userPools.map((p) => p.userPool.Id)])]);
const refusal = (filter: Parameters<typeof narrowSnapshot>[1]) => {
  try {
    narrowSnapshot(estate(), filter, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("expected an InputError");
};

describe("narrowSnapshot", () => {
  it("keeps everything without a filter (or with empty lists), as the same object", () => {
    const snapshot = estate();
    expect(narrowSnapshot(snapshot, {}, FILE)).toBe(snapshot);
    expect(narrowSnapshot(snapshot, { accounts: [], regions: [], poolIds: [] }, FILE)).toBe(snapshot);
  });

  it("--account keeps the named accounts only, the unreachable one included when named", () => {
    expect(shape(narrowSnapshot(estate(), { accounts: [B] }, FILE))).toEqual([[B, [["eu-west-1", ["eu-west-1_B1"]]]]]);
    expect(narrowSnapshot(estate(), { accounts: [A, C] }, FILE).accounts.map((a) => a.accountId)).toEqual([A, C]);
  });

  it("--region keeps those regions with their trails, identity pools, events and errors; accounts left with none go, unreachable ones stay", () => {
    const narrowed = narrowSnapshot(estate(), { regions: ["eu-west-1"] }, FILE);
    expect(shape(narrowed)).toEqual([
      [A, [["eu-west-1", ["eu-west-1_A1", "eu-west-1_A2"]]]],
      [B, [["eu-west-1", ["eu-west-1_B1"]]]],
      [C, []],
    ]);
    const region = narrowed.accounts[0]!.regions[0]!;
    expect(region.trails?.[0]?.Name).toBe("a-trail");
    expect(region.identityPools).toHaveLength(1);
    expect(region.cloudTrailEvents?.events).toHaveLength(1);
    expect(region.errors).toHaveLength(1);
    expect(shape(narrowSnapshot(estate(), { regions: ["us-east-1"] }, FILE))).toEqual([
      [A, [["us-east-1", ["us-east-1_A4"]]]],
      [C, []],
    ]);
  });

  it("--pool-id keeps those pools (and the errors about them), dropping regions and accounts without one", () => {
    expect(shape(narrowSnapshot(estate(), { poolIds: ["eu-west-1_A2", "eu-west-1_B1"] }, FILE))).toEqual([
      [A, [["eu-west-1", ["eu-west-1_A2"]]]],
      [B, [["eu-west-1", ["eu-west-1_B1"]]]],
      [C, []],
    ]);
    const kept = narrowSnapshot(estate(), { poolIds: ["eu-west-1_A2"] }, FILE).accounts[0]!.regions[0]!;
    expect(kept.errors).toEqual([]);
    expect(kept.identityPools).toHaveLength(1);
    // A pool that was listed but could not be described is still that pool.
    const undescribed = narrowSnapshot(estate(), { poolIds: ["eu-west-1_A3"] }, FILE).accounts[0]!.regions[0]!;
    expect(undescribed.userPools).toEqual([]);
    expect(undescribed.errors.map((e) => e.resource)).toEqual(["eu-west-1_A3"]);
  });

  it("combines the filters, each within what the others kept", () => {
    expect(shape(narrowSnapshot(estate(), { accounts: [A], regions: ["eu-west-1"], poolIds: ["eu-west-1_A1"] }, FILE))).toEqual([[A, [["eu-west-1", ["eu-west-1_A1"]]]]]);
    expect(refusal({ accounts: [B], poolIds: ["eu-west-1_A1"] })).toContain("it holds user pools eu-west-1_B1");
  });

  it("does not change the snapshot it was given", () => {
    const snapshot = estate();
    const before = JSON.stringify(snapshot);
    narrowSnapshot(snapshot, { accounts: [A], regions: ["eu-west-1"], poolIds: ["eu-west-1_A1"] }, FILE);
    expect(JSON.stringify(snapshot)).toBe(before);
  });

  it("refuses a value that matches nothing, naming the flag, the value, what the snapshot holds and the closest one", () => {
    expect(refusal({ accounts: [A, "111111111112"] })).toBe(
      `--account "111111111112": no account of the snapshot ${FILE} matches; it holds accounts ${A}, ${B}, ${C} (did you mean ${A}?). Expected accounts of the snapshot (or no --account, to scan all of it).`,
    );
    expect(refusal({ regions: ["eu-west-3"] })).toMatch(/^--region "eu-west-3": no region of the snapshot org\.json matches; it holds regions eu-west-1, us-east-1 \(did you mean eu-west-1\?\)/);
    expect(refusal({ poolIds: ["nothing-like-it-at-all"] })).toMatch(/^--pool-id "nothing-like-it-at-all": no user pool of the snapshot org\.json matches; it holds user pools eu-west-1_A1, eu-west-1_A2, eu-west-1_A3, us-east-1_A4, eu-west-1_B1\. /);
    // Only the unreachable account kept: it has no regions to match.
    expect(refusal({ accounts: [C], regions: ["eu-west-1"] })).toContain("it holds no region that the other filters keep");
  });

  it("names at most ten values of a large snapshot, and counts the rest", () => {
    const many = estateOf([accountOf(A, [regionOf("eu-west-1", Array.from({ length: 25 }, (_, i) => poolIn(A, "eu-west-1", { id: `eu-west-1_P${i}` })))])]);
    let message = "";
    try {
      narrowSnapshot(many, { poolIds: ["eu-west-1_P99"] }, FILE);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("eu-west-1_P9 and 15 more");
    expect(message).toContain("(did you mean eu-west-1_P9 or eu-west-1_P19?)");
  });
});
