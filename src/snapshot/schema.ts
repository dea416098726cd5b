// JSON Schema of snapshot v1. It types every field a rule reads and lets unknown fields through
// inside the API-shaped sections, because AWS adds response fields often.
const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;
const int = { type: "integer" } as const;
const strList = { type: "array", items: str } as const;
const enumOf = (...values: string[]) => ({ type: "string", enum: values });
const open = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  properties,
  required,
  additionalProperties: true,
});
const tokenUnit = enumOf("seconds", "minutes", "hours", "days");

const collectionError = {
  type: "object",
  properties: { operation: str, code: str, message: str, resource: str },
  required: ["operation", "code", "message"],
  additionalProperties: false,
};
const errors = { type: "array", items: collectionError };
const notes = strList;

const userPool = open(
  {
    Id: str,
    Name: str,
    Arn: str,
    MfaConfiguration: enumOf("OFF", "ON", "OPTIONAL"),
    DeletionProtection: enumOf("ACTIVE", "INACTIVE"),
    UserPoolTier: enumOf("LITE", "ESSENTIALS", "PLUS"),
    LambdaConfig: { type: "object", additionalProperties: true },
    AdminCreateUserConfig: open({ AllowAdminCreateUserOnly: bool }),
    UsernameAttributes: strList,
    AliasAttributes: strList,
    AutoVerifiedAttributes: strList,
    SchemaAttributes: {
      type: "array",
      items: open({ Name: str, Mutable: bool, DeveloperOnlyAttribute: bool, AttributeDataType: str }),
    },
    Domain: str,
    CustomDomain: str,
    UserPoolAddOns: open({
      AdvancedSecurityMode: enumOf("OFF", "AUDIT", "ENFORCED"),
      AdvancedSecurityAdditionalFlows: open({ CustomAuthMode: enumOf("AUDIT", "ENFORCED") }),
    }),
    AccountRecoverySetting: open({ RecoveryMechanisms: { type: "array", items: open({ Name: str, Priority: int }) } }),
    UserAttributeUpdateSettings: open({ AttributesRequireVerificationBeforeUpdate: strList }),
    UsernameConfiguration: open({ CaseSensitive: bool }),
    EmailConfiguration: open({ EmailSendingAccount: enumOf("COGNITO_DEFAULT", "DEVELOPER") }),
    SmsConfiguration: open({ SnsCallerArn: str }),
    SmsConfigurationFailure: str,
    Policies: open({
      PasswordPolicy: open({
        MinimumLength: int,
        RequireUppercase: bool,
        RequireLowercase: bool,
        RequireNumbers: bool,
        RequireSymbols: bool,
        TemporaryPasswordValidityDays: int,
        PasswordHistorySize: int,
      }),
      SignInPolicy: open({ AllowedFirstAuthFactors: strList }),
    }),
    DeviceConfiguration: open({ ChallengeRequiredOnNewDevice: bool, DeviceOnlyRememberedOnUserPrompt: bool }),
    DcrConfiguration: open({ EnableStatus: enumOf("Enabled", "Disabled"), OpenDcrEnabled: bool, AuthenticatedGrantTypes: strList, OpenDcrGrantTypes: strList, AllowedScopes: strList }),
  },
  ["Id", "Arn"],
);

