// CloudTrail records of cognito-idp, reduced to what the behaviour rules and the activity report
// read. Formats: API calls (eventType AwsApiCall) and managed login / hosted UI pages
// (AwsServiceEvent, e.g. Login_POST). Every field is optional in practice: CloudTrail hides
// sensitive values (HIDDEN_DUE_TO_SECURITY_REASONS), sometimes whole objects.

/** A CloudTrail record as AWS writes it (the JSON of one event). */
export type CloudTrailRecord = Record<string, unknown> & { eventID?: string; eventTime?: string };

/** The event sources of Cognito's records: user pools, and identity pools. */
export const USER_POOL_EVENTS = "cognito-idp.amazonaws.com";
export const IDENTITY_POOL_EVENTS = "cognito-identity.amazonaws.com";
export const COGNITO_EVENT_SOURCES = [USER_POOL_EVENTS, IDENTITY_POOL_EVENTS] as const;
export type CognitoEventSource = (typeof COGNITO_EVENT_SOURCES)[number];

export interface CognitoEvent {
  id?: string;
  /** Event time, epoch milliseconds. */
  time: number;
  name: string;
  /** "api" for API calls; "managed-login" for hosted UI pages. */
  kind: "api" | "managed-login";
  /** Set on identity pool events (cognito-identity); absent on user pool events (cognito-idp). */
  service?: "cognito-identity";
  region?: string;
  accountId?: string;
  sourceIp?: string;
  /** The error code; undefined on success. */
  errorCode?: string;
  /** Managed login: the HTTP status of the page. */
  status?: number;
  poolId?: string;
  clientId?: string;
  /** The user's sub (CloudTrail never logs usernames). */
  sub?: string;
  /** The IAM principal of an admin or configuration call (undefined for end users). */
  principal?: string;
  /** requestParameters (API calls) or the managed-login form fields (first values). */
  request: Record<string, unknown>;
  /** cognito-identity records only (see normaliseIdentity): the identity pool id (REGION:GUID). */
  identityPoolId?: string;
}

const HIDDEN = /^HIDDEN_(DUE_TO|FOR)_SECURITY_REASONS$/i;
/** CloudTrail's placeholder for a value it does not log. (The first letter is tested first: most strings are not one.) */
export function isHidden(value: unknown): boolean {
  if (typeof value !== "string" || value.length < 27) return false;
  const trimmed = value.trim();
  return (trimmed.charCodeAt(0) | 0x20) === 0x68 && HIDDEN.test(trimmed);
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : EMPTY);
const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" && !isHidden(value) ? value : undefined);

/** The number of the `length` ASCII digits of `text` at `at`, or -1 when one is no digit. */
function digits(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * An event time in epoch milliseconds, NaN when it is none: exactly `Date.parse(String(value))`,
 * with CloudTrail's own form, `YYYY-MM-DDTHH:MM:SSZ`, read directly, digit by digit (Date.parse,
 * then a regular expression, were a large share of reading an event).
 */
export function eventTimeMs(value: unknown): number {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- exactly what Date.parse(String(…)) reads, objects included
  const textValue = typeof value === "string" ? value : String(value ?? "");
  if (
    textValue.length === 20 &&
    textValue.charCodeAt(4) === 0x2d &&
    textValue.charCodeAt(7) === 0x2d &&
    textValue.charCodeAt(10) === 0x54 &&
    textValue.charCodeAt(13) === 0x3a &&
    textValue.charCodeAt(16) === 0x3a &&
    textValue.charCodeAt(19) === 0x5a
  ) {
    const year = digits(textValue, 0, 4);
    const month = digits(textValue, 5, 2);
    const day = digits(textValue, 8, 2);
    const hour = digits(textValue, 11, 2);
    const minute = digits(textValue, 14, 2);
    const second = digits(textValue, 17, 2);
    // Date.UTC reads years below 100 as 19xx, and Date.parse has its own view of 24:00 and leap seconds.
    // (A part that is no digits is -1, which fails these checks too.)
    if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
      return Date.UTC(year, month - 1, day, hour, minute, second);
    }
  }
  return Date.parse(textValue);
}
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
/**
 * An HTTP status: an integer 100–599, as a number (the developer guide shows both `200` and `200.0`)
 * or a string of digits. Anything else (null, "", true, 1e9) is no status: `Number(null)` is 0.
 */
function httpStatus(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*\d{3}(\.0+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}
/** An error code: a non-empty string, or a number as a managed-login page may log its HTTP status there (`"errorCode": "400"`). */
const errorCodeOf = (value: unknown): string | undefined => (typeof value === "number" && Number.isFinite(value) ? String(value) : text(value)?.trim() || undefined);

/** A key of `object`, looked up case-insensitively (CloudTrail's casing of acronyms varies). */
export function field(object: unknown, key: string): unknown {
  const o = record(object);
  // Own keys only: a record is hostile data, not a place to find Object.prototype's members.
  if (Object.hasOwn(o, key)) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.length === key.length && k.toLowerCase() === lower) return o[k];
  return undefined;
}

