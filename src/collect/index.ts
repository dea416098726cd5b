// Builds a snapshot from live AWS (or an emulator): the only entry point that talks to AWS. Every
// (account, region) pair is collected at once, each paced to its own quotas (aws/rateLimit.ts), and
// each pool goes to the snapshot sink as soon as it is complete.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { createAgents, createClient, poolGroup, type AwsOptions } from "../aws/clients.js";
import { RateLimits } from "../aws/rateLimit.js";
import { isKnownRegion } from "../aws/regions.js";
import { InputError } from "../errors.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type AccountEntry, type CollectionError, type RegionEntry, type Snapshot, type UserPoolEntry } from "../snapshot/types.js";
import { collectCloudTrailEvents, type EventWindow } from "../cloudtrail/collect.js";
import { arnAccount, type CallerIdentity } from "./preflight.js";
import { redactUrl } from "../snapshot/redact.js";
import { countFailedCalls, type Coverage } from "../snapshot/coverage.js";
import { compareCodeUnits } from "../util/text.js";
import { collectIdentityPools, collectTrails, collectWebAcl, regionalClients, TriggerFunctionCollector } from "./related.js";
import { collectUserPools, listUserPoolIds } from "./userPools.js";
import { Limit, toCollectionError } from "./call.js";

/**
 * (account, region) pairs collected at once. Every pair of an estate of up to 64 runs at once (each
 * at its own quotas, with up to 32 pools in flight: fewer leave its lanes idle while a pool's
 * follow-up calls wait on their answers); beyond that pairs wait for a turn, so that a thousand-pair
 * organization does not hold a thousand regions' clients, pools and events at once. (A cap on pools
 * across regions was tried: shared first come, first served, it let a few regions take every place
 * and the others wait, 2.5× slower on the benchmark.)
 */
const REGIONS_IN_FLIGHT = 64;

/** An account and partition, as the snapshot names them. */
export interface AccountKey {
  accountId: string;
  partition: string;
}

/** Where collected data goes, in pieces: a file written as it arrives (snapshot/stream.ts), or memory. */
export interface SnapshotSink {
  /** One complete pool; called for many (account, region) pairs at once, in any order. */
  pool(account: AccountKey, region: string, entry: UserPoolEntry): Promise<void>;
  /** The region is done: everything of it but its pools. */
  region(account: AccountKey, entry: Omit<RegionEntry, "userPools">): Promise<void>;
  /** The account's own fields (its name, or why it could not be reached). */
  account(entry: Omit<AccountEntry, "regions">): void;
}

/** One account to audit, and how to act in it. */
export interface AccountTarget {
  /** The account asked for; absent for the caller's own account when no identity is known (an emulator). */
  accountId?: string;
  partition: string;
  /** The organization's name for it. */
  name?: string;
  /**
   * Credentials in the account and its real id (the assumed identity's); absent: the caller's own
   * credentials. A throw means the account cannot be reached (`failure` records why).
   */
  connect?: () => Promise<{ credentials: AwsCredentialIdentityProvider; accountId: string }>;
  failure?: (error: unknown) => CollectionError;
}

/** The regions to collect in one account. */
export type RegionChoice =
  | { regions: string[] }
  | { all: (aws: AwsOptions, partition: string) => Promise<{ regions: string[]; note?: string; failure?: CollectionError }> };

export interface CollectOptions {
  regions: RegionChoice | string[];
  /** The accounts; default: the caller's own. */
  targets?: AccountTarget[];
  profile?: string;
  endpointUrl?: string;
  /** Only these pools (skips ListUserPools). */
  poolIds?: string[];
  maxAttempts?: number;
  /** Each call's whole budget, retries included. */
  callTimeoutMs?: number;
  limits?: RateLimits;
  /** Open sockets in all (default 64). */
  maxSockets?: number;
  now?: () => Date;
  /** The region of the caller's configuration, for calls to global services (ListRegions). */
  homeRegion?: string;
  /** Whose credentials these are (the preflight); without it the account is read from the pool ARNs. */
  identity?: CallerIdentity;
  /** Progress, for stderr: after each step, with the region just finished when one has. */
  progress?: (tally: Readonly<CollectTally>, finished?: RegionFinished) => void;
  /** Pull CloudTrail events with LookupEvents for this window (absent: do not). */
  cloudTrail?: EventWindow;
  /** Warnings, for stderr. */
  warn?: (line: string) => void;
}