const client = open(
  {
    ClientId: str,
    ClientName: str,
    UserPoolId: str,
    ClientSecret: enumOf("REDACTED"),
    RefreshTokenValidity: int,
    AccessTokenValidity: int,
    IdTokenValidity: int,
    TokenValidityUnits: open({ AccessToken: tokenUnit, IdToken: tokenUnit, RefreshToken: tokenUnit }),
    EnableTokenRevocation: bool,
    PreventUserExistenceErrors: enumOf("ENABLED", "LEGACY"),
    AllowedOAuthFlows: { type: "array", items: enumOf("code", "implicit", "client_credentials") },
    AllowedOAuthFlowsUserPoolClient: bool,
    CallbackURLs: strList,
    LogoutURLs: strList,
    DefaultRedirectURI: str,
    ReadAttributes: strList,
    WriteAttributes: strList,
    ExplicitAuthFlows: strList,
    AllowedOAuthScopes: strList,
    RefreshTokenRotation: open({ Feature: enumOf("ENABLED", "DISABLED") }),
    EnablePropagateAdditionalUserContextData: bool,
    CreationDate: str,
    secrets: { type: "array", items: open({ ClientSecretId: str, ClientSecretCreateDate: str }) },
    sessionConfiguration: { type: "object", properties: { SSOSession: open({ MaxValidityMinutes: int }) }, additionalProperties: false },
  },
  ["ClientId"],
);

const identityProvider = open(
  {
    ProviderName: str,
    ProviderType: str,
    ProviderDetails: {
      type: "object",
      properties: { client_secret: enumOf("REDACTED") },
      additionalProperties: str,
    },
    AttributeMapping: { type: "object", additionalProperties: str },
  },
  ["ProviderName"],
);

/** null: collected, and there is none. Allowed only where types.ts (UserPoolEntry) says so; lists use []. */
const nullable = (schema: object) => ({ anyOf: [schema, { type: "null" }] });
const riskAction = open({ EventAction: enumOf("BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION"), Notify: bool });
const riskConfiguration = open({
  CompromisedCredentialsRiskConfiguration: open({ EventFilter: strList, Actions: open({ EventAction: enumOf("BLOCK", "NO_ACTION") }) }),
  AccountTakeoverRiskConfiguration: open({ Actions: open({ LowAction: riskAction, MediumAction: riskAction, HighAction: riskAction }) }),
  RiskExceptionConfiguration: open({ BlockedIPRangeList: strList, SkippedIPRangeList: strList }),
});

const stringOrList = { anyOf: [str, strList] };
const policyStatement = open({
  Effect: str,
  Principal: { anyOf: [str, { type: "object", additionalProperties: stringOrList }] },
  Action: stringOrList,
  Condition: { type: "object", additionalProperties: { type: "object", additionalProperties: stringOrList } },
});
const lambdaFunction = {
  type: "object",
  properties: {
    configuration: nullable(open({ FunctionArn: str, Runtime: str, FunctionName: str })),
    policy: nullable(open({ Statement: { anyOf: [policyStatement, { type: "array", items: policyStatement }] } })),
  },
  additionalProperties: false,
};
const webAcl = open({ Name: str, ARN: str, Rules: { type: "array", items: open({ Name: str, Statement: { type: "object" }, Action: { type: "object" } }) } });

/** One entry of a region's userPools: validated one at a time as a large snapshot is read. */
export const userPoolEntrySchema = {
  type: "object",
  properties: {
    userPool,
    mfaConfig: open({
      MfaConfiguration: enumOf("OFF", "ON", "OPTIONAL"),
      SoftwareTokenMfaConfiguration: open({ Enabled: bool }),
      SmsMfaConfiguration: open({ SmsConfiguration: open({ SnsCallerArn: str }) }),
      EmailMfaConfiguration: open({}),
      WebAuthnConfiguration: open({ FactorConfiguration: str, RelyingPartyId: str, UserVerification: str }),
    }),
    riskConfiguration: nullable(riskConfiguration),
    // null where "collected, there is none" is an answer of its own (types.ts, UserPoolEntry); lists are empty instead.
    clientRiskConfigurations: nullable({ type: "object", additionalProperties: nullable(riskConfiguration) }),
    clients: { type: "array", items: client },
    identityProviders: { type: "array", items: identityProvider },
    resourceServers: { type: "array", items: open({ Identifier: str }) },
    groups: { type: "array", items: open({ GroupName: str }) },
    domains: { type: "array", items: open({ Domain: str, CustomDomainConfig: open({ SecurityPolicy: str }) }) },
    logDeliveryConfiguration: nullable(open({ LogConfigurations: { type: "array", items: open({ LogLevel: str, EventSource: str }) } })),
    replicas: { type: "array", items: open({ RegionName: str, Status: str, Role: str, UserPoolArn: str }) },
    webAcl: nullable(webAcl),
    lambdaFunctions: { type: "object", additionalProperties: lambdaFunction },
    notes,
    errors,
  },
  required: ["userPool", "errors"],
  additionalProperties: false,
};

