// What a snapshot could see at all. A run that listed nothing has audited nothing: it must never pass.
import type { RegionEntry, Snapshot } from "./types.js";

const regionsOf = (snapshot: Snapshot): RegionEntry[] => snapshot.accounts.flatMap((a) => a.regions);
const listingError = (region: RegionEntry) => region.errors.find((e) => e.operation === "ListUserPools");

/** Regions whose ListUserPools failed: their pools were never seen. */
export function unlistedRegions(snapshot: Snapshot): string[] {
  return regionsOf(snapshot)
    .filter((r) => listingError(r))
    .map((r) => r.region);
}

const failure = (region: RegionEntry) => {
  const error = listingError(region) ?? region.errors[0];
  return error ? `${region.region}: ${error.operation} failed with ${error.code} (${error.message.slice(0, 160)})` : undefined;
};

/**
 * Why the snapshot audited nothing, or undefined when it saw at least one user pool or identity
 * pool. Exit 2, for scan (live or --snapshot) and collect alike: ListUserPools failed everywhere,
 * no region was collected, or no scanned region holds anything to audit.
 */
export function blindRun(snapshot: Snapshot): string | undefined {
  const regions = regionsOf(snapshot);
  if (regions.length === 0) return "no region was collected: nothing was audited; check --region/--profile";
  const causes = regions.map(failure).filter((f): f is string => f !== undefined);
  const why = causes.length ? ` (${causes.slice(0, 3).join("; ")})` : "";
  if (regions.every(listingError)) {
    return `ListUserPools failed in every region${why}: nothing was audited; check --profile (the credentials need cognito-idp:ListUserPools) and --region`;
  }
  if (regions.some((r) => r.userPools.length > 0 || (r.identityPools?.length ?? 0) > 0)) return undefined;
  const names = [...new Set(regions.map((r) => r.region))].join(", ");
  return `no user pools in ${names}${why}: nothing was audited; check --region/--profile`;
}