const POOL_ARN = /:userpool\/([\w-]+_[0-9A-Za-z]+)$/;

/** The id that `arnPattern` captures from the first of `resources[].ARN` it matches. */
function resourceId(resources: unknown, arnPattern: RegExp): string | undefined {
  if (!Array.isArray(resources)) return undefined;
  for (const resource of resources as unknown[]) {
    const arn = text(field(resource, "ARN"));
    const id = arn === undefined ? undefined : arnPattern.exec(arn)?.[1];
    if (id !== undefined) return id;
  }
  return undefined;
}

/** A managed-login page's form fields, each its first value (CloudTrail logs them as lists). */
function formFields(parameters: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(parameters)) {
    // A hostile "__proto__" field stays a field, as Object.fromEntries would keep it.
    if (key === "__proto__") Object.defineProperty(fields, key, { value: first(parameters[key]), enumerable: true, writable: true, configurable: true });
    else fields[key] = first(parameters[key]);
  }
  return fields;
}

/** The CognitoEvent of a record, or undefined when it is not a cognito-idp event. */
export function normalise(raw: CloudTrailRecord): CognitoEvent | undefined {
  if (raw.eventSource !== USER_POOL_EVENTS) return undefined;
  const time = eventTimeMs(raw.eventTime);
  const name = text(raw.eventName);
  if (Number.isNaN(time) || !name) return undefined;
  const managed = raw.eventType === "AwsServiceEvent";
  const extra = record(raw.additionalEventData);
  const identity = record(raw.userIdentity);
  const request = managed ? formFields(record(extra.requestParameters)) : record(raw.requestParameters);
  const status = httpStatus(field(extra.responseParameters, "status"));
  const principal = identity.type && identity.type !== "Unknown" ? text(identity.arn) : undefined;
  const event: CognitoEvent = {
    id: text(raw.eventID),
    time,
    name,
    kind: managed ? "managed-login" : "api",
    region: text(raw.awsRegion),
    accountId: text(raw.recipientAccountId) ?? text(identity.accountId),
    sourceIp: text(raw.sourceIPAddress),
    errorCode: errorCodeOf(raw.errorCode),
    poolId: text(field(request, "userPoolId")) ?? text(extra.userPoolId) ?? resourceId(raw.resources, POOL_ARN),
    clientId: text(field(request, managed ? "client_id" : "clientId")) ?? text(field(field(raw.responseElements, "userPoolClient"), "clientId")),
    sub: text(extra.sub) ?? text(field(request, "sub")) ?? text(field(raw.responseElements, "userSub")),
    principal,
    request,
  };
  if (status !== undefined) event.status = status;
  return event;
}

/** An identity pool id: REGION:GUID (the API's pattern is `[\\w-]+:[0-9a-f-]+`; the guide's examples use other letters too). */
const IDENTITY_POOL_ID = /^[\w-]{1,50}:[0-9A-Za-z-]{1,80}$/;
const IDENTITY_POOL_ARN = /:identitypool\/([\w-]+:[0-9A-Za-z-]+)$/;

/**
 * The CognitoEvent of a cognito-identity (identity pool) record, or undefined when it is not one.
 * The developer guide's examples ("Example Amazon Cognito events":
 * https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html)
 * name the pool in `requestParameters.identityPoolId` (GetId), `responseElements.identityPoolId`
 * (CreateIdentityPool, whose request cannot name it yet) or only in
 * `resources[].ARN` (GetCredentialsForIdentity, whose request holds the identity id and the logins).
 * Identity pool records are not user pool events: they carry no poolId, clientId or sub, so the user
 * pool rules (which need a poolArn) never see them as theirs.
 */
export function normaliseIdentity(raw: CloudTrailRecord): CognitoEvent | undefined {
  if (raw.eventSource !== IDENTITY_POOL_EVENTS) return undefined;
  const time = eventTimeMs(raw.eventTime);
  const name = text(raw.eventName);
  if (Number.isNaN(time) || !name) return undefined;
  const identity = record(raw.userIdentity);
  const request = record(raw.requestParameters);
  const fromArn = resourceId(raw.resources, IDENTITY_POOL_ARN);
  // CreateIdentityPool's request has no id yet: the guide's example names the new pool in its response.
  const named = [field(request, "identityPoolId"), field(raw.responseElements, "identityPoolId")].map((v) => text(v)?.trim()).find((id) => id !== undefined && IDENTITY_POOL_ID.test(id));
  const identityPoolId = named ?? fromArn;
  return {
    id: text(raw.eventID),
    time,
    name,
    kind: "api",
    service: "cognito-identity",
    region: text(raw.awsRegion),
    accountId: text(raw.recipientAccountId) ?? text(identity.accountId),
    sourceIp: text(raw.sourceIPAddress),
    errorCode: errorCodeOf(raw.errorCode),
    principal: identity.type && identity.type !== "Unknown" ? text(identity.arn) : undefined,
    request,
    ...(identityPoolId !== undefined ? { identityPoolId } : {}),
  };
}