/** How far the collection is, across every account and (account, region) pair. */
export interface CollectTally {
  accounts: number;
  accountsDone: number;
  /** (account, region) pairs found so far, and those done. */
  pairs: number;
  pairsDone: number;
  /** Pairs whose user pools are listed: `pools` is final once every pair is. */
  pairsListed: number;
  pools: number;
  poolsDone: number;
}

/** One (account, region) pair, done: what it held and what it cost. */
export interface RegionFinished {
  /** Undefined when the credentials' account is not known (an emulator without STS that names none). */
  accountId?: string;
  region: string;
  pools: number;
  calls: number;
  throttles: number;
  ms: number;
}

/** The region a pool id names (eu-west-1_AbC), when it is one. */
const idRegion = (poolId: string) => {
  const prefix = poolId.split("_")[0] ?? "";
  return isKnownRegion(prefix) ? prefix : undefined;
};

/** The --pool-id pools to describe in `region`: those whose id names it, and those whose id names no region at all (emulators). */
function requestedPools(region: string, regions: readonly string[], poolIds: readonly string[]): string[] {
  return [...new Set(poolIds)].filter((id) => {
    const named = idRegion(id);
    return named === undefined || named === region || !regions.includes(named);
  });
}

/** What the collection saw, without the data itself (memory stays flat): enough to tell a blind run and to warn about gaps. */
export type CollectionSummary = Coverage;

interface Scan {
  options: CollectOptions;
  limits: RateLimits;
  sink: SnapshotSink;
  base: Omit<AwsOptions, "region">;
  summary: CollectionSummary;
  /** --pool-id pools not found, by pool id: the regions that said so. */
  notFound: Map<string, string[]>;
  /** The regions each --pool-id was looked for in. */
  tried: Map<string, string[]>;
  /** Regions in flight in all accounts: memory stays bounded whatever the estate's size. */
  regions: Limit;
  /** For the progress line across every (account, region) pair. */
  tally: CollectTally;
}

async function collectRegion(
  scan: Scan,
  target: { accountId?: string; partition: string },
  aws: AwsOptions,
  regions: readonly string[],
  functions: TriggerFunctionCollector,
): Promise<void> {
  const { options } = scan;
  const region = aws.region;
  const started = performance.now();
  const stats = { calls: 0, throttles: 0 };
  aws = { ...aws, stats };
  const regionEntry: Omit<RegionEntry, "userPools"> = { region, errors: [] };
  const notes: string[] = [];
  const explicit = !!options.poolIds?.length;
  const client = createClient(CognitoIdentityProviderClient, "cognito-idp", aws);
  const { waf, identity, cloudTrail } = regionalClients(aws);
  // The account comes from the credentials' identity; an emulator without STS still names it in pool ARNs.
  let account: AccountKey | undefined = target.accountId ? { accountId: target.accountId, partition: target.partition } : undefined;
  const accountOf = (entry?: UserPoolEntry): AccountKey => {
    account ??= arnAccount(entry?.userPool.Arn);
    return account ?? { partition: target.partition, accountId: "unknown" };
  };
  let pools = 0;
  try {
    options.progress?.(scan.tally);
    const poolIds = explicit ? requestedPools(region, regions, options.poolIds!) : await listUserPoolIds(client, regionEntry.errors);
    scan.tally.pools += new Set(poolIds).size;
    scan.tally.pairsListed++;
    for (const id of explicit ? poolIds ?? [] : []) scan.tried.set(id, [...(scan.tried.get(id) ?? []), region]);
    // The region's identity pools, trails and events are read while its user pools are.
    const aroundPools = Promise.all([
      collectIdentityPools(identity, regionEntry),
      collectTrails(cloudTrail, regionEntry),
      options.cloudTrail ? collectCloudTrailEvents(cloudTrail, regionEntry, options.cloudTrail, options.warn) : undefined,
    ]);
    const neighbours = { webAcl: (entry: UserPoolEntry) => collectWebAcl(waf, entry), functions: (entry: UserPoolEntry) => functions.collect(entry) };
    await collectUserPools(client, poolIds ?? [], neighbours, async (result) => {
      // The pool's calls are done: the scheduler drops what it kept for them.
      aws.limits.forget(poolGroup(region, result.entry?.userPool.Id ?? result.skipped?.poolId ?? ""));
      if (result.entry) {
        pools++;
        countFailedCalls(scan.summary.failedCalls, result.entry.errors);
        await scan.sink.pool(accountOf(result.entry), region, result.entry);
      }
      const skipped = result.skipped;
      if (skipped?.notFound && explicit) scan.notFound.set(skipped.poolId, [...(scan.notFound.get(skipped.poolId) ?? []), region]);
      else if (skipped?.note) notes.push(skipped.note);
      if (skipped?.error) regionEntry.errors.push(skipped.error);
      scan.tally.poolsDone++;
      options.progress?.(scan.tally);
    });
    await aroundPools;
  } finally {
    for (const c of [client, waf, identity, cloudTrail]) c.destroy();
  }
  if (notes.length) regionEntry.notes = notes.sort(compareCodeUnits);
  const owner = accountOf();
  scan.tally.pairsDone++;
  const entry = regionFields(regionEntry);
  scan.summary.regions.push({ region, pools, identityPools: entry.identityPools?.length ?? 0, errors: entry.errors });
  countFailedCalls(scan.summary.failedCalls, entry.errors);
  await scan.sink.region(owner, entry);
  const accountId = owner.accountId === "unknown" ? undefined : owner.accountId;
  options.progress?.(scan.tally, { ...(accountId ? { accountId } : {}), region, pools, ...stats, ms: performance.now() - started });
}

