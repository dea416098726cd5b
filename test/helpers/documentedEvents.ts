// CloudTrail records in the exact shapes of the Amazon Cognito developer guide's example events
// ("Example Amazon Cognito events",
// https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html),
// for the rules that read the token endpoint, the managed login pages and identity pools.
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { ACCOUNT, REGION } from "./factories.js";

let counter = 0;
const eventId = () => `00000000-0000-4000-9000-${String(++counter).padStart(12, "0")}`;
const iso = (time: string | number) => (typeof time === "number" ? new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z") : time);
export const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

/** What varies in a managed-login record; the rest of its envelope is the guide's. */
interface ManagedLoginFields {
  time: string | number;
  poolId: string;
  sourceIp?: string;
  /** responseParameters.status; absent: not logged. */
  status?: number | string;
  errorCode?: string;
}

/** The envelope every documented managed-login event shares (the Signup_POST example). */
function managedLogin(eventName: string, o: ManagedLoginFields, requestParameters: Record<string, string[]>): CloudTrailRecord {
  return {
    eventVersion: "1.08",
    userIdentity: { accountId: ACCOUNT },
    eventTime: iso(o.time),
    eventSource: "cognito-idp.amazonaws.com",
    eventName,
    awsRegion: REGION,
    sourceIPAddress: o.sourceIp ?? "192.0.2.1",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)...",
    ...(o.errorCode !== undefined ? { errorCode: o.errorCode, errorMessage: "" } : {}),
    requestParameters: null,
    responseElements: null,
    additionalEventData: {
      ...(o.status !== undefined ? { responseParameters: { status: o.status } } : {}),
      requestParameters,
      userPoolDomain: "mydomain.eu-west-1.amazoncognito.com",
      userPoolId: o.poolId,
    },
    requestID: eventId(),
    eventID: eventId(),
    readOnly: false,
    eventType: "AwsServiceEvent",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    serviceEventDetails: { serviceAccountId: "111122223333" },
    eventCategory: "Management",
  };
}

export interface TokenPostOptions {
  time: string | number;
  poolId: string;
  clientId?: string;
  sourceIp?: string;
  /** The form's grant_type (absent: not logged). */
  grantType?: string;
  /** responseParameters.status; absent: not logged. */
  status?: number;
  /** errorCode as logged: "" on success, "400" on a refused request. */
  errorCode?: string;
}

/**
 * A token endpoint request (Token_POST). The guide's client_credentials example (copied field for
 * field): additionalEventData.requestParameters holds grant_type and client_id as one-element arrays,
 * responseParameters.status the HTTP status. A refused request's `"errorCode": "400"` is the shape
 * issue 11 quotes from the guide; the guide's version in awsdocs/amazon-cognito-developer-guide shows
 * successes only, so the tests also cover a refusal logged by its status alone.
 * Source: https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html#cognito-cloudtrail-events-token-endpoint-requests
 */
export function tokenPost(o: TokenPostOptions): CloudTrailRecord {
  return managedLogin("Token_POST", o, {
    ...(o.grantType !== undefined ? { grant_type: [o.grantType] } : {}),
    ...(o.grantType === "authorization_code" ? { code: [HIDDEN], redirect_uri: ["https://www.example.com"] } : {}),
    ...(o.grantType === "refresh_token" ? { refresh_token: [HIDDEN] } : {}),
    client_id: [o.clientId ?? "1example23456789"],
  });
}

export interface ConfirmPostOptions {
  time: string | number;
  poolId: string;
  clientId: string;
  sub: string;
  sourceIp?: string;
  status?: number;
  errorCode?: string;
}

/**
 * A code entered on the managed login confirmation page (Confirm_POST): the guide's example logs the
 * user's sub and hides the code. Source:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html#cognito-cloudtrail-events-federated-sign-up
 */
export function confirmPost(o: ConfirmPostOptions): CloudTrailRecord {
  return managedLogin("Confirm_POST", { ...o, status: o.status ?? 302 }, {
    confirm: [""],
    deliveryMedium: ["EMAIL"],
    sub: [o.sub],
    code: [HIDDEN],
    destination: [HIDDEN],
    response_type: ["code"],
    _csrf: [HIDDEN],
    cognitoAsfData: [HIDDEN],
    redirect_uri: ["https://www.example.com"],
    client_id: [o.clientId],
    username: [HIDDEN],
  });
}

