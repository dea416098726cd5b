import rule from "../../rules/security-config-change.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { HIDDEN, apiEvent, managedLoginEvent, random } from "../helpers/events.js";
import { ACCOUNT, poolEntry } from "../helpers/factories.js";
import { testRule, type InvalidCase } from "../helpers/ruleTester.js";

const entry = poolEntry();
const POOL = entry.userPool.Id!;
const CLIENT = entry.clients![0]!.ClientId!;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const PIPELINE = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy-pipeline/run-8812`;
const INTRUDER = `arn:aws:iam::${ACCOUNT}:user/old-contractor`;

/**
 * An ordinary busy day: 4,000 sign-ins from 600 IPs and 1,500 users with ~3 % wrong passwords (API and
 * managed login), and the read-only configuration calls of monitoring and the console.
 */
function busyDay(start = "2026-11-25T00:00:00Z"): CloudTrailRecord[] {
  const rand = random(13);
  const t0 = Date.parse(start);
  const ip = () => `198.51.${100 + Math.floor(rand() * 3)}.${1 + Math.floor(rand() * 200)}`;
  const records: CloudTrailRecord[] = [];
  for (let i = 0; i < 4000; i++) {
    const time = t0 + Math.floor(rand() * DAY);
    const sub = `user-${Math.floor(rand() * 1500)}`;
    const failed = rand() < 0.03;
    if (i % 5 === 0) records.push(managedLoginEvent("Login_POST", { time, poolId: POOL, clientId: CLIENT, sourceIp: ip(), sub, status: failed ? 400 : 302 }));
    else records.push(apiEvent("InitiateAuth", { time, clientId: CLIENT, sourceIp: ip(), sub, errorCode: failed ? "NotAuthorizedException" : undefined }));
  }
  for (let i = 0; i < 100; i++) {
    const time = t0 + Math.floor(rand() * DAY);
    const name = ["DescribeUserPool", "DescribeUserPoolClient", "GetUserPoolMfaConfig", "DescribeRiskConfiguration"][i % 4]!;
    records.push(apiEvent(name, { time, poolId: POOL, principal: PIPELINE, request: name === "DescribeUserPoolClient" ? { clientId: CLIENT } : {} }));
  }
  return records.sort((a, b) => Date.parse(String(a.eventTime)) - Date.parse(String(b.eventTime)));
}

const NOON = "2026-11-25T12:00:00Z";
// Configuration calls are AwsApiCall records (apiEvent): the envelope of the developer guide's example
// events, https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html,
// with requestParameters holding the request as the caller sent it, in the API's camelCase names
// (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html and
// the other operations' pages); sensitive values are logged as HIDDEN_DUE_TO_SECURITY_REASONS
// (https://docs.aws.amazon.com/cognito/latest/developerguide/logging-using-cloudtrail.html).
const FOREIGN = "999988887777";
const config = (name: string, time: number | string, request: Record<string, unknown> = {}, o: { principal?: string; sourceIp?: string; errorCode?: string; poolId?: string } = {}) =>
  apiEvent(name, { time, poolId: o.poolId ?? POOL, principal: o.principal ?? INTRUDER, sourceIp: o.sourceIp, errorCode: o.errorCode, request });
const secureClient = { clientId: CLIENT, allowedOAuthFlows: ["code"], allowedOAuthFlowsUserPoolClient: true, callbackURLs: ["https://app.example.com/callback"] };

const ordinary: [string, Record<string, unknown>][] = [
  ["UpdateUserPool", { mfaConfiguration: "ON", userPoolAddOns: { advancedSecurityMode: "ENFORCED" } }],
  ["SetUserPoolMfaConfig", { mfaConfiguration: "ON", softwareTokenMfaConfiguration: { enabled: true } }],
  ["SetRiskConfiguration", { compromisedCredentialsRiskConfiguration: { actions: { eventAction: "BLOCK" } } }],
  ["UpdateUserPool", { lambdaConfig: { preSignUp: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:pre-sign-up`, customEmailSender: { lambdaArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:mailer`, lambdaVersion: "V1_0" }, kMSKeyID: `arn:aws:kms:eu-west-1:${FOREIGN}:key/1` } }],
  ["UpdateUserPool", { adminCreateUserConfig: { allowAdminCreateUserOnly: true }, deletionProtection: "ACTIVE" }],
  ["UpdateUserPool", { policies: { passwordPolicy: { minimumLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true } } }],
  ["DeleteUserPoolClient", { clientId: CLIENT }],
  ["AddUserPoolClientSecret", { clientId: CLIENT, clientSecret: HIDDEN }],
  ["DeleteUserPoolClientSecret", { clientId: CLIENT, clientSecretId: "secret-1" }],
  ["DeleteIdentityProvider", { providerName: "CorpSAML" }],
  ["CreateUserPoolDomain", { domain: "auth-example" }],
  ["UpdateUserPoolDomain", { domain: "auth.example.com", customDomainConfig: { certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/1" } }],
  ["AddCustomAttributes", { customAttributes: [{ name: "tenant", attributeDataType: "String", mutable: false }] }],
  ["CreateUserImportJob", { jobName: "migration", cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/import` }],
  ["SetUserPoolSessionConfiguration", { userSessionTracking: { enabled: true } }],
  ["SetUserPoolClientSessionConfiguration", { clientId: CLIENT, sSOSession: { enabled: true } }],
  ["UpdateUserPoolClient", secureClient],
  ["CreateUserPoolClient", { ...secureClient, clientId: undefined, clientName: "new" }],
  ["CreateIdentityProvider", { providerName: "Google", providerType: "Google", providerDetails: HIDDEN }],
  ["UpdateIdentityProvider", { providerName: "CorpSAML" }],
  ["DeleteUserPoolDomain", { domain: "auth-example" }],
  ["SetLogDeliveryConfiguration", { logConfigurations: [] }],
];
const eachOperation: InvalidCase[] = ordinary.map(([name, request]) => ({
  name: `${name} with ${Object.keys(request).join(", ")} surfaces (medium)`,
  entry,
  events: [config(name, NOON, request)],
  messageId: "changed",
  severity: "medium",
  evidence: { total: 1, weakening: 0, operations: { [name]: 1 }, changes: [{ operation: name, principal: INTRUDER, time: "2026-11-25T12:00:00.000Z" }] },
}));

