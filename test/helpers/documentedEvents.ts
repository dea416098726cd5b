// CloudTrail records in the exact shapes of the Amazon Cognito developer guide's example events
// ("Example Amazon Cognito events",
// https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html),
// for the rules that read the token endpoint and the managed login confirmation page.
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { ACCOUNT, REGION } from "./factories.js";

let counter = 0;
const eventId = () => `00000000-0000-4000-9000-${String(++counter).padStart(12, "0")}`;
const iso = (time: string | number) => (typeof time === "number" ? new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z") : time);
const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

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
  return {
    eventVersion: "1.08",
    userIdentity: { accountId: ACCOUNT },
    eventTime: iso(o.time),
    eventSource: "cognito-idp.amazonaws.com",
    eventName: "Token_POST",
    awsRegion: REGION,
    sourceIPAddress: o.sourceIp ?? "192.0.2.1",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)...",
    ...(o.errorCode !== undefined ? { errorCode: o.errorCode, errorMessage: "" } : {}),
    requestParameters: null,
    responseElements: null,
    additionalEventData: {
      ...(o.status !== undefined ? { responseParameters: { status: o.status } } : {}),
      requestParameters: {
        ...(o.grantType !== undefined ? { grant_type: [o.grantType] } : {}),
        ...(o.grantType === "authorization_code" ? { code: [HIDDEN], redirect_uri: ["https://www.example.com"] } : {}),
        ...(o.grantType === "refresh_token" ? { refresh_token: [HIDDEN] } : {}),
        client_id: [o.clientId ?? "1example23456789"],
      },
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
  return {
    eventVersion: "1.08",
    userIdentity: { accountId: ACCOUNT },
    eventTime: iso(o.time),
    eventSource: "cognito-idp.amazonaws.com",
    eventName: "Confirm_POST",
    awsRegion: REGION,
    sourceIPAddress: o.sourceIp ?? "192.0.2.1",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)...",
    ...(o.errorCode !== undefined ? { errorCode: o.errorCode, errorMessage: "" } : {}),
    requestParameters: null,
    responseElements: null,
    additionalEventData: {
      responseParameters: { status: o.status ?? 302 },
      requestParameters: {
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
      },
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