// --- Identity pools (eventSource cognito-identity.amazonaws.com) -----------------------------

const identityPoolArnOf = (identityPoolId: string) => `arn:aws:cognito-identity:${REGION}:${ACCOUNT}:identitypool/${identityPoolId}`;

export interface IdentityCallOptions {
  time: string | number;
  identityPoolId: string;
  identityId?: string;
  sourceIp?: string;
  /** Logged logins (provider → token); absent: an unauthenticated (guest) call, as the API reference says. */
  logins?: Record<string, string>;
  errorCode?: string;
}

/**
 * GetCredentialsForIdentity, field for field as the guide's example: the request holds only the
 * identity id and the logins (the token hidden); the identity pool is named in `resources[].ARN`
 * alone; a CloudTrail *data* event (`managementEvent: false`, `eventCategory: "Data"`). The guide's
 * example is authenticated; a guest call is the same request without `logins` ("Logins should not be
 * specified when trying to get credentials for an unauthenticated identity",
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html).
 * Source: https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html#cognito-cloudtrail-events-getcredentialsforidentity
 */
export function getCredentialsForIdentity(o: IdentityCallOptions): CloudTrailRecord {
  const identityId = o.identityId ?? `${REGION}:1cf667a2-49a6-454b-9e45-23199EXAMPLE`;
  return {
    eventVersion: "1.08",
    userIdentity: { type: "Unknown" },
    eventTime: iso(o.time),
    eventSource: "cognito-identity.amazonaws.com",
    eventName: "GetCredentialsForIdentity",
    awsRegion: REGION,
    sourceIPAddress: o.sourceIp ?? "192.0.2.4",
    userAgent: "aws-cli/2.7.25 Python/3.9.11 Darwin/21.6.0 exe/x86_64 prompt/off command/cognito-identity.get-credentials-for-identity",
    ...(o.errorCode !== undefined ? { errorCode: o.errorCode, errorMessage: "error" } : {}),
    requestParameters: { ...(o.logins ? { logins: o.logins } : {}), identityId },
    responseElements:
      o.errorCode !== undefined
        ? null
        : { credentials: { accessKeyId: "ASIAIOSFODNN7EXAMPLE", sessionToken: "aAaAaAaAaAaAab1111111111EXAMPLE", expiration: "Jan 19, 2023 5:55:08 PM" }, identityId },
    requestID: eventId(),
    eventID: eventId(),
    readOnly: false,
    resources: [{ accountId: ACCOUNT, type: "AWS::Cognito::IdentityPool", ARN: identityPoolArnOf(o.identityPoolId) }],
    eventType: "AwsApiCall",
    managementEvent: false,
    recipientAccountId: ACCOUNT,
    eventCategory: "Data",
  };
}

/** The logins of the guide's authenticated example: a user pool token, hidden. */
export const USER_POOL_LOGINS = { [`cognito-idp.${REGION}.amazonaws.com/${REGION}_aaaaaaaaa`]: HIDDEN };

/**
 * GetId as the guide's example: the request names the identity pool (and the logins), the response
 * the identity id. Source:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html#cognito-cloudtrail-events-getid
 */
export function getId(o: IdentityCallOptions): CloudTrailRecord {
  return {
    eventVersion: "1.08",
    userIdentity: { type: "Unknown" },
    eventTime: iso(o.time),
    eventSource: "cognito-identity.amazonaws.com",
    eventName: "GetId",
    awsRegion: REGION,
    sourceIPAddress: o.sourceIp ?? "192.0.2.4",
    userAgent: "aws-cli/2.7.25 Python/3.9.11 Darwin/21.6.0 exe/x86_64 prompt/off command/cognito-identity.get-id",
    requestParameters: { identityPoolId: o.identityPoolId, ...(o.logins ? { logins: o.logins } : {}) },
    responseElements: { identityId: o.identityId ?? `${REGION}:1cf667a2-49a6-454b-9e45-23199EXAMPLE` },
    requestID: eventId(),
    eventID: eventId(),
    readOnly: false,
    resources: [{ accountId: ACCOUNT, type: "AWS::Cognito::IdentityPool", ARN: identityPoolArnOf(o.identityPoolId) }],
    eventType: "AwsApiCall",
    managementEvent: false,
    recipientAccountId: ACCOUNT,
    eventCategory: "Data",
  };
}