/** Snapshot v1 whose user pools are `pool` (frameSchema leaves them to userPoolEntrySchema). */
const snapshotOf = (pool: object) => ({
  $id: "https://cognito-audit.dev/schemas/snapshot-v1.json",
  title: "cognito-audit snapshot v1",
  type: "object",
  properties: {
    format: { const: "cognito-audit/snapshot" },
    version: { const: 1 },
    collectedAt: { type: "string", format: "date-time" },
    source: str,
    accounts: {
      type: "array",
      items: {
        type: "object",
        properties: {
          accountId: str,
          partition: str,
          name: str,
          errors,
          regions: {
            type: "array",
            items: {
              type: "object",
              properties: {
                region: str,
                userPools: { type: "array", items: pool },
                trails: {
                  type: "array",
                  items: open({
                    Name: str,
                    TrailARN: str,
                    HomeRegion: str,
                    IsMultiRegionTrail: bool,
                    status: open({ IsLogging: bool }),
                    eventSelectors: open({
                      EventSelectors: { type: "array", items: open({ ReadWriteType: enumOf("ReadOnly", "WriteOnly", "All"), IncludeManagementEvents: bool }) },
                      AdvancedEventSelectors: { type: "array", items: open({ FieldSelectors: { type: "array", items: open({ Field: str, Equals: strList, NotEquals: strList }) } }) },
                    }),
                  }),
                },
                cloudTrailEvents: {
                  type: "object",
                  properties: {
                    source: { const: "lookup" },
                    start: { type: "string", format: "date-time" },
                    end: { type: "string", format: "date-time" },
                    eventSources: strList,
                    truncated: bool,
                    events: { type: "array", items: open({ eventName: str, eventTime: str, eventSource: str }) },
                  },
                  required: ["source", "start", "end", "truncated", "events"],
                  additionalProperties: false,
                },
                identityPools: {
                  type: "array",
                  items: open(
                    {
                      IdentityPoolId: str,
                      IdentityPoolName: str,
                      AllowUnauthenticatedIdentities: bool,
                      AllowClassicFlow: bool,
                      CognitoIdentityProviders: { type: "array", items: open({ ProviderName: str, ClientId: str, ServerSideTokenCheck: bool }) },
                      roles: open({
                        Roles: { type: "object", additionalProperties: str },
                        RoleMappings: {
                          type: "object",
                          additionalProperties: open({
                            Type: str,
                            AmbiguousRoleResolution: str,
                            RulesConfiguration: open({ Rules: { type: "array", items: open({ Claim: str, MatchType: str, Value: str, RoleARN: str }) } }),
                          }),
                        },
                      }),
                      principalTags: {
                        type: "object",
                        additionalProperties: { anyOf: [{ type: "null" }, open({ UseDefaults: bool, PrincipalTags: { type: "object", additionalProperties: str } })] },
                      },
                    },
                    ["IdentityPoolId"],
                  ),
                },
                notes,
                errors,
              },
              required: ["region", "userPools", "errors"],
              additionalProperties: true,
            },
          },
        },
        required: ["accountId", "partition", "regions"],
        additionalProperties: false,
      },
    },
  },
  required: ["format", "version", "collectedAt", "accounts"],
  additionalProperties: false,
});

export const snapshotSchema = snapshotOf(userPoolEntrySchema);
/** Everything of a snapshot but its user pools, each of which is checked on its own. */
export const frameSchema = snapshotOf({});