const weakening = (name: string, event: CloudTrailRecord, what: string): InvalidCase => ({
  name,
  entry,
  events: [event],
  messageId: "weakened",
  severity: "high",
  evidence: { weakening: 1, changes: [{ weakened: [what] }] },
});

testRule(rule, {
  valid: [
    { name: "a benign busy day with read-only configuration calls", entry, events: busyDay() },
    {
      name: "a failed change changed nothing",
      entry,
      events: [config("SetUserPoolMfaConfig", NOON, { mfaConfiguration: "OFF" }, { errorCode: "AccessDeniedException" })],
    },
    {
      name: "ordinary changes by an allowed principal",
      entry,
      options: { allowedPrincipals: [`arn:aws:sts::${ACCOUNT}:assumed-role/deploy-pipeline/*`] },
      events: [config("UpdateUserPoolClient", NOON, secureClient, { principal: PIPELINE }), config("UpdateUserPool", NOON, { mfaConfiguration: "ON" }, { principal: PIPELINE })],
    },
    { name: "a change to another pool", entry, events: [config("SetUserPoolMfaConfig", NOON, { mfaConfiguration: "OFF" }, { poolId: "eu-west-1_Someone" })] },
    { name: "operations outside the list", entry, events: [config("AdminCreateUser", NOON), config("CreateGroup", NOON, { groupName: "x" }), config("DescribeUserPoolDomain", NOON), config("ListUserPoolClientSecrets", NOON)] },
  ],
  invalid: [
    ...eachOperation,
    weakening("SetUserPoolMfaConfig with MFA OFF is high", config("SetUserPoolMfaConfig", NOON, { mfaConfiguration: "OFF" }), "MFA set to OFF (mfaConfiguration)"),
    weakening("UpdateUserPool with MFA OFF is high", config("UpdateUserPool", NOON, { mfaConfiguration: "OFF", userPoolAddOns: { advancedSecurityMode: "ENFORCED" } }), "MFA set to OFF (mfaConfiguration)"),
    weakening(
      "UpdateUserPool with threat protection OFF is high",
      config("UpdateUserPool", NOON, { mfaConfiguration: "ON", userPoolAddOns: { advancedSecurityMode: "OFF" } }),
      "threat protection set to OFF (userPoolAddOns.advancedSecurityMode)",
    ),
    weakening(
      "UpdateUserPool with threat protection AUDIT, keys in another case",
      config("UpdateUserPool", NOON, { MfaConfiguration: "ON", UserPoolAddOns: { AdvancedSecurityMode: "audit" } }),
      "threat protection set to AUDIT (userPoolAddOns.advancedSecurityMode)",
    ),
    weakening("DeleteUserPool is high", config("DeleteUserPool", NOON), "the user pool was deleted, with its users (DeleteUserPool)"),
    weakening(
      "a trigger in another account is high",
      config("UpdateUserPool", NOON, { mfaConfiguration: "ON", lambdaConfig: { preSignUp: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:ok`, preTokenGeneration: `arn:aws:lambda:eu-west-1:${FOREIGN}:function:claims` } }),
      `trigger in another account than the pool's (lambdaConfig): preTokenGeneration: arn:aws:lambda:eu-west-1:${FOREIGN}:function:claims`,
    ),
    weakening(
      "a nested sender trigger in another account is high",
      config("UpdateUserPool", NOON, { LambdaConfig: { CustomSMSSender: { LambdaArn: `arn:aws:lambda:eu-west-1:${FOREIGN}:function:sms`, LambdaVersion: "V1_0" } } }),
      `trigger in another account than the pool's (lambdaConfig): CustomSMSSender: arn:aws:lambda:eu-west-1:${FOREIGN}:function:sms`,
    ),
    weakening(
      "self sign-up switched on is high",
      config("UpdateUserPool", NOON, { adminCreateUserConfig: { allowAdminCreateUserOnly: false } }),
      "self sign-up switched on (adminCreateUserConfig.allowAdminCreateUserOnly false)",
    ),
    weakening(
      "a shorter password is high",
      config("UpdateUserPool", NOON, { policies: { passwordPolicy: { minimumLength: 6, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true } } }),
      "password policy weaker than the default: minimumLength 6 (default 8) (policies.passwordPolicy)",
    ),
    weakening(
      "character classes switched off are high",
      config("UpdateUserPool", NOON, { Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false, RequireNumbers: "false" } } }),
      "password policy weaker than the default: requireNumbers, requireSymbols false (policies.passwordPolicy)",
    ),
    weakening("deletion protection INACTIVE is high", config("UpdateUserPool", NOON, { deletionProtection: "INACTIVE" }), "deletion protection set to INACTIVE (deletionProtection)"),
    weakening(
      "compromised-credentials protection set to audit only is high",
      config("SetRiskConfiguration", NOON, { compromisedCredentialsRiskConfiguration: { actions: { eventAction: "NO_ACTION" } } }),
      "compromised-credentials protection set to audit only (compromisedCredentialsRiskConfiguration.actions.eventAction NO_ACTION)",
    ),
    weakening(
      "adaptive authentication with no action at any level is high",
      config("SetRiskConfiguration", NOON, {
        accountTakeoverRiskConfiguration: { actions: { lowAction: { eventAction: "NO_ACTION", notify: false }, mediumAction: { eventAction: "NO_ACTION", notify: false }, highAction: { eventAction: "NO_ACTION", notify: true } } },
      }),
      "adaptive authentication set to audit only (accountTakeoverRiskConfiguration.actions: every eventAction NO_ACTION)",
    ),
    weakening(
      "a broad always-allow range is high",
      config("SetRiskConfiguration", NOON, { riskExceptionConfiguration: { skippedIPRangeList: ["203.0.113.7/32", "10.0.0.0/8", "2001:db8::/32"] } }),
      "threat protection skipped for a broad IP range (riskExceptionConfiguration.skippedIPRangeList): 10.0.0.0/8, 2001:db8::/32",
    ),
    {
      name: "narrow or unreadable always-allow ranges are not a weakening",
      entry,
      events: [config("SetRiskConfiguration", NOON, { riskExceptionConfiguration: { skippedIPRangeList: ["203.0.113.0/24", "2001:db8::/64", "0.0.0.0/x", HIDDEN] } })],
      messageId: "changed",
      severity: "medium",
    },
    {
      name: "adaptive authentication that still acts at one level is not audit only",
      entry,
      events: [config("SetRiskConfiguration", NOON, { accountTakeoverRiskConfiguration: { actions: { lowAction: { eventAction: "NO_ACTION" }, highAction: { eventAction: "BLOCK" } } } })],
      messageId: "changed",
      severity: "medium",
    },
    {
      name: "hidden settings are named, not assumed to weaken",
      entry,
      events: [config("UpdateUserPool", NOON, { mfaConfiguration: "ON", userPoolAddOns: { advancedSecurityMode: "ENFORCED" }, lambdaConfig: HIDDEN, policies: HIDDEN, adminCreateUserConfig: HIDDEN, deletionProtection: "ACTIVE" })],
      messageId: "changed",
      severity: "medium",
      evidence: { changes: [{ operation: "UpdateUserPool", hidden: ["adminCreateUserConfig", "policies", "lambdaConfig"] }] },
    },
    {
      name: "a trigger ARN that is not a Lambda ARN, or a KMS key in another account, is not a foreign trigger",
      entry,
      events: [config("UpdateUserPool", NOON, { lambdaConfig: { preSignUp: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:x`, postConfirmation: `${FOREIGN}:function:y`, kmsKeyId: `arn:aws:kms:eu-west-1:${FOREIGN}:key/1` } })],
      messageId: "changed",
      severity: "medium",
    },
    {
      name: "hostile shapes are not read as weakenings",
      entry,
      events: [
        config("UpdateUserPool", NOON, {
          lambdaConfig: [`arn:aws:lambda:eu-west-1:${FOREIGN}:function:x`],
          policies: { passwordPolicy: { minimumLength: "6; DROP TABLE", requireSymbols: "no", requireNumbers: null } },
          adminCreateUserConfig: { allowAdminCreateUserOnly: "0" },
          deletionProtection: { value: "INACTIVE" },
          mfaConfiguration: ["OFF"],
        }),
      ],
      messageId: "changed",
      severity: "medium",
    },
    {
      name: "a long callback URL from the request is cut in the evidence",
      entry,
      events: [config("UpdateUserPoolClient", NOON, { ...secureClient, callbackURLs: [`http://evil.example.net/${"a".repeat(500)}`] })],
      messageId: "weakened",
      evidence: { changes: [{ weakened: [`http callback URL on a non-loopback host in callbackURLs: http://evil.example.net/${"a".repeat(200 - 24)}…`] }] },
    },
    {
      name: "evidence names the domain, the client and the attributes added",
      entry,
      events: [
        config("UpdateUserPoolDomain", NOON, { domain: "auth.example.com" }),
        config("AddUserPoolClientSecret", "2026-11-25T12:01:00Z", { clientId: CLIENT, clientSecret: HIDDEN }),
        config("AddCustomAttributes", "2026-11-25T12:02:00Z", { customAttributes: [{ name: "role", mutable: true }, { name: HIDDEN }] }),
      ],
      messageId: "changed",
      evidence: {
        changes: [
          { operation: "UpdateUserPoolDomain", domain: "auth.example.com" },
          { operation: "AddUserPoolClientSecret", clientId: CLIENT },
          { operation: "AddCustomAttributes", attributes: ["role"] },
        ],
      },
    },
    weakening("MFA off in lower case and another key case", config("SetUserPoolMfaConfig", NOON, { MfaConfiguration: "off" }), "MFA set to OFF (mfaConfiguration)"),
    weakening(
      "CreateUserPoolClient with the implicit grant is high",
      config("CreateUserPoolClient", NOON, { clientName: "spa", allowedOAuthFlows: ["implicit", "code"], allowedOAuthFlowsUserPoolClient: true, callbackURLs: ["https://app.example.com/cb"] }),
      "implicit grant in allowedOAuthFlows",
    ),
    weakening(
      "UpdateUserPoolClient with an http callback on a public host is high",
      config("UpdateUserPoolClient", NOON, { ...secureClient, callbackURLs: ["https://app.example.com/callback", "http://app.example.com/callback", "http://localhost:3000/cb"] }),
      "http callback URL on a non-loopback host in callbackURLs: http://app.example.com/callback",
    ),
    {
      name: "an http callback on loopback is not a weakening",
      entry,
      events: [config("UpdateUserPoolClient", NOON, { ...secureClient, callbackURLs: ["http://localhost:3000/cb", "http://127.0.0.1/cb"] })],
      messageId: "changed",
      severity: "medium",
    },
    {
      name: "implicit on a client with OAuth switched off is not a weakening",
      entry,
      events: [config("UpdateUserPoolClient", NOON, { clientId: CLIENT, allowedOAuthFlows: ["implicit"], allowedOAuthFlowsUserPoolClient: false })],
      messageId: "changed",
      severity: "medium",
    },
    {
      name: "hidden callback URLs are not assumed to be insecure",
      entry,
      events: [config("UpdateUserPoolClient", NOON, { clientId: CLIENT, allowedOAuthFlows: ["code"], callbackURLs: HIDDEN })],
      messageId: "changed",
      severity: "medium",
    },
    {
      name: "an allowed principal is not trusted with a weakening change",
      entry,
      options: { allowedPrincipals: [`arn:aws:sts::${ACCOUNT}:assumed-role/deploy-pipeline/*`] },
      events: [config("UpdateUserPoolClient", NOON, secureClient, { principal: PIPELINE }), config("SetUserPoolMfaConfig", "2026-11-25T12:05:00Z", { mfaConfiguration: "OFF" }, { principal: PIPELINE })],
      messageId: "weakened",
      severity: "high",
      evidence: { total: 1, allowedPrincipalChanges: 1, changes: [{ operation: "SetUserPoolMfaConfig", principal: PIPELINE }] },
    },
    {
      name: "evidence: each change with principal, time, operation and what weakened (events out of order)",
      entry,
      events: [
        config("CreateIdentityProvider", "2026-11-25T12:40:00Z", { providerName: "Evil-OIDC", providerType: "OIDC" }, { sourceIp: "203.0.113.66" }),
        config("UpdateUserPoolClient", "2026-11-25T12:20:00Z", { ...secureClient, allowedOAuthFlows: ["implicit"], callbackURLs: ["http://evil.example.net/cb"] }, { sourceIp: "203.0.113.66" }),
        config("SetUserPoolMfaConfig", "2026-11-25T12:10:00Z", { mfaConfiguration: "OFF" }, { sourceIp: "203.0.113.66" }),
        config("UpdateUserPool", "2026-11-25T09:00:00Z", { autoVerifiedAttributes: ["email"] }, { principal: PIPELINE, sourceIp: "10.1.2.3" }),
      ],
      messageId: "weakened",
      severity: "high",
      evidence: {
        total: 4,
        weakening: 2,
        firstEvent: "2026-11-25T09:00:00.000Z",
        lastEvent: "2026-11-25T12:40:00.000Z",
        operations: { CreateIdentityProvider: 1, SetUserPoolMfaConfig: 1, UpdateUserPool: 1, UpdateUserPoolClient: 1 },
        principals: [
          { principal: INTRUDER, count: 3 },
          { principal: PIPELINE, count: 1 },
        ],
        sourceIps: [
          { ip: "203.0.113.66", count: 3 },
          { ip: "10.1.2.3", count: 1 },
        ],
        changes: [
          { time: "2026-11-25T09:00:00.000Z", operation: "UpdateUserPool", principal: PIPELINE, sourceIp: "10.1.2.3", omitted: ["mfaConfiguration", "userPoolAddOns", "adminCreateUserConfig", "deletionProtection", "policies", "lambdaConfig"] },
          { time: "2026-11-25T12:10:00.000Z", operation: "SetUserPoolMfaConfig", principal: INTRUDER, weakened: ["MFA set to OFF (mfaConfiguration)"] },
          {
            time: "2026-11-25T12:20:00.000Z",
            operation: "UpdateUserPoolClient",
            principal: INTRUDER,
            clientId: CLIENT,
            weakened: ["implicit grant in allowedOAuthFlows", "http callback URL on a non-loopback host in callbackURLs: http://evil.example.net/cb"],
          },
          { time: "2026-11-25T12:40:00.000Z", operation: "CreateIdentityProvider", principal: INTRUDER, providerName: "Evil-OIDC" },
        ],
      },
    },
    {
      name: "one weakening change in a busy day",
      entry,
      events: [...busyDay(), config("UpdateUserPool", "2026-11-25T04:44:00Z", { mfaConfiguration: "OFF" })],
      messageId: "weakened",
      severity: "high",
      evidence: { total: 1, firstEvent: "2026-11-25T04:44:00.000Z" },
    },
    {
      name: "at most 50 changes are listed, weakening ones first",
      entry,
      events: [
        config("SetUserPoolMfaConfig", "2026-11-25T01:00:00Z", { mfaConfiguration: "OFF" }),
        ...Array.from({ length: 70 }, (_, i) => config("UpdateUserPoolClient", Date.parse(NOON) + i * MINUTE, secureClient)),
      ],
      messageId: "weakened",
      evidence: {
        total: 71,
        changesNotListed: 21,
        // The weakening change, then the 49 most recent others, in time order.
        changes: [
          { operation: "SetUserPoolMfaConfig", time: "2026-11-25T01:00:00.000Z" },
          ...Array.from({ length: 49 }, (_, i) => ({ operation: "UpdateUserPoolClient", time: new Date(Date.parse(NOON) + (21 + i) * MINUTE).toISOString() })),
        ],
      },
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});
