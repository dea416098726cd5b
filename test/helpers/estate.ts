// Snapshots of several accounts and regions: the shapes a scan of an organization produces.
import type { AccountEntry, RegionEntry, Snapshot, UserPoolEntry } from "../../src/snapshot/types.js";
import { poolEntry, trail, userPool } from "./factories.js";

let counter = 0;

/** A hardened pool in `accountId` and `region` (every rule passes on it); `weak` turns MFA off (a high failure). */
export function poolIn(accountId: string, region: string, options: { weak?: boolean; id?: string } = {}): UserPoolEntry {
  const id = options.id ?? `${region}_Est${String(++counter).padStart(5, "0")}`;
  const mfa = options.weak ? { MfaConfiguration: "OFF" as const } : {};
  return poolEntry({ userPool: userPool({ Id: id, Name: `pool-${id}`, Arn: `arn:aws:cognito-idp:${region}:${accountId}:userpool/${id}`, ...mfa }) });
}

export function regionOf(region: string, userPools: UserPoolEntry[], extra: Partial<RegionEntry> = {}): RegionEntry {
  return { region, userPools, trails: [trail()], identityPools: [], errors: [], ...extra };
}

export function accountOf(accountId: string, regions: RegionEntry[], extra: Partial<AccountEntry> = {}): AccountEntry {
  return { accountId, partition: "aws", regions, ...extra };
}

/** An account whose audit role could not be assumed: no regions, one AssumeRole error. */
export function unreachableAccount(accountId: string, name?: string, message = "User: arn:aws:sts::111111111111:assumed-role/audit is not authorized to perform: sts:AssumeRole"): AccountEntry {
  return { accountId, partition: "aws", ...(name !== undefined ? { name } : {}), regions: [], errors: [{ operation: "AssumeRole", code: "AccessDenied", message }] };
}

export function estateOf(accounts: AccountEntry[]): Snapshot {
  return { format: "cognito-audit/snapshot", version: 1, collectedAt: "2026-11-26T12:00:00.000Z", source: "test", accounts };
}
