// Builds a snapshot from live AWS (or an emulator): the only entry point that talks to AWS.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { createClient, type AwsOptions } from "../aws/clients.js";
import { RateLimits } from "../aws/rateLimit.js";
import { isKnownRegion } from "../aws/regions.js";
import { InputError } from "../errors.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type AccountEntry, type RegionEntry, type Snapshot } from "../snapshot/types.js";
import { collectCloudTrailEvents, type EventWindow } from "../cloudtrail/collect.js";
import { arnAccount, type CallerIdentity } from "./preflight.js";
import { redactUrl } from "../snapshot/redact.js";
import { collectIdentityPools, collectTrails, collectWebAcl, regionalClients, TriggerFunctionCollector } from "./related.js";
import { collectUserPools, listUserPoolIds } from "./userPools.js";

export interface CollectOptions {
  regions: string[];
  profile?: string;
  endpointUrl?: string;
  /** Only these pools (skips ListUserPools). */
  poolIds?: string[];
  maxAttempts?: number;
  /** Each call's whole budget, retries included. */
  callTimeoutMs?: number;
  limits?: RateLimits;
  now?: () => Date;
  /** Whose credentials these are (the preflight); without it the account is read from the pool ARNs. */
  identity?: CallerIdentity;
  /** Progress lines, for stderr. */
  progress?: (line: string) => void;
  /** Pull CloudTrail events with LookupEvents for this window (absent: do not). */
  cloudTrail?: EventWindow;
  /** Warnings, for stderr. */
  warn?: (line: string) => void;
}

/** The region a pool id names (eu-west-1_AbC), when it is one. */
const idRegion = (poolId: string) => {
  const prefix = poolId.split("_")[0] ?? "";
  return isKnownRegion(prefix) ? prefix : undefined;
};

/** The --pool-id pools to describe in `region`: those whose id names it, and those whose id names no region at all (emulators). */
function requestedPools(region: string, options: CollectOptions): string[] {
  return [...new Set(options.poolIds ?? [])].filter((id) => {
    const named = idRegion(id);
    return named === undefined || named === region || !options.regions.includes(named);
  });
}

async function collectRegion(region: string, options: CollectOptions, limits: RateLimits, functions: TriggerFunctionCollector) {
  const aws: AwsOptions = { region, profile: options.profile, endpointUrl: options.endpointUrl, maxAttempts: options.maxAttempts, callTimeoutMs: options.callTimeoutMs, limits };
  const regionEntry: RegionEntry = { region, userPools: [], errors: [] };
  const notes: string[] = [];
  const notFound: string[] = [];
  const explicit = !!options.poolIds?.length;
  const client = createClient(CognitoIdentityProviderClient, "cognito-idp", aws);
  const { waf, identity, cloudTrail } = regionalClients(aws);
  try {
    options.progress?.(`${region}: listing user pools`);
    const poolIds = explicit ? requestedPools(region, options) : await listUserPoolIds(client, regionEntry.errors);
    const results = await collectUserPools(client, poolIds ?? [], (done, total) => options.progress?.(`${region}: ${done}/${total} user pools`));
    for (const result of results) {
      if (result.entry) regionEntry.userPools.push(result.entry);
      if (result.skipped?.notFound && explicit) notFound.push(result.skipped.poolId);
      else if (result.skipped?.note) notes.push(result.skipped.note);
      if (result.skipped?.error) regionEntry.errors.push(result.skipped.error);
    }
    const pools = `${results.length}/${results.length} user pools`;
    options.progress?.(`${region}: ${pools}; web ACLs, triggers, identity pools, trails`);
    for (const entry of regionEntry.userPools) {
      await collectWebAcl(waf, entry);
      await functions.collect(entry);
    }
    await collectIdentityPools(identity, regionEntry);
    await collectTrails(cloudTrail, regionEntry);
    if (options.cloudTrail) {
      options.progress?.(`${region}: ${pools}; CloudTrail events (LookupEvents, at most 2 requests per second)`);
      await collectCloudTrailEvents(cloudTrail, regionEntry, options.cloudTrail, options.warn);
    }
  } finally {
    for (const c of [client, waf, identity, cloudTrail]) c.destroy();
  }
  if (notes.length) regionEntry.notes = notes;

  // The account comes from the preflight's caller identity; an emulator without STS still names it in pool ARNs.
  const account = options.identity ?? arnAccount(regionEntry.userPools[0]?.userPool.Arn) ?? { partition: "aws", accountId: "unknown" };
  return { account: { partition: account.partition, accountId: account.accountId }, regionEntry, notFound };
}

/** An explicitly requested pool that no scanned region has is a typo, not an empty estate. */
function checkRequestedPools(options: CollectOptions, notFound: Map<string, string[]>): void {
  for (const id of options.poolIds ?? []) {
    const regions = notFound.get(id);
    const tried = options.regions.filter((r) => requestedPools(r, options).includes(id));
    if (!regions || regions.length < tried.length) continue;
    const named = idRegion(id);
    const hint = named && !options.regions.includes(named) ? ` Its id names region ${named}: pass --region ${named}.` : " Check the id and --region.";
    throw new InputError(`--pool-id ${JSON.stringify(id)}: no such user pool in ${tried.join(", ")} (DescribeUserPool answered ResourceNotFoundException).${hint}`);
  }
}

export async function collectSnapshot(options: CollectOptions): Promise<Snapshot> {
  const limits = options.limits ?? new RateLimits();
  const now = options.now ?? (() => new Date());
  const accounts = new Map<string, AccountEntry>();
  const notFound = new Map<string, string[]>();
  const functions = new TriggerFunctionCollector({
    region: options.regions[0] ?? "us-east-1",
    profile: options.profile,
    endpointUrl: options.endpointUrl,
    maxAttempts: options.maxAttempts,
    callTimeoutMs: options.callTimeoutMs,
    limits,
  });
  try {
    for (const region of options.regions) {
      const { account, regionEntry, notFound: missing } = await collectRegion(region, options, limits, functions);
      for (const id of missing) notFound.set(id, [...(notFound.get(id) ?? []), region]);
      const key = `${account.partition}:${account.accountId}`;
      const entry = accounts.get(key) ?? { ...account, regions: [] };
      entry.regions.push(regionEntry);
      accounts.set(key, entry);
    }
  } finally {
    functions.destroy();
  }
  checkRequestedPools(options, notFound);
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    collectedAt: now().toISOString(),
    source: options.endpointUrl !== undefined ? redactUrl(options.endpointUrl) : "aws",
    accounts: [...accounts.values()],
  };
}