/** The CognitoEvent of a user pool or an identity pool record; undefined for every other record. */
export const normaliseRecord = (raw: CloudTrailRecord): CognitoEvent | undefined => normalise(raw) ?? normaliseIdentity(raw);

// --- What an event means for the rules -------------------------------------------------------

/** API operations that authenticate a user. */
const SIGN_IN_CALLS = new Set(["InitiateAuth", "AdminInitiateAuth", "RespondToAuthChallenge", "AdminRespondToAuthChallenge"]);
/** Managed login pages where a user submits credentials. */
const SIGN_IN_PAGES = new Set(["Login_POST", "CognitoAuthentication"]);

export const isSignInAttempt = (e: CognitoEvent) => (e.kind === "api" ? SIGN_IN_CALLS.has(e.name) : SIGN_IN_PAGES.has(e.name));

/**
 * A failed sign-in: a wrong password (NotAuthorizedException) or a failed managed-login submission:
 * an error code (the developer guide's token endpoint failure logs `"errorCode": "400"`) or an HTTP
 * status of 400 or more.
 */
export function isFailedSignIn(e: CognitoEvent): boolean {
  if (!isSignInAttempt(e)) return false;
  if (e.kind === "api") return e.errorCode === "NotAuthorizedException";
  return e.errorCode !== undefined || (e.status !== undefined && e.status >= 400);
}

/**
 * A successful sign-in. An API call succeeds when it logs no error code. A managed-login form post
 * succeeds only with a redirect (3xx: on to the app's callback or the next challenge page) and no
 * error code: a page served again with 200 is the sign-in form re-rendered with an error message (a
 * wrong password), and a post whose status CloudTrail did not log proves nothing either way.
 */
export function isSuccessfulSignIn(e: CognitoEvent): boolean {
  if (!isSignInAttempt(e) || e.errorCode !== undefined) return false;
  if (e.kind === "api") return true;
  return e.status !== undefined && e.status >= 300 && e.status < 400;
}

/** InitiateAuth flows whose success only opens a challenge (SRP, custom, choice-based) or renews tokens. */
const NO_PASSWORD_PROOF_FLOWS = new Set(["USER_SRP_AUTH", "CUSTOM_AUTH", "USER_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"]);

/**
 * A successful sign-in that proves the secret was right: not the first step of an SRP, custom or
 * choice-based flow (it answers every user name with a challenge) and not a token refresh. An
 * `authFlow` CloudTrail hid or left out is taken as proof: missing a successful guess is worse.
 */
export function isVerifiedSignIn(e: CognitoEvent): boolean {
  if (!isSuccessfulSignIn(e)) return false;
  if (e.kind !== "api" || !e.name.endsWith("InitiateAuth")) return true;
  const flow = text(field(e.request, "authFlow"));
  return flow === undefined || !NO_PASSWORD_PROOF_FLOWS.has(flow.trim().toUpperCase());
}

/**
 * Requests by which users set a new password with a code sent to them (the API call and its
 * managed-login page). Not ChangePassword: it needs a session, so an attacker who got in can call it.
 */
const PASSWORD_RESETS = new Set(["ConfirmForgotPassword", "ConfirmForgotPassword_POST"]);

/** A password reset with a code that succeeded (a managed-login page only with a redirect). */
export function isPasswordReset(e: CognitoEvent): boolean {
  if (!PASSWORD_RESETS.has(e.name) || e.errorCode !== undefined) return false;
  return e.kind === "api" || (e.status !== undefined && e.status >= 300 && e.status < 400);
}

export const isUserNotFound = (e: CognitoEvent) => e.errorCode === "UserNotFoundException";

/** Requests that make Cognito send a code (by SMS when the pool uses phone numbers). */
export const SMS_SENDING = new Set(["SignUp", "ResendConfirmationCode", "ForgotPassword", "Signup_POST", "ResendCode_POST", "ForgotPassword_POST"]);
/** Requests that use such a code. */
export const CONFIRMING = new Set(["ConfirmSignUp", "ConfirmForgotPassword", "Confirm_POST", "ConfirmForgotPassword_POST"]);
