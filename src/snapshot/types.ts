// Snapshot v1: what the collectors saw, in the AWS API's own shapes, after a JSON round trip
// (dates are ISO strings). See DESIGN.md "Snapshot v1".
import type {
  UserPoolType,
  UserPoolClientType,
  GetUserPoolMfaConfigResponse,
  RiskConfigurationType,
  IdentityProviderType,
  ResourceServerType,
  GroupType,
  DomainDescriptionType,
  LogDeliveryConfigurationType,
  ClientSecretDescriptorType,
  ClientSSOSessionConfigType,
  UserPoolReplicaType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { WebACL as WebAclType } from "@aws-sdk/client-wafv2";
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import type {
  IdentityPool as IdentityPoolType,
  GetIdentityPoolRolesResponse,
  GetPrincipalTagAttributeMapResponse,
} from "@aws-sdk/client-cognito-identity";
import type { Trail as TrailType, GetTrailStatusResponse, GetEventSelectorsResponse } from "@aws-sdk/client-cloudtrail";

/** An SDK output type as it looks after JSON.stringify/parse: Dates become strings. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

export const SNAPSHOT_FORMAT = "cognito-audit/snapshot";
export const SNAPSHOT_VERSION = 1;

export interface CollectionError {
  /** The AWS operation that failed, e.g. "DescribeRiskConfiguration". */
  operation: string;
  /** The AWS error code (error name), e.g. "AccessDeniedException". */
  code: string;
  message: string;
  /** The resource the call was about, when narrower than the section: a client id, a provider name. */
  resource?: string;
}

export type UserPool = Jsonified<UserPoolType>;
export type SecretDescriptor = Jsonified<Omit<ClientSecretDescriptorType, "ClientSecretValue">>;
/** GetUserPoolClientSessionConfiguration without its ids; no SSOSession: AWS's defaults apply. */
export interface ClientSessionConfiguration {
  SSOSession?: Jsonified<ClientSSOSessionConfigType>;
}
/** `sessionConfiguration` absent: not collected (the error names the client). */
export type AppClient = Jsonified<UserPoolClientType> & { secrets?: SecretDescriptor[]; sessionConfiguration?: ClientSessionConfiguration };
export type MfaConfig = Jsonified<Omit<GetUserPoolMfaConfigResponse, "$metadata">>;
export type RiskConfiguration = Jsonified<RiskConfigurationType>;
export type IdentityProvider = Jsonified<IdentityProviderType>;
export type ResourceServer = Jsonified<ResourceServerType>;
export type Group = Jsonified<GroupType>;
export type Domain = Jsonified<DomainDescriptionType>;
export type LogDeliveryConfiguration = Jsonified<LogDeliveryConfigurationType>;
export type UserPoolReplica = Jsonified<UserPoolReplicaType>;
export type WebAcl = Jsonified<WebAclType>;
export type IdentityPoolRoles = Jsonified<Omit<GetIdentityPoolRolesResponse, "$metadata">>;
export type PrincipalTagMap = Jsonified<Omit<GetPrincipalTagAttributeMapResponse, "$metadata">>;
/**
 * DescribeIdentityPool, with what was read about the pool's roles. `roles` absent: GetIdentityPoolRoles
 * was not made or failed. `principalTags` is keyed by the ProviderName of each CognitoIdentityProviders
 * entry; a provider whose key is missing could not be read; null: the provider has no tag map.
 */
export type IdentityPool = Jsonified<IdentityPoolType> & {
  roles?: IdentityPoolRoles;
  principalTags?: Record<string, PrincipalTagMap | null>;
};

/** A Lambda trigger's function. `configuration: null`: the function does not exist; `policy: null`: it has no resource policy. */
export interface LambdaFunction {
  configuration?: Jsonified<FunctionConfiguration> | null;
  policy?: ResourcePolicy | null;
}

/** An IAM resource policy document, parsed from GetPolicy's JSON string. */
export interface ResourcePolicy {
  Version?: string;
  Id?: string;
  Statement?: PolicyStatement[] | PolicyStatement;
}
export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: string | Record<string, string | string[]>;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** A DescribeTrails item with its status and event selectors. */
export type TrailEntry = Jsonified<TrailType> & {
  status?: Jsonified<Omit<GetTrailStatusResponse, "$metadata">>;
  eventSelectors?: Jsonified<Omit<GetEventSelectorsResponse, "$metadata">>;
};