/**
 * The region's fields in one order, whatever order its concurrent reads finished in; failures of
 * pools described at once are listed by operation and resource.
 */
function regionFields(entry: Omit<RegionEntry, "userPools">): Omit<RegionEntry, "userPools"> {
  const errors = [...entry.errors].sort((a, b) => compareCodeUnits(a.operation, b.operation) || compareCodeUnits(a.resource ?? "", b.resource ?? ""));
  const { region, identityPools, trails, cloudTrailEvents, notes } = entry;
  return {
    region,
    errors,
    ...(identityPools ? { identityPools } : {}),
    ...(trails ? { trails } : {}),
    ...(cloudTrailEvents ? { cloudTrailEvents } : {}),
    ...(notes ? { notes } : {}),
  };
}

/** One account: its credentials (assumed role or the caller's), its regions, then all of them at once. */
async function collectAccount(scan: Scan, target: AccountTarget): Promise<void> {
  const { options, base } = scan;
  let aws: Omit<AwsOptions, "region"> = base;
  let accountId = target.accountId;
  if (target.connect) {
    try {
      const connected = await target.connect();
      accountId = connected.accountId;
      aws = { ...base, credentials: connected.credentials, accountId };
    } catch (error) {
      const failure = target.failure?.(error) ?? toCollectionError("AssumeRole", error);
      const entry = { accountId: target.accountId ?? "unknown", partition: target.partition, ...(target.name ? { name: target.name } : {}), errors: [failure] };
      scan.summary.unreachable.push({ accountId: entry.accountId, ...(target.name ? { name: target.name } : {}), operation: failure.operation, code: failure.code, message: failure.message });
      scan.sink.account(entry);
      options.warn?.(`account ${entry.accountId}: ${failure.operation} failed with ${failure.code}: its checks are not evaluated.`);
      return;
    }
  } else if (accountId) {
    aws = { ...base, accountId };
  }
  // Not the account's absence: ListRegions failing (the partition's regions were scanned instead).
  const accountErrors: CollectionError[] = [];
  let regions: string[];
  if (Array.isArray(options.regions) || "regions" in options.regions) {
    regions = Array.isArray(options.regions) ? options.regions : options.regions.regions;
  } else {
    const found = await options.regions.all({ ...aws, region: options.homeRegion ?? "us-east-1" }, target.partition);
    regions = found.regions;
    if (found.note) options.warn?.(`account ${accountId ?? "(caller)"}: ${found.note}`);
    if (found.failure) accountErrors.push(found.failure);
  }
  if (accountId && (target.name || accountErrors.length)) {
    scan.sink.account({ accountId, partition: target.partition, ...(target.name ? { name: target.name } : {}), ...(accountErrors.length ? { errors: accountErrors } : {}) });
  }
  scan.tally.pairs += regions.length;
  // Trigger functions are fetched once per account, whichever of its regions' pools use them.
  const functions = new TriggerFunctionCollector({ ...aws, region: regions[0] ?? "us-east-1" });
  try {
    await Promise.all(regions.map((region) => scan.regions.run(() => collectRegion(scan, { accountId, partition: target.partition }, { ...aws, region }, regions, functions))));
  } finally {
    functions.destroy();
  }
}

/** An explicitly requested pool that no scanned region has is a typo, not an empty estate. */
function checkRequestedPools(scan: Scan): void {
  for (const id of scan.options.poolIds ?? []) {
    const tried = scan.tried.get(id) ?? [];
    const missing = scan.notFound.get(id) ?? [];
    if (tried.length === 0 || missing.length < tried.length) continue;
    const named = idRegion(id);
    const hint = named && !tried.includes(named) ? ` Its id names region ${named}: pass --region ${named}.` : " Check the id and --region.";
    throw new InputError(`--pool-id ${JSON.stringify(id)}: no such user pool in ${[...new Set(tried)].join(", ")} (DescribeUserPool answered ResourceNotFoundException).${hint}`);
  }
}

