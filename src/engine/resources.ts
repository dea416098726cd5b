// Resources the rules judge, with their public identifiers (docs/rules.md "Resource identifiers").
import { clientIdentifier, identityProviderIdentifier, RESOURCE_TYPES, userPoolArn, type ResourceKind, type ResourceRef } from "../snapshot/identifiers.js";
import type { AppClient, CollectionError, IdentityPool, IdentityProvider, LambdaFunction, RegionEntry, UserPoolEntry } from "../snapshot/types.js";

/** A user pool with where it lives. */
export interface PoolScope {
  accountId: string;
  partition: string;
  region: string;
  arn: string;
  id: string;
  name: string;
  entry: UserPoolEntry;
  /** Every region of the pool's account in the snapshot, for rules about the pool's replicas elsewhere. */
  accountRegions?: readonly RegionEntry[];
}

export interface PoolTarget {
  kind: "userPool";
  pool: PoolScope;
  resource: ResourceRef;
}
export interface ClientTarget {
  kind: "client";
  pool: PoolScope;
  client: AppClient;
  resource: ResourceRef;
}
export interface IdentityProviderTarget {
  kind: "identityProvider";
  pool: PoolScope;
  provider: IdentityProvider;
  resource: ResourceRef;
}
/** A Lambda function named in a pool's LambdaConfig. */
export interface TriggerTarget {
  kind: "trigger";
  pool: PoolScope;
  functionArn: string;
  /** The LambdaConfig entries that name this function. */
  triggers: string[];
  /** What was collected about the function; undefined when it was not. */
  fn?: LambdaFunction;
  /** Collection errors about this function. */
  errors: CollectionError[];
  resource: ResourceRef;
}

/** A region of an account, with what was collected about it. */
export interface RegionScope {
  accountId: string;
  partition: string;
  region: string;
  entry: RegionEntry;
}
export interface IdentityPoolTarget {
  kind: "identityPool";
  region: RegionScope;
  identityPool: IdentityPool;
  resource: ResourceRef;
}
export interface RegionTarget {
  kind: "region";
  region: RegionScope;
  resource: ResourceRef;
}

export type Target = PoolTarget | ClientTarget | IdentityProviderTarget | TriggerTarget | IdentityPoolTarget | RegionTarget;
export type PoolLevelKind = "userPool" | "client" | "identityProvider" | "trigger";
export const isRegionLevel = (kind: ResourceKind): kind is "identityPool" | "region" => kind === "identityPool" || kind === "region";

export type TargetOf<K extends ResourceKind> = Extract<Target, { kind: K }>;

export function poolScope(accountId: string, partition: string, region: string, entry: UserPoolEntry, accountRegions?: readonly RegionEntry[]): PoolScope {
  const id = entry.userPool.Id ?? "";
  return {
    accountRegions,
    accountId,
    partition,
    region,
    id,
    arn: entry.userPool.Arn ?? userPoolArn(partition, region, accountId, id),
    name: entry.userPool.Name ?? id,
    entry,
  };
}

function ref(where: { accountId: string; region: string }, kind: ResourceKind, arn: string, name: string): ResourceRef {
  return { arn, type: RESOURCE_TYPES[kind], name, accountId: where.accountId, region: where.region };
}

export const poolTarget = (pool: PoolScope): PoolTarget => ({ kind: "userPool", pool, resource: ref(pool, "userPool", pool.arn, pool.name) });

export const clientTarget = (pool: PoolScope, client: AppClient): ClientTarget => ({
  kind: "client",
  pool,
  client,
  resource: ref(pool, "client", clientIdentifier(pool.arn, client.ClientId ?? ""), client.ClientName ?? client.ClientId ?? ""),
});

export const identityProviderTarget = (pool: PoolScope, provider: IdentityProvider): IdentityProviderTarget => ({
  kind: "identityProvider",
  pool,
  provider,
  resource: ref(
    pool,
    "identityProvider",
    identityProviderIdentifier(pool.arn, provider.ProviderName ?? ""),
    provider.ProviderName ?? "",
  ),
});

export const triggerTarget = (pool: PoolScope, functionArn: string, triggers: string[]): TriggerTarget => ({
  kind: "trigger",
  pool,
  functionArn,
  triggers,
  // Own keys only: a hostile LambdaConfig value such as "constructor" must not find Object's.
  fn: pool.entry.lambdaFunctions && Object.hasOwn(pool.entry.lambdaFunctions, functionArn) ? pool.entry.lambdaFunctions[functionArn] : undefined,
  errors: pool.entry.errors.filter((e) => e.resource === functionArn),
  resource: ref(pool, "trigger", functionArn, functionArn.split(":").slice(6).join(":") || functionArn),
});

export const identityPoolArn = (scope: RegionScope, identityPoolId: string) =>
  `arn:${scope.partition}:cognito-identity:${scope.region}:${scope.accountId}:identitypool/${identityPoolId}`;
export const regionTrailIdentifier = (scope: RegionScope) => `arn:${scope.partition}:cloudtrail:${scope.region}:${scope.accountId}:trail/*`;

export const identityPoolTarget = (scope: RegionScope, identityPool: IdentityPool): IdentityPoolTarget => ({
  kind: "identityPool",
  region: scope,
  identityPool,
  resource: ref(scope, "identityPool", identityPoolArn(scope, identityPool.IdentityPoolId ?? ""), identityPool.IdentityPoolName ?? identityPool.IdentityPoolId ?? ""),
});

export const regionTarget = (scope: RegionScope): RegionTarget => ({
  kind: "region",
  region: scope,
  resource: ref(scope, "region", regionTrailIdentifier(scope), `${scope.accountId} ${scope.region}`),
});

/** A stand-in resource for every resource of `kind` in a pool whose listing failed. */
export function unlistedResource(pool: PoolScope, kind: "client" | "identityProvider"): ResourceRef {
  const arn = kind === "client" ? clientIdentifier(pool.arn, "*") : identityProviderIdentifier(pool.arn, "*");
  return ref(pool, kind, arn, `${pool.name} (all ${kind === "client" ? "app clients" : "identity providers"})`);
}

/** A stand-in for every identity pool of a region whose listing failed. */
export const unlistedIdentityPools = (scope: RegionScope): ResourceRef =>
  ref(scope, "identityPool", identityPoolArn(scope, "*"), `${scope.region} (all identity pools)`);
