// Managed login (hosted UI) CloudTrail records in the exact shapes of the developer guide's examples,
// "Example Amazon Cognito events":
// https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html
// (source: github.com/awsdocs/amazon-cognito-developer-guide, doc_source/understanding-amazon-cognito-entries.md).
// Only time, address, client, pool and outcome vary; every other field is as documented.
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";

export const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
let counter = 0;
const uuid = () => `5e7b27a0-6870-4226-adb4-${String(++counter).padStart(12, "0")}`;
const iso = (time: string | number) => (typeof time === "number" ? new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z") : time);

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

/** The envelope every documented managed-login event shares (the Signup_POST example). */
function page(eventName: string, o: PageOptions, requestParameters: Record<string, string[]>): CloudTrailRecord {
  return {
    eventVersion: "1.08",
    userIdentity: { accountId: "123456789012" },
    eventTime: iso(o.time),
    eventSource: "cognito-idp.amazonaws.com",
    eventName,
    awsRegion: "eu-west-1",
    sourceIPAddress: o.sourceIp ?? "192.0.2.1",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)...",
    ...(o.errorCode !== undefined ? { errorCode: o.errorCode, errorMessage: "" } : {}),
    requestParameters: null,
    responseElements: null,
    additionalEventData: {
      responseParameters: { status: o.status },
      requestParameters: { ...requestParameters, ...(o.sub ? { sub: [o.sub] } : {}) },
      userPoolDomain: "mydomain.eu-west-1.amazoncognito.com",
      userPoolId: o.poolId,
    },
    requestID: uuid(),
    eventID: uuid(),
    readOnly: false,
    eventType: "AwsServiceEvent",
    managementEvent: true,
    recipientAccountId: "123456789012",
    serviceEventDetails: { serviceAccountId: "111122223333" },
    eventCategory: "Management",
  };
}

/** A sign-in form post to /login: the fields of the documented Signup_POST (user name, password, CSRF token hidden). */
export const loginPost = (o: PageOptions) =>
  page("Login_POST", o, {
    password: [HIDDEN],
    response_type: ["code"],
    _csrf: [HIDDEN],
    redirect_uri: ["https://www.example.com"],
    client_id: [o.clientId],
    username: [HIDDEN],
  });

/** A token request: the documented Token_POST (authorization_code grant). */
export const tokenPost = (o: PageOptions) =>
  page("Token_POST", o, { code: [HIDDEN], grant_type: ["authorization_code"], redirect_uri: ["https://www.example.com"], client_id: [o.clientId] });