/**
 * Collects every target account (default: the caller's) in every chosen region, all at once, into
 * `sink`. Returns what was seen, for the caller's checks (a blind run, a mistyped --pool-id).
 */
export async function collectEstate(options: CollectOptions, sink: SnapshotSink): Promise<CollectionSummary> {
  const limits = options.limits ?? new RateLimits();
  const agents = createAgents(options.maxSockets);
  const targets = options.targets ?? [{ ...(options.identity ? { accountId: options.identity.accountId } : {}), partition: options.identity?.partition ?? "aws" }];
  const scan: Scan = {
    options,
    limits,
    sink,
    base: { profile: options.profile, endpointUrl: options.endpointUrl, maxAttempts: options.maxAttempts, callTimeoutMs: options.callTimeoutMs, limits, agents },
    summary: { accounts: targets.length, regions: [], unreachable: [], failedCalls: { count: 0, kinds: {} } },
    notFound: new Map(),
    tried: new Map(),
    regions: new Limit(REGIONS_IN_FLIGHT),
    tally: { accounts: targets.length, accountsDone: 0, pairs: 0, pairsDone: 0, pairsListed: 0, pools: 0, poolsDone: 0 },
  };
  try {
    // Every account at once: its AssumeRole is paced in its own lane, its regions share REGIONS_IN_FLIGHT.
    await Promise.all(
      targets.map(async (target) => {
        await collectAccount(scan, target);
        scan.tally.accountsDone++;
        options.progress?.(scan.tally);
      }),
    );
  } finally {
    agents.destroy();
  }
  checkRequestedPools(scan);
  // Regions by name, as in a snapshot's coverage, whichever finished first.
  scan.summary.regions.sort((a, b) => compareCodeUnits(a.region, b.region));
  return scan.summary;
}

/** Order of a snapshot's parts, the same for every sink: accounts by id, regions by name, pools by id. */
const byAccount = (a: AccountKey, b: AccountKey) => compareCodeUnits(a.accountId, b.accountId) || compareCodeUnits(a.partition, b.partition);
const byPoolId = (a: UserPoolEntry, b: UserPoolEntry) => compareCodeUnits(a.userPool.Id ?? "", b.userPool.Id ?? "");

/** A sink that builds the snapshot in memory, in the order a file sink writes it. */
export function memorySink(): SnapshotSink & { snapshot(header: { collectedAt: string; source?: string }): Snapshot } {
  const accounts = new Map<string, AccountEntry>();
  const pools = new Map<string, UserPoolEntry[]>();
  const key = (a: AccountKey) => `${a.partition}:${a.accountId}`;
  const accountEntry = (a: AccountKey) => accounts.get(key(a)) ?? accounts.set(key(a), { accountId: a.accountId, partition: a.partition, regions: [] }).get(key(a))!;
  return {
    pool: (account, region, entry) => {
      const k = `${key(account)}|${region}`;
      pools.set(k, [...(pools.get(k) ?? []), entry]);
      return Promise.resolve();
    },
    region: (account, entry) => {
      const { region, ...rest } = entry;
      accountEntry(account).regions.push({ region, userPools: [], ...rest });
      return Promise.resolve();
    },
    account: (entry) => {
      Object.assign(accountEntry(entry), entry);
    },
    snapshot: (header) => {
      const list = [...accounts.values()].sort(byAccount);
      for (const account of list) {
        account.regions.sort((a, b) => compareCodeUnits(a.region, b.region));
        for (const region of account.regions) region.userPools = (pools.get(`${key(account)}|${region.region}`) ?? []).sort(byPoolId);
      }
      return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, collectedAt: header.collectedAt, ...(header.source ? { source: header.source } : {}), accounts: list };
    },
  };
}

/** The snapshot's `source`: "aws", or the emulator's endpoint without credentials in it. */
export const snapshotSource = (options: { endpointUrl?: string }) => (options.endpointUrl !== undefined ? redactUrl(options.endpointUrl) : "aws");

/** Collects into memory: for a scan, which holds the snapshot anyway, and for tests. */
export async function collectSnapshot(options: CollectOptions): Promise<Snapshot> {
  const sink = memorySink();
  await collectEstate(options, sink);
  return sink.snapshot({ collectedAt: (options.now ?? (() => new Date()))().toISOString(), source: snapshotSource(options) });
}
