// Test data with safe defaults: each test states only what it is about.
import type { AppClient, IdentityPool, LambdaFunction, RegionEntry, Snapshot, TrailEntry, UserPool, UserPoolEntry } from "../../src/snapshot/types.js";
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

/**
 * A snapshot of one account and region. `region` adds region-level sections (trails, identity
 * pools, errors); by default the region has a logging multi-region trail and no identity pools.
 */
export function snapshotOf(entries: UserPoolEntry[], regionErrors: RegionEntry["errors"] = [], region: Partial<RegionEntry> = {}): Snapshot {
  return {
    format: "cognito-audit/snapshot",
    version: 1,
    collectedAt: "2026-11-26T12:00:00.000Z",
    source: "test",
    accounts: [
      {
        accountId: ACCOUNT,
        partition: "aws",
        regions: [{ region: REGION, userPools: entries, trails: [trail()], identityPools: [], ...region, errors: [...regionErrors, ...(region.errors ?? [])] }],
      },
    ],
  };
}

/** A Lambda function ARN in the test account (or another). */
export const functionArn = (name: string, account = ACCOUNT, region = REGION) => `arn:aws:lambda:${region}:${account}:function:${name}`;

/** A healthy trigger function: current runtime, invocable by Cognito only from this account's pool. */
export function lambdaFunction(arn: string, overrides: Partial<NonNullable<LambdaFunction["configuration"]>> = {}, policy?: LambdaFunction["policy"]): LambdaFunction {
  return {
    configuration: { FunctionArn: arn, FunctionName: arn.split(":")[6], Runtime: "nodejs22.x", ...overrides },
    policy:
      policy === undefined
        ? {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "cognito",
                Effect: "Allow",
                Principal: { Service: "cognito-idp.amazonaws.com" },
                Action: "lambda:InvokeFunction",
                Resource: arn,
                Condition: { ArnLike: { "AWS:SourceArn": `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/*` } },
              },
            ],
          }
        : policy,
  };
}

/** A multi-region trail that is logging all management events. */
export function trail(overrides: Partial<TrailEntry> = {}): TrailEntry {
  return {
    Name: "org-trail",
    TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`,
    HomeRegion: REGION,
    IsMultiRegionTrail: true,
    status: { IsLogging: true },
    eventSelectors: { EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] },
    ...overrides,
  };
}

export function identityPool(overrides: Partial<IdentityPool> = {}): IdentityPool {
  return {
    IdentityPoolId: `${REGION}:00000000-0000-0000-0000-${String(++counter).padStart(12, "0")}`,
    IdentityPoolName: "identities",
    AllowUnauthenticatedIdentities: false,
    AllowClassicFlow: false,
    ...overrides,
  };
}

export const poolTargetOf = (entry: UserPoolEntry): PoolTarget => poolTarget(poolScope(ACCOUNT, "aws", REGION, entry));
export const clientTargetOf = (client: AppClient, entry: UserPoolEntry = poolEntry({ clients: [client] })): ClientTarget =>
  clientTarget(poolScope(ACCOUNT, "aws", REGION, entry), client);
