// Generates a large, realistic snapshot: many pools, each with several app clients, a mix of good
// and bad settings, so that every rule has work to do.
import type { AppClient, Snapshot, UserPoolEntry } from "../src/snapshot/types.js";

/** A small deterministic PRNG, so that every run measures the same data. */
export function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function generateSnapshot(pools: number, clientsPerPool: number, seed = 42): Snapshot {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const account = "123456789012";
  const region = "eu-west-1";
  const userPools: UserPoolEntry[] = [];
  for (let p = 0; p < pools; p++) {
    const id = `${region}_Bench${String(p).padStart(6, "0")}`;
    const arn = `arn:aws:cognito-idp:${region}:${account}:userpool/${id}`;
    const clients: AppClient[] = [];
    for (let c = 0; c < clientsPerPool; c++) {
      const insecure = rnd() < 0.1;
      clients.push({
        ClientId: `client${p}x${c}`,
        ClientName: `app-${c}`,
        UserPoolId: id,
        ...(rnd() < 0.3 ? { ClientSecret: "REDACTED", secrets: [{ ClientSecretId: `client${p}x${c}--1700000000`, ClientSecretCreateDate: "2025-01-01T00:00:00.000Z" }] } : {}),
        RefreshTokenValidity: pick([1, 7, 30, 90, 3650]),
        AccessTokenValidity: pick([5, 15, 60, 1440]),
        IdTokenValidity: pick([5, 15, 60, 1440]),
        TokenValidityUnits: { RefreshToken: "days", AccessToken: "minutes", IdToken: "minutes" },
        EnableTokenRevocation: rnd() < 0.8,
        PreventUserExistenceErrors: rnd() < 0.7 ? "ENABLED" : "LEGACY",
        AllowedOAuthFlows: insecure ? ["implicit", "code"] : ["code"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: rnd() < 0.2 ? ["openid", "aws.cognito.signin.user.admin"] : ["openid", "email"],
        CallbackURLs: [insecure ? `http://app${c}.example.com/cb` : `https://app${c}.example.com/cb`, ...(rnd() < 0.1 ? ["http://localhost:3000/cb"] : [])],
        LogoutURLs: [`https://app${c}.example.com/`],
        ExplicitAuthFlows: rnd() < 0.3 ? ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] : ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ReadAttributes: rnd() < 0.5 ? [] : ["email", "custom:tenant_id"],
        WriteAttributes: rnd() < 0.5 ? [] : ["email"],
        CreationDate: "2024-06-01T00:00:00.000Z",
      });
    }
    const trigger = `arn:aws:lambda:${region}:${rnd() < 0.1 ? "999999999999" : account}:function:pre-token-${p % 50}`;
    userPools.push({
      userPool: {
        Id: id,
        Name: `pool-${p}`,
        Arn: arn,
        MfaConfiguration: pick(["OFF", "ON", "OPTIONAL"] as const),
        DeletionProtection: rnd() < 0.5 ? "ACTIVE" : "INACTIVE",
        UserPoolTier: pick(["LITE", "ESSENTIALS", "PLUS"] as const),
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: rnd() < 0.6 },
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: rnd() < 0.8 ? ["email"] : [],
        LambdaConfig: { PreTokenGeneration: trigger },
        Policies: { PasswordPolicy: { MinimumLength: pick([6, 8, 12, 16]), RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: rnd() < 0.5, TemporaryPasswordValidityDays: 7 } },
        SchemaAttributes: [
          { Name: "sub", AttributeDataType: "String", Mutable: false },
          { Name: "email", AttributeDataType: "String", Mutable: true },
          { Name: "custom:tenant_id", AttributeDataType: "String", Mutable: rnd() < 0.5 },
          ...(rnd() < 0.05 ? [{ Name: "custom:api_key", AttributeDataType: "String" as const, Mutable: true }] : []),
        ],
        UserPoolAddOns: { AdvancedSecurityMode: pick(["OFF", "AUDIT", "ENFORCED"] as const) },
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: rnd() < 0.5 ? ["email"] : [] },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
        UsernameConfiguration: { CaseSensitive: false },
        EmailConfiguration: { EmailSendingAccount: rnd() < 0.5 ? "DEVELOPER" : "COGNITO_DEFAULT" },
      },
      mfaConfig: { MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } },
      riskConfiguration: null,
      clientRiskConfigurations: {},
      clients,
      identityProviders: [],
      resourceServers: [],
      groups: [],
      domains: [],
      logDeliveryConfiguration: null,
      webAcl: rnd() < 0.5 ? null : { Name: "edge", Id: "1", ARN: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/1", DefaultAction: { Allow: {} }, VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: "edge" }, Rules: [] },
      lambdaFunctions: { [trigger]: { configuration: { FunctionArn: trigger, Runtime: pick(["nodejs22.x", "nodejs16.x", "python3.12"]) }, policy: null } },
      errors: [],
    });
  }
  return {
    format: "cognito-audit/snapshot",
    version: 1,
    collectedAt: "2026-11-26T12:00:00.000Z",
    source: "bench",
    accounts: [{ accountId: account, partition: "aws", regions: [{ region, userPools, trails: [], identityPools: [], errors: [] }] }],
  };
}
