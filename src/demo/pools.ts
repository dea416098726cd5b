// Example user pools for the demo, as cognito-local stores them: deliberately misconfigured.
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const created = "2024-03-01T09:00:00.000Z";

const standardAttributes = ["sub", "email", "email_verified", "name", "phone_number"].map((Name) => ({
  Name,
  AttributeDataType: Name === "email_verified" ? "Boolean" : "String",
  DeveloperOnlyAttribute: false,
  Mutable: Name !== "sub",
  Required: Name === "sub",
}));
const custom = (name: string) => ({ Name: `custom:${name}`, AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: true, Required: false });

function pool(id: string, name: string, settings: object) {
  return {
    Users: {},
    Options: {
      Id: id,
      Name: name,
      Arn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${id}`,
      CreationDate: created,
      LastModifiedDate: created,
      LambdaConfig: {},
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 3 } },
      SchemaAttributes: standardAttributes,
      ...settings,
    },
  };
}

function client(poolId: string, clientId: string, name: string, settings: object) {
  return {
    ClientId: clientId,
    ClientName: name,
    UserPoolId: poolId,
    CreationDate: created,
    LastModifiedDate: created,
    ...settings,
  };
}

/** What a careful team sets on every pool (and the emulator reports back). */
const hygiene = {
  AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
  UsernameConfiguration: { CaseSensitive: false },
  EmailConfiguration: { EmailSendingAccount: "DEVELOPER", SourceArn: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/example.com`, From: "no-reply@example.com" },
  UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED", AdvancedSecurityAdditionalFlows: { CustomAuthMode: "ENFORCED" } },
};

const HARDENED = "us-east-1_Hard3n3d1";
const INCIDENTS = "us-east-1_Inc1dent5";
const LEGACY = "us-east-1_L3gacyMob";

export const DEMO_REGION = REGION;

export const demoPools: Record<string, object> = {
  [HARDENED]: pool(HARDENED, "corp-admin-portal", {
    ...hygiene,
    MfaConfiguration: "ON",
    SoftwareTokenMfaConfiguration: { Enabled: true },
    DeletionProtection: "ACTIVE",
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
  }),
  [INCIDENTS]: pool(INCIDENTS, "incident-reporting-staff", {
    ...hygiene,
    MfaConfiguration: "ON",
    SoftwareTokenMfaConfiguration: { Enabled: true },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    SchemaAttributes: [...standardAttributes, custom("department")],
  }),
  [LEGACY]: pool(LEGACY, "legacy-mobile-app", {
    MfaConfiguration: "OFF",
    LambdaConfig: {
      // Left over from the move off the old user database, and a token enricher run by an agency.
      UserMigration: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:legacy-user-import`,
      PreTokenGeneration: `arn:aws:lambda:${REGION}:210987654321:function:agency-claims-enricher`,
    },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    Policies: { PasswordPolicy: { MinimumLength: 6, RequireUppercase: false, RequireLowercase: true, RequireNumbers: false, RequireSymbols: false, TemporaryPasswordValidityDays: 30 } },
    SchemaAttributes: [...standardAttributes, custom("api_key"), custom("loyalty_tier")],
  }),
};

const shortTokens = {
  RefreshTokenValidity: 1,
  AccessTokenValidity: 15,
  IdTokenValidity: 15,
  TokenValidityUnits: { RefreshToken: "days", AccessToken: "minutes", IdToken: "minutes" },
  EnableTokenRevocation: true,
  PreventUserExistenceErrors: "ENABLED",
};

export const demoClients: Record<string, object> = {
  "1adminportalweb000000000001": client(HARDENED, "1adminportalweb000000000001", "admin-portal-web", {
    ...shortTokens,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: ["openid", "email"],
    CallbackURLs: ["https://admin.example.com/oauth2/callback"],
    LogoutURLs: ["https://admin.example.com/"],
    // Refresh token rotation replaces ALLOW_REFRESH_TOKEN_AUTH (the emulator does not report rotation itself).
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
  }),
  "2incidentsweb0000000000002": client(INCIDENTS, "2incidentsweb0000000000002", "incidents-web", {
    ...shortTokens,
    // The subtle flaw: short access tokens, but the ID token the SPA sends to the API lives a day,
    // and the sign-out page was never moved to https.
    IdTokenValidity: 24,
    TokenValidityUnits: { RefreshToken: "days", AccessToken: "minutes", IdToken: "hours" },
    AllowedOAuthFlows: ["code"],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: ["openid", "email", "profile"],
    CallbackURLs: ["https://incidents.example.com/callback"],
    LogoutURLs: ["http://incidents.example.com/signed-out"],
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  }),
  "3legacymobile000000000000003": client(LEGACY, "3legacymobile000000000000003", "legacy-mobile-ios", {
    RefreshTokenValidity: 3650,
    AccessTokenValidity: 24,
    IdTokenValidity: 24,
    TokenValidityUnits: { RefreshToken: "days", AccessToken: "hours", IdToken: "hours" },
    EnableTokenRevocation: false,
    PreventUserExistenceErrors: "LEGACY",
    AllowedOAuthFlows: ["implicit", "code"],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: ["openid", "email", "aws.cognito.signin.user.admin"],
    CallbackURLs: ["http://m.example-shop.com/auth/callback", "myapp://callback"],
    ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  }),
  "4legacybackend00000000000004": client(LEGACY, "4legacybackend00000000000004", "legacy-backend", {
    // A confidential client: cognito-audit must never show this secret.
    ClientSecret: "demo-client-secret-must-never-be-printed",
    RefreshTokenValidity: 90,
    TokenValidityUnits: { RefreshToken: "days", AccessToken: "hours", IdToken: "hours" },
    EnableTokenRevocation: true,
    PreventUserExistenceErrors: "ENABLED",
    ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  }),
};
