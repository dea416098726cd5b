// `scan --snapshot FILE --account/--region/--pool-id`: a saved snapshot narrowed right after it is
// read, before any rule runs, so that what is not kept is neither audited nor reported. A value
// that matches nothing is a typo until shown otherwise: exit 2, naming what the snapshot holds.
import { InputError } from "../errors.js";
import { didYouMean } from "../suggest.js";
import type { AccountEntry, RegionEntry, Snapshot, UserPoolEntry } from "./types.js";

export interface SnapshotFilter {
  /** --account: account ids. */
  accounts?: readonly string[];
  /** --region: region names. */
  regions?: readonly string[];
  /** --pool-id: user pool ids. */
  poolIds?: readonly string[];
}

/** Values named in an error message before the rest are counted. */
const SHOWN = 10;

const listed = (values: readonly string[]) =>
  values.length > SHOWN ? `${values.slice(0, SHOWN).join(", ")} and ${values.length - SHOWN} more` : values.join(", ");

/** Every value of `wanted` must be one of `present`, else an InputError naming the flag, the value and what there is. */
function requireMatches(flag: string, kind: string, wanted: readonly string[], present: readonly string[], file: string): void {
  const known = new Set(present);
  const missing = wanted.find((value) => !known.has(value));
  if (missing === undefined) return;
  const distinct = [...known];
  const holds = distinct.length ? `it holds ${kind}s ${listed(distinct)}` : `it holds no ${kind} that the other filters keep`;
  throw new InputError(
    `${flag} ${JSON.stringify(missing)}: no ${kind} of the snapshot ${file} matches; ${holds}${didYouMean(missing, distinct)}. Expected ${kind}s of the snapshot (or no ${flag}, to scan all of it).`,
  );
}

/** A DescribeUserPool error names a pool that was listed but not read: it is that pool, for --pool-id. */
const undescribedPool = (region: RegionEntry) =>
  region.errors.filter((e) => e.operation === "DescribeUserPool" && e.resource !== undefined).map((e) => e.resource!);

/**
 * The snapshot with only the accounts, regions and user pools the filter names (an absent or empty
 * list keeps all). Region-level data of a kept region (trails, identity pools, CloudTrail events,
 * notes, errors) stays with it. An account whose role could not be assumed has no regions to
 * narrow: only --account leaves it out, since what it holds was never seen. Throws an InputError
 * when a value matches nothing among what the earlier filters kept.
 */
export function narrowSnapshot(snapshot: Snapshot, filter: SnapshotFilter, file: string): Snapshot {
  const accountIds = filter.accounts?.length ? filter.accounts : undefined;
  const regionNames = filter.regions?.length ? filter.regions : undefined;
  const poolIds = filter.poolIds?.length ? filter.poolIds : undefined;
  if (!accountIds && !regionNames && !poolIds) return snapshot;

  let accounts: AccountEntry[] = snapshot.accounts;
  if (accountIds) {
    requireMatches("--account", "account", accountIds, accounts.map((a) => a.accountId), file);
    const keep = new Set(accountIds);
    accounts = accounts.filter((a) => keep.has(a.accountId));
  }
  if (regionNames) {
    requireMatches("--region", "region", regionNames, accounts.flatMap((a) => a.regions.map((r) => r.region)), file);
    const keep = new Set(regionNames);
    accounts = accounts.flatMap((a) => {
      const regions = a.regions.filter((r) => keep.has(r.region));
      return regions.length > 0 || neverSeen(a) ? [{ ...a, regions }] : [];
    });
  }
  if (poolIds) {
    requireMatches(
      "--pool-id",
      "user pool",
      poolIds,
      accounts.flatMap((a) => a.regions.flatMap((r) => [...r.userPools.flatMap((p) => (p.userPool.Id ? [p.userPool.Id] : [])), ...undescribedPool(r)])),
      file,
    );
    const keep = new Set(poolIds);
    accounts = accounts.flatMap((a) => {
      const regions = a.regions.map((r) => poolsOf(r, keep)).filter((r): r is RegionEntry => r !== undefined);
      return regions.length > 0 || neverSeen(a) ? [{ ...a, regions }] : [];
    });
  }
  return { ...snapshot, accounts };
}

/** An account with no regions at all was never seen (its role could not be assumed): no region or pool filter can rule it out. */
const neverSeen = (account: AccountEntry) => account.regions.length === 0;

/** The region with only the kept pools (and the errors about them), or undefined when it holds none of them. */
function poolsOf(region: RegionEntry, keep: ReadonlySet<string>): RegionEntry | undefined {
  const userPools: UserPoolEntry[] = region.userPools.filter((p) => keep.has(p.userPool.Id ?? ""));
  const errors = region.errors.filter((e) => e.operation !== "DescribeUserPool" || e.resource === undefined || keep.has(e.resource));
  const undescribed = errors.some((e) => e.operation === "DescribeUserPool" && e.resource !== undefined);
  if (userPools.length === 0 && !undescribed) return undefined;
  return { ...region, userPools, errors };
}