export interface IdentityPoolChangeOptions {
  time: string | number;
  identityPoolId: string;
  /** The IAM principal's ARN (default: the guide's IAM user Alice, in the test account). */
  principal?: string;
  sourceIp?: string;
  /** The rest of requestParameters, in CloudTrail's lower camel case. */
  request?: Record<string, unknown>;
  errorCode?: string;
}

/**
 * A management call by an IAM user on an identity pool (CreateIdentityPool as the guide's example;
 * UpdateIdentityPool, SetIdentityPoolRoles, DeleteIdentityPool in its shape). The guide has no example
 * of the last three; the record has the shape of its CreateIdentityPool example
 * (IAM user Alice; `requestParameters` in lower camel case: `identityPoolName`,
 * `allowUnauthenticatedIdentities`, `supportedLoginProviders`; `eventType: "AwsApiCall"`) with the
 * operations' request members (IdentityPoolId, AllowUnauthenticatedIdentities, AllowClassicFlow;
 * Roles {authenticated, unauthenticated}, RoleMappings), camel-cased as CloudTrail logs them:
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UpdateIdentityPool.html,
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetIdentityPoolRoles.html.
 * Source: https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html#cognito-cloudtrail-events-createidentitypool
 */
export function identityPoolChange(
  eventName: "CreateIdentityPool" | "UpdateIdentityPool" | "SetIdentityPoolRoles" | "DeleteIdentityPool" | "DescribeIdentityPool",
  o: IdentityPoolChangeOptions,
): CloudTrailRecord {
  // CreateIdentityPool as the guide's example: the request has no id yet, the response names the new pool.
  const created = eventName === "CreateIdentityPool";
  const request = created ? { ...o.request } : { identityPoolId: o.identityPoolId, ...o.request };
  const response = o.errorCode !== undefined || eventName === "SetIdentityPoolRoles" || eventName === "DeleteIdentityPool" ? null : created ? { ...request, identityPoolId: o.identityPoolId } : request;
  return {
    eventVersion: "1.03",
    userIdentity: {
      type: "IAMUser",
      principalId: "PRINCIPAL_ID",
      arn: o.principal ?? `arn:aws:iam::${ACCOUNT}:user/Alice`,
      accountId: ACCOUNT,
      accessKeyId: "['EXAMPLE_KEY_ID']",
      userName: "Alice",
    },
    eventTime: iso(o.time),
    eventSource: "cognito-identity.amazonaws.com",
    eventName,
    awsRegion: REGION,
    sourceIPAddress: o.sourceIp ?? "127.0.0.1",
    userAgent: "USER_AGENT",
    ...(o.errorCode !== undefined ? { errorCode: o.errorCode, errorMessage: "error" } : {}),
    requestParameters: request,
    responseElements: response,
    requestID: eventId(),
    eventID: eventId(),
    eventType: "AwsApiCall",
    recipientAccountId: ACCOUNT,
  };
}

// --- Managed login pages (the Signup_POST example's envelope) ------------------------------------

export interface PageOptions {
  time: string | number;
  sourceIp?: string;
  poolId: string;
  clientId: string;
  /** responseParameters.status: 302 a redirect (the form was accepted), 200 the page served again, 400 a rejected request. */
  status: number | string;
  /** The record's errorCode: "" on success in the documented Login_GET; "400" on a failed token request. */
  errorCode?: string;
  /** additionalEventData.requestParameters.sub, as in the documented Confirm_POST. */
  sub?: string;
}

/** A sign-in form post to /login: the fields of the documented Signup_POST (user name, password, CSRF token hidden). */
export const loginPost = (o: PageOptions) =>
  managedLogin("Login_POST", o, {
    password: [HIDDEN],
    response_type: ["code"],
    _csrf: [HIDDEN],
    redirect_uri: ["https://www.example.com"],
    client_id: [o.clientId],
    username: [HIDDEN],
    ...(o.sub ? { sub: [o.sub] } : {}),
  });
