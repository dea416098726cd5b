// The AWS estate the fake endpoint serves: N user pools × M app clients with everything the
// collector reads around them, generated deterministically from a seed. Every object is kept in
// its wire shape (dates as epoch seconds), exactly as the service would answer.
import { random } from "../generate.js";
import { hashUnit } from "./faults.js";

export interface EstateOptions {
  pools: number;
  clientsPerPool: number;
  seed: number;
  region?: string;
  accountId?: string;
  /** Identity pools in the region (default: one per five user pools, at least one). */
  identityPools?: number;
  /** CloudTrail events LookupEvents can return (default: 20 per user pool, at most 5,000). */
  events?: number;
  /** The newest event's time; the events spread over the 24 hours before it. */
  eventsEnd?: Date;
}

export type Wire = Record<string, unknown>;

export interface FakeClient {
  summary: Wire;
  description: Wire;
  secrets: Wire[];
  /** The client's own risk configuration, when it has one. */
  risk?: Wire;
}

export interface FakePool {
  id: string;
  summary: Wire;
  description: Wire;
  mfa: Wire;
  risk: Wire;
  clients: FakeClient[];
  providers: Wire[];
  resourceServers: Wire[];
  groups: Wire[];
  logDelivery: Wire;
  webAcl?: Wire;
}

export interface FakeFunction {
  configuration: Wire;
  /** The resource policy document (JSON text); absent: GetPolicy answers ResourceNotFoundException. */
  policy?: string;
}

export interface Estate {
  region: string;
  accountId: string;
  pools: FakePool[];
  poolsById: Map<string, FakePool>;
  domains: Map<string, Wire>;
  /** By function ARN. A trigger whose ARN is missing here does not exist. */
  functions: Map<string, FakeFunction>;
  /** Accounts whose functions the caller may not read (GetFunctionConfiguration answers AccessDenied). */
  foreignAccounts: Set<string>;
  identityPools: { summary: Wire; description: Wire }[];
  trails: { trail: Wire; status: Wire; selectors: Wire }[];
  /** LookupEvents items, newest first. */
  events: Wire[];
}

const FOREIGN_ACCOUNT = "999999999999";
/** 2025-06-01T00:00:00Z: a fixed base for every generated date, so that the data never depends on the clock. */
const BASE = 1_748_736_000;
const DAY = 86_400;

/** The seed of one (account, region) estate: every estate of an organization differs, each is reproducible. */
export const estateSeed = (seed: number, accountId: string, region: string) => Math.floor(hashUnit(`${seed}|${accountId}|${region}`) * 2 ** 32);

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const base62 = (n: number, width: number) => {
  let text = "";
  for (let i = 0; i < width; i++, n = Math.floor(n / 62)) text = BASE62[n % 62]! + text;
  return text;
};

/**
 * A user pool id as AWS writes it, `<region>_` and 9 letters and digits: 4 from the account and
 * region (so that ids differ across the estates of an organization), 5 from the pool's number.
 */
export const userPoolId = (region: string, accountId: string, p: number) =>
  `${region}_${base62(Math.floor(hashUnit(`${accountId}|${region}`) * 62 ** 4), 4)}${base62(p, 5)}`;

