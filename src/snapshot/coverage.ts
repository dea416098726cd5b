// What a snapshot could see at all. A run that listed nothing has audited nothing: it must never pass.
import { collectionErrors, type AccountEntry, type CollectionError, type RegionEntry, type Snapshot } from "./types.js";

const regionsOf = (snapshot: Snapshot): RegionEntry[] => snapshot.accounts.flatMap((a) => a.regions);
const listingError = (region: RegionEntry) => region.errors.find((e) => e.operation === "ListUserPools");

/** Regions whose ListUserPools failed: their pools were never seen. */
export function unlistedRegions(snapshot: Snapshot): string[] {
  return regionsOf(snapshot)
    .filter((r) => listingError(r))
    .map((r) => r.region);
}

/** An account that was never seen: its role could not be assumed, so none of its regions was collected. */
export interface UnreachableAccount {
  accountId: string;
  /** The organization's name for it, when known (AWS text). */
  name?: string;
  operation: string;
  code: string;
  message: string;
}

const assumeRoleError = (account: AccountEntry): CollectionError | undefined =>
  account.regions.length === 0 ? account.errors?.find((e) => e.operation === "AssumeRole") : undefined;

/** Accounts with an AssumeRole error and no regions: what they hold was never seen, so no flag makes the run complete. */
export function unreachableAccounts(snapshot: Snapshot): UnreachableAccount[] {
  const unreachable: UnreachableAccount[] = [];
  for (const account of snapshot.accounts) {
    const error = assumeRoleError(account);
    if (!error) continue;
    unreachable.push({ accountId: account.accountId, ...(account.name !== undefined ? { name: account.name } : {}), operation: error.operation, code: error.code, message: error.message });
  }
  return unreachable;
}

/** Account-level errors that do not make the account unreachable (ListRegions denied, the partition's regions used instead): informational. */
export function accountNotes(snapshot: Snapshot): string[] {
  return snapshot.accounts.flatMap((account) => {
    const unreachable = assumeRoleError(account);
    return (account.errors ?? [])
      .filter((e) => e !== unreachable)
      .map((e) => `account ${account.accountId}: ${e.operation} failed with ${e.code} (${e.message.slice(0, 300)})${e.operation === "ListRegions" && account.regions.length > 0 ? "; its regions were found all the same" : ""}.`);
  });
}

/** What a run saw, without the data itself: enough to tell a blind run and to warn about gaps. */
export interface Coverage {
  /** Accounts in the run, reachable or not. */
  accounts: number;
  regions: RegionCoverage[];
  unreachable: UnreachableAccount[];
  /** Failed AWS calls (region- and pool-level), and how many failed of each kind ("Operation (Code)"). */
  failedCalls: FailedCalls;
}

export interface FailedCalls {
  count: number;
  /** By kind, "Operation (Code)": the number of calls that failed so. */
  kinds: Record<string, number>;
}

/** Counts failed calls by kind, into `failed`. */
export function countFailedCalls(failed: FailedCalls, errors: readonly CollectionError[]): void {
  failed.count += errors.length;
  for (const e of errors) {
    const kind = `${e.operation} (${e.code})`;
    failed.kinds[kind] = (failed.kinds[kind] ?? 0) + 1;
  }
}

/** The `limit` most frequent kinds, most frequent first, each with its count: "DescribeRiskConfiguration (Unsupported) ×7, …". */
export function failedCallKinds(failed: FailedCalls, limit = 6): string {
  const kinds = Object.entries(failed.kinds).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const named = kinds.slice(0, limit).map(([kind, n]) => `${kind} ×${n}`);
  return `${named.join(", ")}${kinds.length > limit ? `, and ${kinds.length - limit} more kind(s)` : ""}`;
}

export interface RegionCoverage {
  region: string;
  pools: number;
  identityPools: number;
  /** The region-level errors (ListUserPools among them). */
  errors: CollectionError[];
}

/** The coverage of a snapshot in memory. */
export function coverageOf(snapshot: Snapshot): Coverage {
  const failedCalls: FailedCalls = { count: 0, kinds: {} };
  countFailedCalls(failedCalls, collectionErrors(snapshot));
  return {
    accounts: snapshot.accounts.length,
    regions: regionsOf(snapshot).map((r) => ({ region: r.region, pools: r.userPools.length, identityPools: r.identityPools?.length ?? 0, errors: r.errors })),
    unreachable: unreachableAccounts(snapshot),
    failedCalls,
  };
}

const listingFailure = (region: RegionCoverage) => region.errors.find((e) => e.operation === "ListUserPools");

const failure = (region: RegionCoverage) => {
  const error = listingFailure(region) ?? region.errors[0];
  return error ? `${region.region}: ${error.operation} failed with ${error.code} (${error.message.slice(0, 160)})` : undefined;
};

/**
 * Why the snapshot audited nothing, or undefined when it saw at least one user pool or identity
 * pool. Exit 2, for scan (live or --snapshot) and collect alike: ListUserPools failed everywhere,
 * no region was collected, or no scanned region holds anything to audit.
 */
export function blindRun(snapshot: Snapshot): string | undefined {
  return blindCoverage(coverageOf(snapshot));
}

/** blindRun for a run whose data went to a file as it came: judged from its coverage alone. */
export function blindCoverage(coverage: Coverage): string | undefined {
  const { unreachable, regions } = coverage;
  if (unreachable.length > 0 && unreachable.length === coverage.accounts) {
    const causes = unreachable.slice(0, 3).map((a) => `${a.accountId}: ${a.operation} failed with ${a.code} (${a.message.slice(0, 160)})`);
    const more = unreachable.length > 3 ? `; and ${unreachable.length - 3} more` : "";
    return `no account could be reached (${causes.join("; ")}${more}): nothing was audited; check --role-name (the role must exist in each account and trust the caller) and --external-id`;
  }
  if (regions.length === 0) return "no region was collected: nothing was audited; check --region/--profile";
  const causes = regions.map(failure).filter((f): f is string => f !== undefined);
  const why = causes.length ? ` (${causes.slice(0, 3).join("; ")})` : "";
  if (regions.every(listingFailure)) {
    return `ListUserPools failed in every region${why}: nothing was audited; check --profile (the credentials need cognito-idp:ListUserPools) and --region`;
  }
  if (regions.some((r) => r.pools > 0 || r.identityPools > 0)) return undefined;
  const names = [...new Set(regions.map((r) => r.region))].join(", ");
  return `no user pools in ${names}${why}: nothing was audited; check --region/--profile`;
}
