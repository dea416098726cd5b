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
} from "@aws-sdk/client-cognito-identity-provider";

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
export type AppClient = Jsonified<UserPoolClientType> & { secrets?: SecretDescriptor[] };
export type MfaConfig = Jsonified<Omit<GetUserPoolMfaConfigResponse, "$metadata">>;
export type RiskConfiguration = Jsonified<RiskConfigurationType>;
export type IdentityProvider = Jsonified<IdentityProviderType>;
export type ResourceServer = Jsonified<ResourceServerType>;
export type Group = Jsonified<GroupType>;
export type Domain = Jsonified<DomainDescriptionType>;
export type LogDeliveryConfiguration = Jsonified<LogDeliveryConfigurationType>;

/** One user pool and everything collected about it. An absent section was not collected. */
export interface UserPoolEntry {
  userPool: UserPool;
  mfaConfig?: MfaConfig;
  riskConfiguration?: RiskConfiguration | null;
  clientRiskConfigurations?: Record<string, RiskConfiguration | null>;
  clients?: AppClient[];
  identityProviders?: IdentityProvider[];
  resourceServers?: ResourceServer[];
  groups?: Group[];
  domains?: Domain[];
  logDeliveryConfiguration?: LogDeliveryConfiguration | null;
  notes?: string[];
  errors: CollectionError[];
}

export interface RegionEntry {
  region: string;
  userPools: UserPoolEntry[];
  notes?: string[];
  errors: CollectionError[];
}

export interface AccountEntry {
  accountId: string;
  partition: string;
  regions: RegionEntry[];
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