export function generateEstate(options: EstateOptions): Estate {
  const region = options.region ?? "eu-west-1";
  const accountId = options.accountId ?? "123456789012";
  const rnd = random(estateSeed(options.seed, accountId, region));
  const chance = (p: number) => rnd() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const int = (max: number) => Math.floor(rnd() * max);
  const date = () => BASE - int(365) * DAY - int(DAY);
  const estate: Estate = {
    region,
    accountId,
    pools: [],
    poolsById: new Map(),
    domains: new Map(),
    functions: new Map(),
    foreignAccounts: new Set([FOREIGN_ACCOUNT]),
    identityPools: [],
    trails: [],
    events: [],
  };

  // A few trigger functions shared by many pools, as in real estates.
  const functionCount = Math.max(8, Math.ceil(options.pools / 10));
  const functionArn = (n: number) => `arn:aws:lambda:${region}:${accountId}:function:trigger-${n}`;
  for (let n = 0; n < functionCount; n++) {
    const arn = functionArn(n);
    if (n % 7 === 6) continue; // deleted: the pool still names it
    const poolCondition = { ArnLike: { "AWS:SourceArn": `arn:aws:cognito-idp:${region}:${accountId}:userpool/*` } };
    estate.functions.set(arn, {
      configuration: {
        FunctionName: `trigger-${n}`,
        FunctionArn: arn,
        Runtime: pick(["nodejs20.x", "nodejs22.x", "python3.12", "nodejs16.x", "python3.8"]),
        Role: `arn:aws:iam::${accountId}:role/trigger-${n}`,
        Handler: "index.handler",
        CodeSize: 1024 + int(100_000),
        Timeout: pick([3, 5, 10]),
        MemorySize: pick([128, 256, 512]),
        LastModified: new Date((BASE - int(365) * DAY) * 1000).toISOString().replace("Z", "+0000"),
        CodeSha256: `sha-${n}`,
        Version: "$LATEST",
        State: "Active",
        PackageType: "Zip",
        Architectures: [pick(["x86_64", "arm64"])],
      },
      ...(n % 5 === 4
        ? {}
        : {
            policy: JSON.stringify({
              Version: "2012-10-17",
              Id: "default",
              Statement: [
                {
                  Sid: "cognito",
                  Effect: "Allow",
                  Principal: { Service: "cognito-idp.amazonaws.com" },
                  Action: "lambda:InvokeFunction",
                  Resource: arn,
                  ...(chance(0.7) ? { Condition: poolCondition } : {}),
                },
              ],
            }),
          }),
    });
  }

  for (let p = 0; p < options.pools; p++) {
    const pool = generatePool(p);
    estate.pools.push(pool);
    estate.poolsById.set(pool.id, pool);
  }

  const identityPools = options.identityPools ?? Math.max(1, Math.ceil(options.pools / 5));
  // Identity pool ids are unique across accounts, as AWS's are.
  const identityPrefix = Math.floor(hashUnit(`identity|${accountId}|${region}`) * 2 ** 32).toString(16).padStart(8, "0");
  for (let i = 0; i < identityPools; i++) {
    const IdentityPoolId = `${region}:${identityPrefix}-0000-4000-8000-${String(i).padStart(12, "0")}`;
    const IdentityPoolName = `identities_${i}`;
    const linked = estate.pools.length ? estate.pools[int(estate.pools.length)]! : undefined;
    estate.identityPools.push({
      summary: { IdentityPoolId, IdentityPoolName },
      description: {
        IdentityPoolId,
        IdentityPoolName,
        AllowUnauthenticatedIdentities: chance(0.3),
        AllowClassicFlow: chance(0.2),
        ...(linked
          ? {
              CognitoIdentityProviders: [
                {
                  ProviderName: `cognito-idp.${region}.amazonaws.com/${linked.id}`,
                  ClientId: (linked.clients[0]?.summary.ClientId as string | undefined) ?? "none",
                  ServerSideTokenCheck: chance(0.5),
                },
              ],
            }
          : {}),
      },
    });
  }

  for (const [i, name] of ["organization-trail", "audit-trail"].entries()) {
    const TrailARN = `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
    estate.trails.push({
      trail: {
        Name: name,
        S3BucketName: `${name}-logs-${accountId}`,
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: i === 0,
        HomeRegion: region,
        TrailARN,
        LogFileValidationEnabled: chance(0.5),
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        IsOrganizationTrail: i === 0,
      },
      status: { IsLogging: i === 0 || chance(0.5), LatestDeliveryTime: BASE - int(DAY), StartLoggingTime: BASE - 400 * DAY },
      selectors: { TrailARN, EventSelectors: [{ ReadWriteType: pick(["All", "WriteOnly"]), IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] },
    });
  }

  const eventCount = options.events ?? Math.min(options.pools * 20, 5_000);
  const end = Math.floor((options.eventsEnd ?? new Date("2026-01-01T00:00:00Z")).getTime() / 1000);
  const times = Array.from({ length: eventCount }, () => end - int(DAY)).sort((a, b) => b - a);
  for (const [n, time] of times.entries()) estate.events.push(generateEvent(n, time));
  return estate;

  function generatePool(p: number): FakePool {
    const id = userPoolId(region, accountId, p);
    const name = `pool-${p}`;
    const Arn = `arn:aws:cognito-idp:${region}:${accountId}:userpool/${id}`;
    const created = date();
    const tier = pick(["LITE", "ESSENTIALS", "PLUS"]);
    const security = tier === "PLUS" ? pick(["AUDIT", "ENFORCED"]) : "OFF";
    const mfa = pick(["OFF", "ON", "OPTIONAL"]);
    const LambdaConfig: Wire = {};
    if (chance(0.6)) LambdaConfig.PreTokenGeneration = functionArn(int(functionCount));
    if (chance(0.2)) LambdaConfig.PostConfirmation = functionArn(int(functionCount));
    if (chance(0.05)) LambdaConfig.UserMigration = `arn:aws:lambda:${region}:${FOREIGN_ACCOUNT}:function:migrate`;
    const Domain = chance(0.6) ? `auth-${p}-${accountId}` : undefined;
    const CustomDomain = chance(0.2) ? `login${p}.example.com` : undefined;
    for (const domain of [Domain, CustomDomain]) {
      if (!domain) continue;
      estate.domains.set(domain, {
        UserPoolId: id,
        AWSAccountId: accountId,
        Domain: domain,
        CloudFrontDistribution: `d${p}.cloudfront.net`,
        Version: "20250601",
        Status: "ACTIVE",
        ManagedLoginVersion: pick([1, 2]),
        ...(domain === CustomDomain ? { CustomDomainConfig: { CertificateArn: `arn:aws:acm:us-east-1:${accountId}:certificate/${p}` } } : {}),
      });
    }
    const description: Wire = {
      Id: id,
      Name: name,
      Arn,
      Status: "Enabled",
      CreationDate: created,
      LastModifiedDate: created + int(30) * DAY,
      Policies: {
        PasswordPolicy: {
          MinimumLength: pick([6, 8, 12, 16]),
          RequireUppercase: chance(0.8),
          RequireLowercase: chance(0.8),
          RequireNumbers: chance(0.8),
          RequireSymbols: chance(0.5),
          PasswordHistorySize: pick([0, 5, 24]),
          TemporaryPasswordValidityDays: pick([1, 7, 30]),
        },
        SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] },
      },
      DeletionProtection: pick(["ACTIVE", "INACTIVE"]),
      LambdaConfig,
      SchemaAttributes: [
        { Name: "sub", AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: false, Required: true, StringAttributeConstraints: { MinLength: "1", MaxLength: "2048" } },
        { Name: "email", AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: true, Required: false, StringAttributeConstraints: { MinLength: "0", MaxLength: "2048" } },
        { Name: "custom:tenant_id", AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: chance(0.5), Required: false, StringAttributeConstraints: {} },
      ],
      AutoVerifiedAttributes: chance(0.8) ? ["email"] : [],
      UsernameAttributes: ["email"],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: chance(0.5) ? ["email"] : [] },
      MfaConfiguration: mfa,
      EstimatedNumberOfUsers: int(100_000),
      EmailConfiguration: { EmailSendingAccount: pick(["COGNITO_DEFAULT", "DEVELOPER"]) },
      UserPoolAddOns: { AdvancedSecurityMode: security },
      UsernameConfiguration: { CaseSensitive: chance(0.2) },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: chance(0.6) },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: pick(["verified_email", "verified_phone_number"]), Priority: 1 }] },
      UserPoolTier: tier,
      ...(Domain ? { Domain } : {}),
      ...(CustomDomain ? { CustomDomain } : {}),
    };
    const riskOf = (ClientId?: string): Wire => ({
      UserPoolId: id,
      ...(ClientId ? { ClientId } : {}),
      CompromisedCredentialsRiskConfiguration: { EventFilter: ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"], Actions: { EventAction: pick(["BLOCK", "NO_ACTION"]) } },
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { Notify: false, EventAction: "NO_ACTION" },
          MediumAction: { Notify: true, EventAction: pick(["MFA_IF_CONFIGURED", "NO_ACTION"]) },
          HighAction: { Notify: true, EventAction: pick(["BLOCK", "MFA_REQUIRED"]) },
        },
      },
      ...(chance(0.2) ? { RiskExceptionConfiguration: { SkippedIPRangeList: [pick(["10.0.0.0/8", "0.0.0.0/0", "192.0.2.0/24"])] } } : {}),
      LastModifiedDate: created + DAY,
    });
    const clients: FakeClient[] = [];
    for (let c = 0; c < options.clientsPerPool; c++) {
      const ClientId = `${p.toString(36)}x${c.toString(36)}${Math.floor(rnd() * 2 ** 32).toString(36)}`.padEnd(26, "0");
      const ClientName = `app-${c}`;
      const confidential = chance(0.3);
      const insecure = chance(0.1);
      const secretDates = confidential ? Array.from({ length: 1 + int(2) }, () => date()) : [];
      clients.push({
        summary: { ClientId, UserPoolId: id, ClientName },
        description: {
          UserPoolId: id,
          ClientName,
          ClientId,
          // A made-up value: the collector must redact it before anything stores it.
          ...(confidential ? { ClientSecret: `fake-secret-${p}-${c}-${int(1e9)}` } : {}),
          LastModifiedDate: created + DAY,
          CreationDate: created,
          RefreshTokenValidity: pick([1, 7, 30, 90, 3650]),
          AccessTokenValidity: pick([5, 15, 60, 1440]),
          IdTokenValidity: pick([5, 15, 60, 1440]),
          TokenValidityUnits: { RefreshToken: "days", AccessToken: "minutes", IdToken: "minutes" },
          ReadAttributes: chance(0.5) ? [] : ["email", "custom:tenant_id"],
          WriteAttributes: chance(0.5) ? [] : ["email"],
          ExplicitAuthFlows: chance(0.3) ? ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] : ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          SupportedIdentityProviders: ["COGNITO"],
          CallbackURLs: [insecure ? `http://app${c}.example.com/cb` : `https://app${c}.example.com/cb`, ...(chance(0.1) ? ["http://localhost:3000/cb"] : [])],
          LogoutURLs: [`https://app${c}.example.com/`],
          AllowedOAuthFlows: insecure ? ["implicit", "code"] : ["code"],
          AllowedOAuthScopes: chance(0.2) ? ["openid", "aws.cognito.signin.user.admin"] : ["openid", "email"],
          AllowedOAuthFlowsUserPoolClient: true,
          PreventUserExistenceErrors: chance(0.7) ? "ENABLED" : "LEGACY",
          EnableTokenRevocation: chance(0.8),
          EnablePropagateAdditionalUserContextData: false,
          AuthSessionValidity: 3,
        },
        secrets: secretDates.map((created, n) => ({ ClientSecretId: `${ClientId}--${created}${n}`, ClientSecretCreateDate: created })),
        ...(security !== "OFF" && chance(0.3) ? { risk: riskOf(ClientId) } : {}),
      });
    }
    const providers: Wire[] = [];
    for (let i = 0, n = int(4); i < n; i++) {
      const type = pick(["SAML", "OIDC", "Google"]);
      const ProviderName = type === "Google" ? "Google" : `${type.toLowerCase()}-${i}`;
      if (providers.some((provider) => provider.ProviderName === ProviderName)) continue;
      const ProviderDetails: Record<string, string> =
        type === "SAML"
          ? { MetadataURL: `https://idp${i}.example.com/metadata`, IDPSignout: "false", IDPInit: String(chance(0.3)), EncryptedResponses: String(chance(0.5)) }
          : type === "OIDC"
            ? { client_id: `oidc-${p}-${i}`, authorize_scopes: "openid email", oidc_issuer: `https://issuer${i}.example.com`, attributes_request_method: "GET" }
            : { client_id: `google-${p}`, authorize_scopes: "openid email profile" };
      providers.push({
        UserPoolId: id,
        ProviderName,
        ProviderType: type,
        ProviderDetails,
        AttributeMapping: { email: "email", ...(chance(0.2) ? { "custom:tenant_id": "groups" } : {}) },
        IdpIdentifiers: [],
        LastModifiedDate: created + DAY,
        CreationDate: created,
      });
    }
    const resourceServers = Array.from({ length: int(3) }, (_, i) => ({
      UserPoolId: id,
      Identifier: `https://api${i}.example.com`,
      Name: `api-${i}`,
      Scopes: [
        { ScopeName: "read", ScopeDescription: "Read access" },
        ...(chance(0.5) ? [{ ScopeName: "admin", ScopeDescription: "Administration" }] : []),
      ],
    }));
    const groups = Array.from({ length: int(5) }, (_, i) => ({
      GroupName: pick(["admins", "users", "support", "billing", "readonly"]) + `-${i}`,
      UserPoolId: id,
      Description: `group ${i}`,
      ...(chance(0.5) ? { RoleArn: `arn:aws:iam::${accountId}:role/group-${i}` } : {}),
      Precedence: i,
      LastModifiedDate: created + DAY,
      CreationDate: created,
    }));
    const logging = chance(0.4);
    return {
      id,
      summary: { Id: id, Name: name, LambdaConfig, Status: "Enabled", LastModifiedDate: description.LastModifiedDate, CreationDate: created },
      description,
      mfa: {
        MfaConfiguration: mfa,
        SoftwareTokenMfaConfiguration: { Enabled: mfa !== "OFF" && chance(0.8) },
        ...(chance(0.3) ? { SmsMfaConfiguration: { SmsAuthenticationMessage: "Your code is {####}", SmsConfiguration: { SnsCallerArn: `arn:aws:iam::${accountId}:role/sms`, ExternalId: "x", SnsRegion: region } } } : {}),
      },
      risk: security === "OFF" ? { UserPoolId: id } : riskOf(),
      clients,
      providers,
      resourceServers,
      groups,
      logDelivery: {
        UserPoolId: id,
        LogConfigurations: logging
          ? [{ LogLevel: "INFO", EventSource: "userAuthEvents", CloudWatchLogsConfiguration: { LogGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:/cognito/${id}` } }]
          : [],
      },
      ...(chance(0.5)
        ? {
            webAcl: {
              Name: `acl-${p}`,
              Id: `00000000-0000-4000-9000-${String(p).padStart(12, "0")}`,
              ARN: `arn:aws:wafv2:${region}:${accountId}:regional/webacl/acl-${p}/${p}`,
              DefaultAction: { Allow: {} },
              Description: "",
              Rules: [
                {
                  Name: "rate-limit",
                  Priority: 0,
                  Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: "IP", EvaluationWindowSec: 300 } },
                  Action: { Block: {} },
                  VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "rate-limit" },
                },
              ],
              VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: `acl-${p}` },
              Capacity: 2,
              ManagedByFirewallManager: false,
              LabelNamespace: `awswaf:${accountId}:webacl:acl-${p}:`,
            },
          }
        : {}),
    };
  }

  /**
   * Every tenth event (when the estate has identity pools) is an identity pool management call, in
   * the shape of the developer guide's CreateIdentityPool example (event source
   * cognito-identity.amazonaws.com): LookupEvents serves it to a lookup of that source only.
   */
  function generateIdentityEvent(n: number, time: number): Wire {
    const pool = estate.identityPools[int(estate.identityPools.length)]!;
    const IdentityPoolId = String(pool.summary.IdentityPoolId);
    const EventName = pick(["UpdateIdentityPool", "SetIdentityPoolRoles", "DescribeIdentityPool"]);
    const EventId = `00000000-0000-4000-b000-${String(n).padStart(12, "0")}`;
    const request =
      EventName === "SetIdentityPoolRoles"
        ? { identityPoolId: IdentityPoolId, roles: { authenticated: `arn:aws:iam::${accountId}:role/identities-auth` } }
        : EventName === "UpdateIdentityPool"
          ? { identityPoolId: IdentityPoolId, identityPoolName: pool.summary.IdentityPoolName, allowUnauthenticatedIdentities: pool.description.AllowUnauthenticatedIdentities }
          : { identityPoolId: IdentityPoolId };
    const record = {
      eventVersion: "1.08",
      userIdentity: { type: "AssumedRole", principalId: "AROAEXAMPLE:admin", arn: `arn:aws:sts::${accountId}:assumed-role/admin/alice`, accountId },
      eventTime: cloudTrailTime(time),
      eventSource: "cognito-identity.amazonaws.com",
      eventName: EventName,
      awsRegion: region,
      sourceIPAddress: `198.51.100.${1 + int(50)}`,
      userAgent: "aws-sdk-js/3.0",
      requestParameters: request,
      responseElements: EventName === "UpdateIdentityPool" ? request : null,
      requestID: EventId,
      eventID: EventId,
      readOnly: EventName === "DescribeIdentityPool",
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: "Management",
    };
    return lookupEntry(record, time, "alice", [{ ResourceType: "AWS::Cognito::IdentityPool", ResourceName: IdentityPoolId }]);
  }

  function generateEvent(n: number, time: number): Wire {
    if (estate.identityPools.length > 0 && n % 10 === 9) return generateIdentityEvent(n, time);
    const pool = estate.pools.length ? estate.pools[int(estate.pools.length)] : undefined;
    const clientId = pool?.clients.length ? String(pool.clients[int(pool.clients.length)]!.summary.ClientId) : undefined;
    const EventName = pick(["InitiateAuth", "InitiateAuth", "RespondToAuthChallenge", "SignUp", "ForgotPassword", "AdminInitiateAuth", "UpdateUserPool"]);
    const failed = EventName.endsWith("InitiateAuth") && chance(0.2);
    const admin = EventName.startsWith("Admin") || EventName === "UpdateUserPool";
    const EventId = `00000000-0000-4000-a000-${String(n).padStart(12, "0")}`;
    const eventTime = cloudTrailTime(time);
    const record = {
      eventVersion: "1.10",
      userIdentity: admin ? { type: "AssumedRole", principalId: "AROAEXAMPLE:admin", arn: `arn:aws:sts::${accountId}:assumed-role/admin/alice`, accountId } : { type: "Unknown", principalId: "Anonymous" },
      eventTime,
      eventSource: "cognito-idp.amazonaws.com",
      eventName: EventName,
      awsRegion: region,
      sourceIPAddress: `198.51.100.${1 + int(50)}`,
      userAgent: "aws-sdk-js/3.0",
      ...(failed ? { errorCode: "NotAuthorizedException", errorMessage: "Incorrect username or password." } : {}),
      requestParameters: {
        ...(clientId ? { clientId } : {}),
        ...(admin && pool ? { userPoolId: pool.id } : {}),
        ...(EventName.endsWith("InitiateAuth") ? { authFlow: "USER_SRP_AUTH", authParameters: "HIDDEN_DUE_TO_SECURITY_REASONS" } : {}),
      },
      responseElements: null,
      requestID: EventId,
      eventID: EventId,
      readOnly: false,
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: "Management",
    };
    return lookupEntry(record, time, admin ? "alice" : "HIDDEN_DUE_TO_SECURITY_REASONS", pool ? [{ ResourceType: "AWS::Cognito::UserPool", ResourceName: pool.id }] : []);
  }
}

/** A LookupEvents entry around a CloudTrail record: its id, name, source and read-only flag come from the record. */
function lookupEntry(record: { eventID: string; eventName: string; eventSource: string; readOnly: boolean }, time: number, Username: string, Resources: { ResourceType: string; ResourceName: string }[]): Wire {
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly),
    EventTime: time,
    EventSource: record.eventSource,
    Username,
    Resources,
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** An event time (epoch seconds) as CloudTrail writes it: ISO 8601 without milliseconds. */
function cloudTrailTime(time: number): string {
  return new Date(time * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** What a complete collection of an estate holds: the benchmark's measure of resources lost. */
export interface ExpectedResources {
  userPools: number;
  appClients: number;
  /** ListUserPoolClientSecrets items over all clients. */
  clientSecrets: number;
  identityProviders: number;
  resourceServers: number;
  groups: number;
  /** Prefix and custom domains the pools name (DescribeUserPoolDomain answers). */
  domains: number;
  webAcls: number;
  /** Distinct trigger functions of this account that exist and some pool names (foreign and deleted ones excluded). */
  functions: number;
  identityPools: number;
  trails: number;
  /** Every LookupEvents item of the estate (a collection window may hold fewer). */
  events: number;
}

export function expectedResources(estate: Estate): ExpectedResources {
  const sum = (count: (pool: FakePool) => number) => estate.pools.reduce((total, pool) => total + count(pool), 0);
  const functions = new Set<string>();
  for (const pool of estate.pools) {
    for (const arn of Object.values((pool.description.LambdaConfig ?? {}) as Record<string, unknown>)) {
      if (typeof arn === "string" && estate.functions.has(arn)) functions.add(arn);
    }
  }
  return {
    userPools: estate.pools.length,
    appClients: sum((pool) => pool.clients.length),
    clientSecrets: sum((pool) => pool.clients.reduce((total, client) => total + client.secrets.length, 0)),
    identityProviders: sum((pool) => pool.providers.length),
    resourceServers: sum((pool) => pool.resourceServers.length),
    groups: sum((pool) => pool.groups.length),
    domains: sum((pool) => [pool.description.Domain, pool.description.CustomDomain].filter((d) => typeof d === "string" && estate.domains.has(d)).length),
    webAcls: sum((pool) => (pool.webAcl ? 1 : 0)),
    functions: functions.size,
    identityPools: estate.identityPools.length,
    trails: estate.trails.length,
    events: estate.events.length,
  };
}
