// Resources the rules judge, with the identifiers of CATALOG.md ("Resource identifiers").
import type { AppClient, IdentityProvider, UserPoolEntry } from "../snapshot/types.js";

export const RESOURCE_TYPES = {
  userPool: "AWS::Cognito::UserPool",
  client: "AWS::Cognito::UserPoolClient",
  identityProvider: "AWS::Cognito::UserPoolIdentityProvider",
} as const;
export type ResourceKind = keyof typeof RESOURCE_TYPES;

/** How a finding names its resource in every report. */
export interface ResourceRef {
  /** The catalog identifier: a real ARN for pools; `<pool ARN>/client/<ClientId>` for clients (not an AWS ARN). */
  arn: string;
  type: (typeof RESOURCE_TYPES)[ResourceKind];
  name: string;
  accountId: string;
  region: string;
}

/** A user pool with where it lives. */
export interface PoolScope {
  accountId: string;
  partition: string;
  region: string;
  arn: string;
  id: string;
  name: string;
  entry: UserPoolEntry;
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
export type Target = PoolTarget | ClientTarget | IdentityProviderTarget;
export type TargetOf<K extends ResourceKind> = Extract<Target, { kind: K }>;

export const userPoolArn = (partition: string, region: string, accountId: string, poolId: string) =>
  `arn:${partition}:cognito-idp:${region}:${accountId}:userpool/${poolId}`;
export const clientIdentifier = (poolArn: string, clientId: string) => `${poolArn}/client/${clientId}`;
export const identityProviderIdentifier = (poolArn: string, providerName: string) => `${poolArn}/idp/${providerName}`;

export function poolScope(accountId: string, partition: string, region: string, entry: UserPoolEntry): PoolScope {
  const id = entry.userPool.Id ?? "";
  return {
    accountId,
    partition,
    region,
    id,
    arn: entry.userPool.Arn ?? userPoolArn(partition, region, accountId, id),
    name: entry.userPool.Name ?? id,
    entry,
  };
}

function ref(pool: PoolScope, kind: ResourceKind, arn: string, name: string): ResourceRef {
  return { arn, type: RESOURCE_TYPES[kind], name, accountId: pool.accountId, region: pool.region };
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

/** A stand-in resource for every resource of `kind` in a pool whose listing failed. */
export function unlistedResource(pool: PoolScope, kind: Exclude<ResourceKind, "userPool">): ResourceRef {
  const arn = kind === "client" ? clientIdentifier(pool.arn, "*") : identityProviderIdentifier(pool.arn, "*");
  return ref(pool, kind, arn, `${pool.name} (all ${kind === "client" ? "app clients" : "identity providers"})`);
}
