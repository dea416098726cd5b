// Test data with safe defaults: each test states only what it is about.
import type { Finding } from "../../src/engine/findings.js";
import type { ResourceRef } from "../../src/snapshot/identifiers.js";
import type { AppClient, IdentityPool, LambdaFunction, RegionEntry, Snapshot, TrailEntry, UserPool, UserPoolEntry } from "../../src/snapshot/types.js";
import { clientTarget, poolScope, poolTarget, type ClientTarget, type PoolTarget } from "../../src/engine/resources.js";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";

let counter = 0;
const nextId = () => `${REGION}_Test${String(++counter).padStart(5, "0")}`;

/** A hardened pool: every rule passes on it (with poolEntry's defaults). */
export function userPool(overrides: Partial<UserPool> = {}): UserPool {
  const id = overrides.Id ?? nextId();
  return {
    Id: id,
    Name: `pool-${id}`,
    Arn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${id}`,
    MfaConfiguration: "ON",
    DeletionProtection: "ACTIVE",
    UserPoolTier: "PLUS",
    UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED", AdvancedSecurityAdditionalFlows: { CustomAuthMode: "ENFORCED" } },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    Policies: {
      PasswordPolicy: {
        MinimumLength: 15,
        RequireUppercase: true,
        RequireLowercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        PasswordHistorySize: 5,
        TemporaryPasswordValidityDays: 1,
      },
    },
    UsernameAttributes: ["email"],
    AutoVerifiedAttributes: ["email"],
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
    UsernameConfiguration: { CaseSensitive: false },
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
    EmailConfiguration: { EmailSendingAccount: "DEVELOPER", SourceArn: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/example.com` },
    LambdaConfig: {},
    SchemaAttributes: [
      { Name: "sub", AttributeDataType: "String", Mutable: false, Required: true },
      { Name: "email", AttributeDataType: "String", Mutable: true },
    ],
    ...overrides,
  };
}

/** Threat protection that blocks compromised credentials and high-risk sign-ins. */
export const strictRiskConfiguration = () => ({
  CompromisedCredentialsRiskConfiguration: { EventFilter: ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"] as ("SIGN_IN" | "PASSWORD_CHANGE" | "SIGN_UP")[], Actions: { EventAction: "BLOCK" as const } },
  AccountTakeoverRiskConfiguration: {
    Actions: {
      LowAction: { Notify: true, EventAction: "NO_ACTION" as const },
      MediumAction: { Notify: true, EventAction: "MFA_IF_CONFIGURED" as const },
      HighAction: { Notify: true, EventAction: "BLOCK" as const },
    },
  },
});

/** A web ACL that blocks sign-ups from outside a few countries. */
export const geoBlockingWebAcl = () => ({
  Name: "edge",
  Id: "1",
  ARN: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/edge/1`,
  DefaultAction: { Allow: {} },
  VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "edge" },
  Rules: [
    {
      Name: "geo",
      Priority: 0,
      Action: { Block: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "geo" },
      Statement: { NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: ["DE", "FR"] as never[] } } } },
    },
  ],
});

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
    RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 },
    AllowedOAuthFlows: ["code"],
    AllowedOAuthFlowsUserPoolClient: true,
    CallbackURLs: ["https://app.example.com/callback"],
    LogoutURLs: ["https://app.example.com/"],
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
    sessionConfiguration: { SSOSession: { MaxValidityMinutes: 60 } },
    ...overrides,
  };
}

export function poolEntry(overrides: Partial<UserPoolEntry> = {}): UserPoolEntry {
  const pool = overrides.userPool ?? userPool();
  const clients = overrides.clients ?? [appClient({ UserPoolId: pool.Id })];
  return {
    userPool: pool,
    mfaConfig: { MfaConfiguration: pool.MfaConfiguration, SoftwareTokenMfaConfiguration: { Enabled: true } },
    riskConfiguration: strictRiskConfiguration(),
    clientRiskConfigurations: Object.fromEntries(clients.map((c) => [c.ClientId ?? "", null])),
    clients,
    identityProviders: [],
    resourceServers: [],
    groups: [],
    domains: [],
    logDeliveryConfiguration: {
      UserPoolId: pool.Id,
      LogConfigurations: [{ LogLevel: "INFO", EventSource: "userAuthEvents", FirehoseConfiguration: { StreamArn: `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/auth` } }],
    },
    replicas: [],
    webAcl: geoBlockingWebAcl(),
    lambdaFunctions: {},
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

/** A hand-made pool for report tests that need findings without a scan. */
export const POOL_ARN = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_Hand00001`;
export const poolResource = (name = "hand-made"): ResourceRef => ({ arn: POOL_ARN, type: "AWS::Cognito::UserPool", name, accountId: ACCOUNT, region: REGION });

/** A failure of mfa-required (a configuration rule) on a hand-made pool; no fingerprint unless given. */
export function handFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "mfa-required",
    severity: "high",
    status: "fail",
    resource: poolResource(),
    poolArn: POOL_ARN,
    message: "MFA is OFF.",
    messageId: "off",
    remediation: "Require MFA.",
    ...overrides,
  };
}
