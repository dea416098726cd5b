// Builds a snapshot from live AWS (or an emulator): the only entry point that talks to AWS.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { createClient, type AwsOptions } from "../aws/clients.js";
import { RateLimits } from "../aws/rateLimit.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type AccountEntry, type CollectionError, type RegionEntry, type Snapshot } from "../snapshot/types.js";
import { collectCloudTrailEvents, type EventWindow } from "../cloudtrail/collect.js";
import { attempt } from "./call.js";
import { redactUrl } from "./redact.js";
import { collectIdentityPools, collectTrails, collectWebAcl, regionalClients, TriggerFunctionCollector } from "./related.js";
import { collectUserPools, listUserPoolIds } from "./userPools.js";

export interface CollectOptions {
  regions: string[];
  profile?: string;
  endpointUrl?: string;
  /** Only these pools (skips ListUserPools). */
  poolIds?: string[];
  maxAttempts?: number;
  limits?: RateLimits;
  now?: () => Date;
  /** Progress lines, for stderr. */
  progress?: (line: string) => void;
  /** Pull CloudTrail events with LookupEvents for this window (absent: do not). */
  cloudTrail?: EventWindow;
  /** Warnings, for stderr. */
  warn?: (line: string) => void;
}

const ARN = /^arn:([^:]+):[^:]*:[^:]*:([^:]*):/;

async function callerIdentity(options: AwsOptions, errors: CollectionError[]) {
  const sts = createClient(STSClient, "sts", { ...options, maxAttempts: Math.min(options.maxAttempts ?? 3, 3) });
  const identity = await attempt(errors, "GetCallerIdentity", () => sts.send(new GetCallerIdentityCommand({})));
  sts.destroy();
  const match = identity?.Arn ? ARN.exec(identity.Arn) : null;
  return match ? { partition: match[1]!, accountId: identity?.Account ?? match[2]! } : undefined;
}

async function collectRegion(region: string, options: CollectOptions, limits: RateLimits, functions: TriggerFunctionCollector) {
  const aws: AwsOptions = { region, profile: options.profile, endpointUrl: options.endpointUrl, maxAttempts: options.maxAttempts, limits };
  const regionEntry: RegionEntry = { region, userPools: [], errors: [] };
  const notes: string[] = [];
  const client = createClient(CognitoIdentityProviderClient, "cognito-idp", aws);
  const { waf, identity, cloudTrail } = regionalClients(aws);
  try {
    const poolIds = options.poolIds?.length ? options.poolIds : await listUserPoolIds(client, regionEntry.errors);
    const results = await collectUserPools(client, poolIds ?? [], (id) => options.progress?.(`${region}: collecting ${id}`));
    for (const result of results) {
      if (result.entry) regionEntry.userPools.push(result.entry);
      if (result.skipped?.note) notes.push(result.skipped.note);
      if (result.skipped?.error) regionEntry.errors.push(result.skipped.error);
    }
    options.progress?.(`${region}: web ACLs, triggers, identity pools, trails`);
    for (const entry of regionEntry.userPools) {
      await collectWebAcl(waf, entry);
      await functions.collect(entry);
    }
    await collectIdentityPools(identity, regionEntry);
    await collectTrails(cloudTrail, regionEntry);
    if (options.cloudTrail) {
      options.progress?.(`${region}: CloudTrail events (LookupEvents, at most 2 requests per second)`);
      await collectCloudTrailEvents(cloudTrail, regionEntry, options.cloudTrail, options.warn);
    }
  } finally {
    for (const c of [client, waf, identity, cloudTrail]) c.destroy();
  }
  if (notes.length) regionEntry.notes = notes;

  // The account comes from the caller identity; an emulator without STS still names it in pool ARNs.
  const stsErrors: CollectionError[] = [];
  let account = await callerIdentity(aws, stsErrors);
  const poolArn = regionEntry.userPools[0]?.userPool.Arn;
  const fromArn = poolArn ? ARN.exec(poolArn) : null;
  if (!account && fromArn) account = { partition: fromArn[1]!, accountId: fromArn[2]! };
  if (!account) regionEntry.errors.push(...stsErrors);
  return { account: account ?? { partition: "aws", accountId: "unknown" }, regionEntry };
}

export async function collectSnapshot(options: CollectOptions): Promise<Snapshot> {
  const limits = options.limits ?? new RateLimits();
  const now = options.now ?? (() => new Date());
  const accounts = new Map<string, AccountEntry>();
  const functions = new TriggerFunctionCollector({ region: options.regions[0] ?? "us-east-1", profile: options.profile, endpointUrl: options.endpointUrl, maxAttempts: options.maxAttempts, limits });
  try {
    for (const region of options.regions) {
      const { account, regionEntry } = await collectRegion(region, options, limits, functions);
      const key = `${account.partition}:${account.accountId}`;
      const entry = accounts.get(key) ?? { ...account, regions: [] };
      entry.regions.push(regionEntry);
      accounts.set(key, entry);
    }
  } finally {
    functions.destroy();
  }
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    collectedAt: now().toISOString(),
    source: options.endpointUrl !== undefined ? redactUrl(options.endpointUrl) : "aws",
    accounts: [...accounts.values()],
  };
}