/**
 * One user pool and everything collected about it. The contract of every section, which each rule
 * and the runner follow:
 * - absent: not collected (a call failed or was not made); a rule that needs it is not_evaluated,
 *   never passed. The errors say why.
 * - null: collected, and there is none. Only where the API has a "none" answer that is not an empty
 *   list: riskConfiguration, clientRiskConfigurations, logDeliveryConfiguration, webAcl. Lists are
 *   empty lists when there is none, and null is not valid for them (nor for mfaConfig or
 *   lambdaFunctions): the schema rejects it rather than letting a rule guess.
 * Keys of records (client ids, function ARNs) are read as own properties only.
 */
export interface UserPoolEntry {
  userPool: UserPool;
  mfaConfig?: MfaConfig;
  /** The pool-level configuration; null: the pool has none. */
  riskConfiguration?: RiskConfiguration | null;
  /**
   * DescribeRiskConfiguration with each client's ClientId, keyed by ClientId; a client whose key is
   * missing could not be read. A value of null: that client has no configuration of its own. The
   * section null: collected, and no client has one of its own (all inherit the pool's).
   */
  clientRiskConfigurations?: Record<string, RiskConfiguration | null> | null;
  clients?: AppClient[];
  identityProviders?: IdentityProvider[];
  resourceServers?: ResourceServer[];
  groups?: Group[];
  domains?: Domain[];
  logDeliveryConfiguration?: LogDeliveryConfiguration | null;
  /** ListUserPoolReplicas: the pool's multi-Region replicas (empty: not replicated). */
  replicas?: UserPoolReplica[];
  /** The web ACL associated with the pool; null: none is. */
  webAcl?: WebAcl | null;
  /** Keyed by the function ARN as configured in LambdaConfig. */
  lambdaFunctions?: Record<string, LambdaFunction>;
  notes?: string[];
  errors: CollectionError[];
}

/** CloudTrail records of Cognito pulled for the region, kept so that a scan of the snapshot reproduces the behaviour findings. */
export interface CloudTrailEvents {
  source: "lookup";
  start: string;
  end: string;
  /**
   * The event sources LookupEvents was asked for and answered in full (up to --max-events each), e.g.
   * cognito-idp.amazonaws.com and cognito-identity.amazonaws.com. Absent in snapshots collected
   * before identity pool events were pulled: cognito-idp.amazonaws.com only.
   */
  eventSources?: string[];
  /** Whether --max-events stopped the pull of some event source early (its older events are missing). */
  truncated: boolean;
  /** The records of every event source, oldest first. */
  events: Record<string, unknown>[];
}

export interface RegionEntry {
  region: string;
  userPools: UserPoolEntry[];
  cloudTrailEvents?: CloudTrailEvents;
  /** DescribeTrails (with shadow trails) items of the region. */
  trails?: TrailEntry[];
  identityPools?: IdentityPool[];
  notes?: string[];
  errors: CollectionError[];
}

export interface AccountEntry {
  accountId: string;
  partition: string;
  /** The organization's name for the account (organizations:ListAccounts): AWS text, untrusted. */
  name?: string;
  regions: RegionEntry[];
  /**
   * Account-level failures. An AssumeRole error with no regions: the account was never seen (see
   * coverage.ts, unreachableAccounts). A ListRegions error beside regions is informational: the
   * regions were still found (the partition's list).
   */
  errors?: CollectionError[];
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  collectedAt: string;
  /** Where the data came from, for the report: "aws" or the endpoint URL of an emulator. */
  source?: string;
  accounts: AccountEntry[];
}

/** The sections of a user pool entry that a rule can depend on. */
export type PoolSection = Exclude<keyof UserPoolEntry, "errors" | "notes" | "userPool">;
/** The sections of a region entry that a rule can depend on. */
export type RegionSection = "trails" | "identityPools";

/** Every collection error of a snapshot, region-level and pool-level. */
export function collectionErrors(snapshot: Snapshot): CollectionError[] {
  return snapshot.accounts.flatMap((a) => a.regions.flatMap((r) => [...r.errors, ...r.userPools.flatMap((p) => p.errors)]));
}
