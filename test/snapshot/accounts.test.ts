// Snapshot v1 across accounts: an account's name and account-level errors, and what they mean for coverage.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { accountNotes, blindRun, unreachableAccounts } from "../../src/snapshot/coverage.js";
import { parseSnapshot } from "../../src/snapshot/io.js";
import { accountOf, estateOf, poolIn, regionOf, unreachableAccount } from "../helpers/estate.js";

const A = "111111111111";
const C = "333333333333";

describe("snapshot v1 accounts", () => {
  it("accepts an account's name and errors, and stays valid without them (older snapshots)", () => {
    const listRegions = { operation: "ListRegions", code: "AccessDeniedException", message: "denied" };
    const snapshot = estateOf([accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1")])], { name: "prod", errors: [listRegions] }), unreachableAccount(C, "sandbox"), accountOf("444444444444", [])]);
    expect(parseSnapshot(JSON.parse(JSON.stringify(snapshot)), "s.json").accounts.map((a) => a.name)).toEqual(["prod", "sandbox", undefined]);
  });

  it.each([
    ["a name that is not a string", { name: 12 }, /\$\.accounts\[0\]\.name expected a string/],
    ["an error without a code", { errors: [{ operation: "AssumeRole", message: "x" }] }, /\$\.accounts\[0\]\.errors\[0\]\.code expected a value/],
    ["an error with an unknown field", { errors: [{ operation: "AssumeRole", code: "AccessDenied", message: "x", regions: [] }] }, /\$\.accounts\[0\]\.errors\[0\]\.regions expected no such property/],
    ["errors that are not a list", { errors: { operation: "AssumeRole" } }, /\$\.accounts\[0\]\.errors expected an array/],
  ])("rejects %s", (_, extra, message) => {
    const snapshot = estateOf([accountOf(A, [], extra as object)]);
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), "s.json")).toThrow(InputError);
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), "s.json")).toThrow(message);
  });
});

describe("coverage across accounts", () => {
  it("unreachableAccounts: an AssumeRole error and no regions", () => {
    const assumeRole = { operation: "AssumeRole", code: "AccessDenied", message: "not authorized" };
    const snapshot = estateOf([
      accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1")])], { errors: [assumeRole] }),
      unreachableAccount(C, "sandbox", "not authorized"),
      accountOf("444444444444", [], { errors: [{ operation: "ListRegions", code: "AccessDenied", message: "no" }] }),
    ]);
    expect(unreachableAccounts(snapshot)).toEqual([{ accountId: C, name: "sandbox", operation: "AssumeRole", code: "AccessDenied", message: "not authorized" }]);
    // The other account-level errors are informational notes.
    expect(accountNotes(snapshot)).toEqual([
      `account ${A}: AssumeRole failed with AccessDenied (not authorized).`,
      "account 444444444444: ListRegions failed with AccessDenied (no).",
    ]);
    expect(accountNotes(estateOf([accountOf(A, [regionOf("eu-west-1", [])], { errors: [{ operation: "ListRegions", code: "AccessDeniedException", message: "denied" }] })]))).toEqual([
      `account ${A}: ListRegions failed with AccessDeniedException (denied); its regions were found all the same.`,
    ]);
  });

  it("blindRun: every account unreachable names the causes; one reachable account with pools is not blind", () => {
    const blind = blindRun(estateOf([unreachableAccount(A, undefined, "no trust"), unreachableAccount(C, "x", "wrong external id")]));
    expect(blind).toBe(
      `no account could be reached (${A}: AssumeRole failed with AccessDenied (no trust); ${C}: AssumeRole failed with AccessDenied (wrong external id)): nothing was audited; check --role-name (the role must exist in each account and trust the caller) and --external-id`,
    );
    expect(blindRun(estateOf([accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1")])]), unreachableAccount(C)]))).toBeUndefined();
    // Reachable accounts that hold nothing are blind as before, whatever the unreachable ones.
    expect(blindRun(estateOf([accountOf(A, [regionOf("eu-west-1", [])]), unreachableAccount(C)]))).toMatch(/^no user pools in eu-west-1/);
    expect(blindRun(estateOf([]))).toMatch(/^no region was collected/);
  });
});
