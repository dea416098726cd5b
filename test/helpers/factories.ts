// Test data with safe defaults: each test states only what it is about.
import type { AppClient, Snapshot, UserPool, UserPoolEntry } from "../../src/snapshot/types.js";
import { clientTarget, poolScope, poolTarget, type ClientTarget, type PoolTarget } from "../../src/engine/resources.js";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";

let counter = 0;
const nextId = () => `${REGION}_Test${String(++counter).padStart(5, "0")}`;

/** A hardened pool: every rule of the foundation passes on it. */
export function userPool(overrides: Partial<UserPool> = {}): UserPool {
  const id = overrides.Id ?? nextId();
  return {
    Id: id,
    Name: `pool-${id}`,
    Arn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${id}`,
    MfaConfiguration: "ON",
    DeletionProtection: "ACTIVE",
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    LambdaConfig: {},
    SchemaAttributes: [
      { Name: "sub", AttributeDataType: "String", Mutable: false, Required: true },
      { Name: "email", AttributeDataType: "String", Mutable: true },
    ],
    ...overrides,
  };
}

/** A well-configured confidential-free web client. */
export function appClient(overrides: Partial<AppClient> = {}): AppClient {
  const id = overrides.ClientId ?? `client${++counter}`;
  return {
    ClientId: id,
    ClientName: `client-${id}`,
    RefreshTokenValidity: 7,
    AccessTokenValidity: 15,
    IdTokenValidity: 15,
    TokenValidityUnits: { RefreshToken: "days", AccessToken: "minutes", IdToken: "minutes" },
    EnableTokenRevocation: true,
    PreventUserExistenceErrors: "ENABLED",
    AllowedOAuthFlows: ["code"],
    AllowedOAuthFlowsUserPoolClient: true,
    CallbackURLs: ["https://app.example.com/callback"],
    LogoutURLs: ["https://app.example.com/"],
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    ...overrides,
  };
}

export function poolEntry(overrides: Partial<UserPoolEntry> = {}): UserPoolEntry {
  const pool = overrides.userPool ?? userPool();
  return {
    userPool: pool,
    mfaConfig: { MfaConfiguration: pool.MfaConfiguration },
    riskConfiguration: null,
    clients: [appClient({ UserPoolId: pool.Id })],
    identityProviders: [],
    resourceServers: [],
    groups: [],
    domains: [],
    logDeliveryConfiguration: null,
    errors: [],
    ...overrides,
  };
}

export function snapshotOf(entries: UserPoolEntry[], regionErrors: Snapshot["accounts"][number]["regions"][number]["errors"] = []): Snapshot {
  return {
    format: "cognito-audit/snapshot",
    version: 1,
    collectedAt: "2026-11-26T12:00:00.000Z",
    source: "test",
    accounts: [{ accountId: ACCOUNT, partition: "aws", regions: [{ region: REGION, userPools: entries, errors: regionErrors }] }],
  };
}

export const poolTargetOf = (entry: UserPoolEntry): PoolTarget => poolTarget(poolScope(ACCOUNT, "aws", REGION, entry));
export const clientTargetOf = (client: AppClient, entry: UserPoolEntry = poolEntry({ clients: [client] })): ClientTarget =>
  clientTarget(poolScope(ACCOUNT, "aws", REGION, entry), client);
