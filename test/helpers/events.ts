// CloudTrail records as AWS writes them for cognito-idp, with safe defaults (see the formats in
// src/cloudtrail/normalise.ts): each test states only what it is about.
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { ACCOUNT, REGION } from "./factories.js";

let counter = 0;
const eventId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`;
export const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

export interface ApiEventOptions {
  /** ISO time or epoch ms. */
  time: string | number;
  sourceIp?: string;
  errorCode?: string;
  clientId?: string;
  /** For admin and configuration calls (requestParameters.userPoolId). */
  poolId?: string;
  sub?: string;
  /** The IAM principal ARN of an admin call; absent: an anonymous end user. */
  principal?: string;
  request?: Record<string, unknown>;
  response?: Record<string, unknown> | null;
}

const iso = (time: string | number) => (typeof time === "number" ? new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z") : time);

/** An API call record (eventType AwsApiCall), e.g. InitiateAuth. */
export function apiEvent(eventName: string, o: ApiEventOptions): CloudTrailRecord {
  return {
    eventVersion: "1.10",
    userIdentity: o.principal
      ? { type: "AssumedRole", principalId: "AROAEXAMPLE:admin", arn: o.principal, accountId: ACCOUNT }
      : { type: "Unknown", principalId: "Anonymous" },
    eventTime: iso(o.time),
    eventSource: "cognito-idp.amazonaws.com",
    eventName,
    awsRegion: REGION,
    sourceIPAddress: o.sourceIp ?? "198.51.100.7",
    userAgent: "aws-sdk-js/3.0",
    ...(o.errorCode ? { errorCode: o.errorCode, errorMessage: o.errorCode === "NotAuthorizedException" ? "Incorrect username or password." : "error" } : {}),
    requestParameters: {
      ...(o.clientId ? { clientId: o.clientId } : {}),
      ...(o.poolId ? { userPoolId: o.poolId } : {}),
      ...(eventName.endsWith("InitiateAuth") ? { authFlow: "USER_SRP_AUTH", authParameters: HIDDEN } : {}),
      ...o.request,
    },
    responseElements: o.errorCode ? null : (o.response ?? null),
    ...(o.sub ? { additionalEventData: { sub: o.sub } } : {}),
    requestID: eventId(),
    eventID: eventId(),
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
  };
}

export interface ManagedLoginOptions {
  time: string | number;
  sourceIp?: string;
  poolId: string;
  clientId?: string;
  /** HTTP status of the page (302 on a successful form post). */
  status?: number;
  errorCode?: string;
  sub?: string;
}

/** A managed login (hosted UI) record (eventType AwsServiceEvent), e.g. Login_POST. */
export function managedLoginEvent(eventName: string, o: ManagedLoginOptions): CloudTrailRecord {
  return {
    eventVersion: "1.08",
    userIdentity: { accountId: ACCOUNT },
    eventTime: iso(o.time),
    eventSource: "cognito-idp.amazonaws.com",
    eventName,
    awsRegion: REGION,
    sourceIPAddress: o.sourceIp ?? "198.51.100.7",
    userAgent: "Mozilla/5.0",
    errorCode: o.errorCode ?? "",
    errorMessage: "",
    requestParameters: null,
    responseElements: null,
    additionalEventData: {
      responseParameters: { status: o.status ?? 302 },
      requestParameters: {
        client_id: [o.clientId ?? "client1"],
        username: [HIDDEN],
        password: [HIDDEN],
        ...(o.sub ? { sub: [o.sub] } : {}),
      },
      userPoolDomain: "auth.example.com",
      userPoolId: o.poolId,
      ...(o.sub ? { sub: o.sub } : {}),
    },
    requestID: eventId(),
    eventID: eventId(),
    readOnly: false,
    eventType: "AwsServiceEvent",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    serviceEventDetails: { serviceAccountId: "444455556666" },
    eventCategory: "Management",
  };
}

/** `count` events at `intervalMs` apart from `start`, built by `make(i, time)`. */
export function series(count: number, start: string, intervalMs: number, make: (i: number, time: number) => CloudTrailRecord): CloudTrailRecord[] {
  const t0 = Date.parse(start);
  return Array.from({ length: count }, (_, i) => make(i, t0 + i * intervalMs));
}

/** CloudTrail records in event-time order. */
export const byTime = (records: CloudTrailRecord[]) => [...records].sort((a, b) => Date.parse(String(a.eventTime)) - Date.parse(String(b.eventTime)));

/** The sub of the n-th user of a busy day. */
export const subOf = (user: number) => `${String(user).padStart(8, "0")}-1111-4111-8111-111111111111`;

/**
 * An ordinary busy day (2026-11-25), deterministic: 4 000 sign-ins by 600 users, each from their own
 * address except 150 behind one office NAT, 30 % through managed login; 2 % mistype their password
 * once and 1 % twice before succeeding, 1 % mistype their user name first.
 */
export const OFFICE_IP = "192.0.2.10";
export function busyDay(poolId: string, clientId: string): CloudTrailRecord[] {
  let seed = 20_261_125;
  const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  const start = Date.parse("2026-11-25T00:00:00Z");
  const records: CloudTrailRecord[] = [];
  for (let i = 0; i < 4000; i++) {
    const user = Math.floor(random() * 600);
    const sub = subOf(user);
    const sourceIp = user < 150 ? OFFICE_IP : `100.64.${user >> 8}.${user & 255}`;
    const managed = random() < 0.3;
    const roll = random();
    let time = start + Math.floor(random() * 86_000_000);
    const signIn = (errorCode?: string, withSub = true) =>
      managed
        ? managedLoginEvent("Login_POST", { time, poolId, clientId, sourceIp, ...(errorCode ? { errorCode, status: 200 } : {}), ...(withSub ? { sub } : {}) })
        : apiEvent("InitiateAuth", { time, clientId, sourceIp, ...(errorCode ? { errorCode } : {}), ...(withSub ? { sub } : {}) });
    if (roll < 0.01) {
      records.push(signIn("UserNotFoundException", false));
      time += 20_000;
    } else if (roll < 0.04) {
      for (let n = roll < 0.03 ? 1 : 2; n > 0; n--) {
        records.push(signIn("NotAuthorizedException"));
        time += 15_000;
      }
    }
    records.push(signIn());
  }
  return byTime(records);
}

/** A deterministic pseudo-random generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
