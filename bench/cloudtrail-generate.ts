// Generates CloudTrail log files of Cognito traffic as CloudTrail delivers them to S3: gzip files of
// about 5 minutes each, records shuffled within a file, a few records delivered late (in the next
// file) and ~0.1 % re-delivered (the same eventID in a neighbouring file). The traffic is a busy but
// benign week for a snapshot of POOLS pools, plus a few planted attacks, each in its own pool.
// Generation streams: only the records of the next few files are held in memory.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Severity } from "../src/engine/severity.js";
import type { Snapshot } from "../src/snapshot/types.js";
import { generateSnapshot } from "./generate.js";

const gzipAsync = promisify(gzip);

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
const DAY = 24 * 3600_000;
const MINUTE = 60_000;
const FILE_MS = 5 * MINUTE;
const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

export interface PlantedAttack {
  name: string;
  /** The behaviour rule expected to find it. */
  ruleId: string;
  poolArn: string;
  /** The severity the finding should have, when the catalog fixes it. */
  severity?: Severity;
  /** Whether it is an attack (false: a benign change the rule should report at its base severity). */
  attack: boolean;
  at: string;
}

export interface GeneratedLogs {
  snapshot: Snapshot;
  start: Date;
  end: Date;
  files: number;
  /** Records written, re-deliveries included. */
  records: number;
  duplicates: number;
  delayed: number;
  gzipBytes: number;
  jsonBytes: number;
  users: number;
  ips: number;
  planted: PlantedAttack[];
}

export interface GenerateOptions {
  /** About how many records (planted attacks and re-deliveries come on top). */
  events: number;
  pools?: number;
  clientsPerPool?: number;
  users?: number;
  days?: number;
  start?: Date;
  seed?: number;
  /**
   * The share of records that are Cognito's (default 0.97). A real trail holds every service's
   * records; where Cognito is one service among many it is a few per cent of them (0.05).
   */
  cognitoShare?: number;
}

/** mulberry32: small, fast and good enough for test data; deterministic for a seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rec = Record<string, unknown>;

interface User {
  sub: string;
  pool: number;
  /** Home IP: most sessions come from it. */
  ip: string;
  mfa: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export async function generateCloudTrailLogs(dir: string, options: GenerateOptions): Promise<GeneratedLogs> {
  const rnd = prng(options.seed ?? 7);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const hex = (n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef".charAt(int(16));
    return s;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(4)]}${hex(3)}-${hex(12)}`;
  const publicIp = () => `${pick([3, 18, 31, 34, 46, 52, 62, 77, 81, 85, 88, 90, 109, 151, 176, 185, 188, 212, 213, 217])}.${int(256)}.${int(256)}.${1 + int(254)}`;

  const poolCount = options.pools ?? 20;
  const otherShare = 1 - (options.cognitoShare ?? 0.97);
  const days = options.days ?? 7;
  const start = options.start ?? new Date("2026-11-19T00:00:00Z");
  const end = new Date(start.getTime() + days * DAY);
  const snapshot = generateSnapshot(poolCount, options.clientsPerPool ?? 3);
  const region = snapshot.accounts[0]!.regions[0]!;
  const pools = region.userPools.map((entry) => ({
    id: entry.userPool.Id!,
    arn: entry.userPool.Arn!,
    clients: (entry.clients ?? []).map((c) => c.ClientId!),
    users: [] as User[],
  }));

  // Users: tens of thousands of subs, pools of uneven size; thousands of home IPs (a few users
  // share one: households, offices) and a smaller set of carrier-grade NAT addresses shared by many.
  const homeIps = Array.from({ length: 8000 }, publicIp);
  const carrierIps = Array.from({ length: 1500 }, publicIp);
  const poolWeights = pools.map((_, i) => 1 / (1 + 0.25 * i));
  const weightSum = poolWeights.reduce((a, b) => a + b, 0);
  const userCount = options.users ?? 40_000;
  const users: User[] = [];
  for (let i = 0; i < userCount; i++) {
    let r = rnd() * weightSum;
    let p = 0;
    while (p < pools.length - 1 && (r -= poolWeights[p]!) > 0) p++;
    const user = { sub: uuid(), pool: p, ip: pick(homeIps), mfa: rnd() < 0.3 };
    users.push(user);
    pools[p]!.users.push(user);
  }

  const admins = [
    `arn:aws:sts::${ACCOUNT}:assumed-role/user-admin-backend/i-0a1b2c3d4e5f`,
    `arn:aws:sts::${ACCOUNT}:assumed-role/support-console/jane.doe`,
    `arn:aws:sts::${ACCOUNT}:assumed-role/terraform-deploy/ci-run`,
  ];
  const userAgents = ["aws-sdk-js/3.712.0 ua/2.1 os/linux lang/js md/browser", "aws-amplify/6.6.0 framework/1", "aws-sdk-android/2.77.0", "aws-sdk-iOS/2.36.0"];
  const browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
  const tls = { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `cognito-idp.${REGION}.amazonaws.com` };

  // --- Record builders (the shapes of test/helpers/events.ts, with the fields AWS adds) --------
  interface ApiOptions {
    ip: string;
    errorCode?: string;
    clientId?: string;
    poolId?: string;
    sub?: string;
    principal?: string;
    request?: Rec;
    response?: Rec | null;
    agent?: string;
    readOnly?: boolean;
  }
  const api = (name: string, time: number, o: ApiOptions): Rec => ({
    eventVersion: "1.09",
    userIdentity: o.principal
      ? {
          type: "AssumedRole",
          principalId: `AROA${hex(16).toUpperCase()}:${o.principal.split("/").pop()}`,
          arn: o.principal,
          accountId: ACCOUNT,
          accessKeyId: `ASIA${hex(16).toUpperCase()}`,
          sessionContext: { attributes: { creationDate: iso(time - 600_000), mfaAuthenticated: "false" } },
        }
      : { type: "Unknown", principalId: "Anonymous" },
    eventTime: iso(time),
    eventSource: "cognito-idp.amazonaws.com",
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: o.ip,
    userAgent: o.agent ?? pick(userAgents),
    ...(o.errorCode ? { errorCode: o.errorCode, errorMessage: o.errorCode === "NotAuthorizedException" ? "Incorrect username or password." : o.errorCode === "UserNotFoundException" ? "User does not exist." : "error" } : {}),
    requestParameters: { ...(o.clientId ? { clientId: o.clientId } : {}), ...(o.poolId ? { userPoolId: o.poolId } : {}), ...o.request },
    responseElements: o.errorCode ? null : (o.response ?? null),
    ...(o.sub ? { additionalEventData: { sub: o.sub } } : {}),
    requestID: uuid(),
    eventID: uuid(),
    readOnly: o.readOnly ?? false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
    tlsDetails: tls,
  });
  const managed = (name: string, time: number, o: { ip: string; poolId: string; clientId: string; status: number; sub?: string; form?: boolean }): Rec => ({
    eventVersion: "1.08",
    userIdentity: { accountId: ACCOUNT },
    eventTime: iso(time),
    eventSource: "cognito-idp.amazonaws.com",
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: o.ip,
    userAgent: browser,
    errorCode: "",
    errorMessage: "",
    requestParameters: null,
    responseElements: null,
    additionalEventData: {
      responseParameters: { status: o.status },
      requestParameters: {
        client_id: [o.clientId],
        ...(o.form ? { username: [HIDDEN], password: [HIDDEN] } : { redirect_uri: ["https://app.example.com/cb"], response_type: ["code"], scope: ["openid email"] }),
        ...(o.sub ? { sub: [o.sub] } : {}),
      },
      userPoolDomain: `auth-${o.poolId.toLowerCase().replace("_", "-")}.auth.${REGION}.amazoncognito.com`,
      userPoolId: o.poolId,
      ...(o.sub ? { sub: o.sub } : {}),
    },
    requestID: uuid(),
    eventID: uuid(),
    readOnly: false,
    eventType: "AwsServiceEvent",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    serviceEventDetails: { serviceAccountId: "444455556666" },
    eventCategory: "Management",
  });
  /** Other services share the trail; the analysis skips them. */
  const other = (time: number): Rec => {
    const [source, name] = pick([
      ["sts.amazonaws.com", "AssumeRole"],
      ["kms.amazonaws.com", "Decrypt"],
      ["lambda.amazonaws.com", "Invoke"],
      ["secretsmanager.amazonaws.com", "GetSecretValue"],
    ] as const);
    return {
      eventVersion: "1.09",
      userIdentity: { type: "AWSService", invokedBy: "lambda.amazonaws.com" },
      eventTime: iso(time),
      eventSource: source,
      eventName: name,
      awsRegion: REGION,
      sourceIPAddress: "lambda.amazonaws.com",
      userAgent: "lambda.amazonaws.com",
      requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/app-${hex(6)}`, roleSessionName: hex(8), durationSeconds: 3600 },
      responseElements: null,
      resources: [{ accountId: ACCOUNT, type: "AWS::IAM::Role", ARN: `arn:aws:iam::${ACCOUNT}:role/app-${hex(6)}` }],
      tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `${source.split(".")[0]!}.${REGION}.amazonaws.com` },
      requestID: uuid(),
      eventID: uuid(),
      readOnly: true,
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: "Management",
    };
  };
  const srp = { authFlow: "USER_SRP_AUTH", authParameters: HIDDEN };

  // --- Buckets: the records of each 5-minute file, by file index --------------------------------
  const periods = Math.round((end.getTime() - start.getTime()) / FILE_MS);
  const buckets = new Map<number, Rec[]>();
  const periodOf = (time: number) => Math.floor((time - start.getTime()) / FILE_MS);
  let duplicates = 0;
  let delayed = 0;
  let generated = 0;
  const emit = (record: Rec) => {
    generated++;
    let p = periodOf(Date.parse(record.eventTime as string));
    // CloudTrail delivers a few events late, in a later file.
    if (rnd() < 0.02) {
      p++;
      delayed++;
    }
    let list = buckets.get(p);
    if (!list) buckets.set(p, (list = []));
    list.push(record);
    if (rnd() < 0.001) {
      duplicates++;
      let next = buckets.get(p + 1);
      if (!next) buckets.set(p + 1, (next = []));
      next.push(record);
    }
  };

  // --- Sessions: what one user (or admin) does, as events from `t` on ---------------------------
  const sessionIp = (u: User) => (rnd() < 0.75 ? u.ip : pick(carrierIps));
  const clientOf = (u: User, index: number) => pools[u.pool]!.clients[index % pools[u.pool]!.clients.length]!;
  const failed = () => rnd() < 0.035;

  function apiSignIn(u: User, t: number) {
    const ip = sessionIp(u);
    const clientId = clientOf(u, rnd() < 0.8 ? 1 : 2);
    const agent = pick(userAgents);
    if (rnd() < 0.004) {
      // A mistyped username: the pool answers UserNotFoundException (no sub).
      emit(api("InitiateAuth", t, { ip, clientId, agent, errorCode: "UserNotFoundException", request: srp }));
      return;
    }
    // Up to three tries: a wrong password now and then, retried a few seconds later.
    for (let attempt = 0; attempt < 3; attempt++) {
      emit(api("InitiateAuth", t, { ip, clientId, agent, sub: u.sub, request: srp, response: { challengeName: "PASSWORD_VERIFIER", challengeParameters: { USER_ID_FOR_SRP: HIDDEN } } }));
      t += 300 + int(1500);
      const wrong = failed();
      emit(
        api("RespondToAuthChallenge", t, {
          ip,
          clientId,
          agent,
          sub: u.sub,
          request: { challengeName: "PASSWORD_VERIFIER", challengeResponses: HIDDEN },
          ...(wrong ? { errorCode: "NotAuthorizedException" } : { response: u.mfa ? { challengeName: "SOFTWARE_TOKEN_MFA", session: HIDDEN } : { authenticationResult: HIDDEN } }),
        }),
      );
      if (!wrong) {
        if (u.mfa) emit(api("RespondToAuthChallenge", t + 8000 + int(20_000), { ip, clientId, agent, sub: u.sub, request: { challengeName: "SOFTWARE_TOKEN_MFA", challengeResponses: HIDDEN }, response: { authenticationResult: HIDDEN } }));
        return;
      }
      if (rnd() < 0.2) return; // gives up
      t += 5000 + int(40_000);
    }
  }

  function refresh(u: User, t: number) {
    emit(api("InitiateAuth", t, { ip: sessionIp(u), clientId: clientOf(u, rnd() < 0.8 ? 1 : 2), sub: u.sub, request: { authFlow: "REFRESH_TOKEN_AUTH", authParameters: HIDDEN }, response: { authenticationResult: HIDDEN } }));
  }

  function managedLogin(u: User, t: number) {
    const ip = sessionIp(u);
    const pool = pools[u.pool]!;
    const clientId = clientOf(u, 0);
    emit(managed("Login_GET", t, { ip, poolId: pool.id, clientId, status: 200 }));
    for (let attempt = 0; attempt < 3; attempt++) {
      t += 4000 + int(15_000);
      const wrong = failed();
      emit(managed("Login_POST", t, { ip, poolId: pool.id, clientId, status: wrong ? 400 : 302, sub: u.sub, form: true }));
      if (!wrong) {
        emit(managed("Token_POST", t + 500 + int(1500), { ip, poolId: pool.id, clientId, status: 200, sub: u.sub }));
        return;
      }
      if (rnd() < 0.2) return;
    }
  }

  function userCall(u: User, t: number) {
    const name = pick(["GetUser", "GetUser", "GetUser", "UpdateUserAttributes", "ChangePassword", "GlobalSignOut", "ListDevices"]);
    emit(api(name, t, { ip: sessionIp(u), sub: u.sub, request: { accessToken: HIDDEN }, readOnly: name.startsWith("Get") || name.startsWith("List") }));
  }

  function signUp(pool: number, t: number) {
    const p = pools[pool]!;
    const ip = pick(rnd() < 0.5 ? homeIps : carrierIps);
    const clientId = p.clients[rnd() < 0.5 ? 0 : 1]!;
    const sub = uuid();
    emit(api("SignUp", t, { ip, clientId, request: { username: HIDDEN, password: HIDDEN, userAttributes: HIDDEN }, response: { userConfirmed: false, codeDeliveryDetails: { destination: HIDDEN, deliveryMedium: "SMS", attributeName: "phone_number" }, userSub: sub } }));
    if (rnd() < 0.12) {
      t += 60_000 + int(120_000);
      emit(api("ResendConfirmationCode", t, { ip, clientId, request: { username: HIDDEN }, response: { codeDeliveryDetails: { destination: HIDDEN, deliveryMedium: "SMS" } } }));
    }
    if (rnd() < 0.85) emit(api("ConfirmSignUp", t + 30_000 + int(500_000), { ip, clientId, sub, request: { username: HIDDEN, confirmationCode: HIDDEN } }));
  }

  function forgotPassword(u: User, t: number) {
    const ip = sessionIp(u);
    const clientId = clientOf(u, 1);
    emit(api("ForgotPassword", t, { ip, clientId, sub: u.sub, request: { username: HIDDEN }, response: { codeDeliveryDetails: { destination: HIDDEN, deliveryMedium: "SMS" } } }));
    if (rnd() < 0.8) emit(api("ConfirmForgotPassword", t + 60_000 + int(900_000), { ip, clientId, sub: u.sub, request: { username: HIDDEN, password: HIDDEN, confirmationCode: HIDDEN } }));
  }

  /** Routine admin and configuration reads/writes that no behaviour rule should report. */
  function adminCall(t: number) {
    const p = pick(pools);
    const u = p.users.length > 0 ? pick(p.users) : undefined;
    const [name, principal, readOnly] = pick([
      ["AdminGetUser", admins[0]!, true],
      ["AdminGetUser", admins[0]!, true],
      ["ListUsers", admins[1]!, true],
      ["AdminListGroupsForUser", admins[0]!, true],
      ["AdminCreateUser", admins[0]!, false],
      // AdminDisableUser and AdminUserGlobalSignOut are privileged-admin-action's business now.
      ["AdminListDevices", admins[1]!, true],
      ["AdminListUserAuthEvents", admins[1]!, true],
      ["DescribeUserPool", admins[2]!, true],
      ["DescribeUserPoolClient", admins[2]!, true],
      ["GetUserPoolMfaConfig", admins[2]!, true],
    ] as const);
    emit(api(name, t, { ip: "10.0.12.34", poolId: p.id, principal, readOnly, agent: "aws-sdk-js/3.712.0", ...(u && name.startsWith("Admin") ? { sub: u.sub, request: { username: HIDDEN } } : {}) }));
  }

  // --- Planted attacks, each in its own pool, on different days ----------------------------------
  const planted: PlantedAttack[] = [];
  const plantedRecords: Rec[] = [];
  const poolFor = (i: number) => pools[i % pools.length]!;
  const at = (day: number, hour: number) => start.getTime() + day * DAY + hour * 3600_000 + int(1800_000);
  {
    // Brute force: one user, 30 failed sign-ins in 10 minutes, from one address.
    const p = poolFor(2);
    const victim = pick(p.users);
    const ip = publicIp();
    const t0 = at(1, 3);
    for (let i = 0; i < 30; i++) plantedRecords.push(api("InitiateAuth", t0 + i * 20_000 + int(5000), { ip, clientId: p.clients[2]!, sub: victim.sub, errorCode: "NotAuthorizedException", agent: "python-requests/2.32.3", request: { authFlow: "USER_PASSWORD_AUTH", authParameters: HIDDEN } }));
    planted.push({ name: "brute force (1 sub, 30 failures / 10 min)", ruleId: "brute-force", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // Password spray: one address, 40 users, one wrong password each, in 30 minutes.
    const p = poolFor(4);
    const ip = publicIp();
    const t0 = at(2, 1);
    const victims = [...p.users].sort(() => rnd() - 0.5).slice(0, 40);
    victims.forEach((v, i) => plantedRecords.push(api("InitiateAuth", t0 + i * 45_000, { ip, clientId: p.clients[2]!, sub: v.sub, errorCode: "NotAuthorizedException", agent: "python-requests/2.32.3", request: { authFlow: "USER_PASSWORD_AUTH", authParameters: HIDDEN } })));
    planted.push({ name: "password spray (1 IP, 40 subs / 30 min)", ruleId: "password-spraying", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // User enumeration: one address, 50 UserNotFoundException (sign-in and forgot-password probes).
    const p = poolFor(6);
    const ip = publicIp();
    const t0 = at(3, 22);
    for (let i = 0; i < 50; i++) {
      const name = i % 5 === 0 ? "ForgotPassword" : "InitiateAuth";
      plantedRecords.push(api(name, t0 + i * 30_000, { ip, clientId: p.clients[1]!, errorCode: "UserNotFoundException", agent: "curl/8.5.0", request: name === "InitiateAuth" ? srp : { username: HIDDEN } }));
    }
    planted.push({ name: "user enumeration (1 IP, 50 UserNotFound)", ruleId: "user-enumeration", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // SMS pumping: 300 sign-ups in an hour from many addresses, 5 confirmations.
    const p = poolFor(8);
    const t0 = at(4, 2);
    const ips = Array.from({ length: 60 }, publicIp);
    for (let i = 0; i < 300; i++) {
      plantedRecords.push(api("SignUp", t0 + i * 11_000, { ip: pick(ips), clientId: p.clients[1]!, agent: "okhttp/4.12.0", request: { username: HIDDEN, password: HIDDEN, userAttributes: HIDDEN }, response: { userConfirmed: false, codeDeliveryDetails: { destination: HIDDEN, deliveryMedium: "SMS", attributeName: "phone_number" }, userSub: uuid() } }));
    }
    for (let i = 0; i < 5; i++) plantedRecords.push(api("ConfirmSignUp", t0 + 600_000 + i * 500_000, { ip: pick(ips), clientId: p.clients[1]!, sub: uuid(), request: { username: HIDDEN, confirmationCode: HIDDEN } }));
    planted.push({ name: "SMS pumping (300 SignUp, 5 confirmed / 1 h)", ruleId: "sms-pumping", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // A privileged admin action: AdminSetUserPassword by a support role.
    const p = poolFor(10);
    const t0 = at(5, 14);
    plantedRecords.push(api("AdminSetUserPassword", t0, { ip: "10.0.77.5", poolId: p.id, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/support-console/mallory`, sub: pick(p.users).sub, agent: "console.amazonaws.com", request: { username: HIDDEN, password: HIDDEN, permanent: true } }));
    planted.push({ name: "admin AdminSetUserPassword", ruleId: "privileged-admin-action", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // A configuration change that weakens security: MFA set OFF.
    const p = poolFor(12);
    const t0 = at(6, 9);
    plantedRecords.push(api("SetUserPoolMfaConfig", t0, { ip: "10.0.77.5", poolId: p.id, principal: admins[2]!, agent: "console.amazonaws.com", request: { mfaConfiguration: "OFF" }, response: { mfaConfiguration: "OFF" } }));
    planted.push({ name: "config change: MFA OFF", ruleId: "security-config-change", poolArn: p.arn, severity: "high", attack: true, at: iso(t0) });
  }
  {
    // Control: a routine client change (shorter access tokens) — reported, but not as weakening.
    const p = poolFor(14);
    const t0 = at(2, 11);
    plantedRecords.push(api("UpdateUserPoolClient", t0, { ip: "10.0.77.5", poolId: p.id, clientId: p.clients[0]!, principal: admins[2]!, agent: "terraform/1.9.8", request: { accessTokenValidity: 15, allowedOAuthFlows: ["code"], callbackURLs: ["https://app.example.com/cb"] } }));
    planted.push({ name: "control: benign client update", ruleId: "security-config-change", poolArn: p.arn, severity: "medium", attack: false, at: iso(t0) });
  }
  const plantedByPeriod = new Map<number, Rec[]>();
  for (const r of plantedRecords) {
    const p = periodOf(Date.parse(r.eventTime as string));
    let list = plantedByPeriod.get(p);
    if (!list) plantedByPeriod.set(p, (list = []));
    list.push(r);
  }

  // --- Per 5-minute period: the planned number of events (busier by day), then the file ---------
  const diurnal = (ms: number) => {
    const hour = (ms % DAY) / 3600_000;
    return 0.25 + Math.max(0, Math.sin(((hour - 5) / 24) * 2 * Math.PI)) ** 1.5 + 0.1 * Math.sin(ms / DAY);
  };
  const weights = Array.from({ length: periods }, (_, i) => diurnal(start.getTime() + i * FILE_MS));
  const total = weights.reduce((a, b) => a + b, 0);
  const out = { files: 0, records: 0, gzipBytes: 0, jsonBytes: 0 };
  const writes = new Set<Promise<void>>();

  async function writeFileOf(period: number) {
    const records = buckets.get(period) ?? [];
    buckets.delete(period);
    if (records.length === 0) return;
    for (let i = records.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [records[i], records[j]] = [records[j]!, records[i]!];
    }
    // Delivered a few minutes after the period ends; the folder is the delivery date.
    const delivered = new Date(start.getTime() + (period + 1) * FILE_MS + int(4) * MINUTE);
    const y = delivered.getUTCFullYear();
    const m = pad(delivered.getUTCMonth() + 1);
    const d = pad(delivered.getUTCDate());
    const folder = join(dir, "AWSLogs", ACCOUNT, "CloudTrail", REGION, String(y), m, d);
    const name = `${ACCOUNT}_CloudTrail_${REGION}_${y}${m}${d}T${pad(delivered.getUTCHours())}${pad(delivered.getUTCMinutes())}Z_${hex(16)}.json.gz`;
    const json = JSON.stringify({ Records: records });
    out.files++;
    out.records += records.length;
    out.jsonBytes += Buffer.byteLength(json);
    // Compression runs on libuv's thread pool while the next period is generated.
    const write = (async () => {
      const data = await gzipAsync(json);
      out.gzipBytes += data.length;
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, name), data);
    })();
    writes.add(write);
    void write.finally(() => writes.delete(write));
    while (writes.size >= 4) await Promise.race(writes);
  }

  for (let period = 0; period < periods; period++) {
    const from = start.getTime() + period * FILE_MS;
    const target = Math.round((options.events * weights[period]!) / total);
    const goal = generated + target;
    while (generated < goal) {
      const t = from + int(FILE_MS);
      // Other services first (3 % by default); the Cognito mix below keeps its proportions.
      if (rnd() < otherShare) {
        emit(other(t));
        continue;
      }
      const r = 0.03 + rnd() * 0.97;
      if (r < 0.032) adminCall(t);
      else if (r < 0.052) signUp(pick(users).pool, t);
      else if (r < 0.067) forgotPassword(pick(users), t);
      else if (r < 0.137) userCall(pick(users), t);
      else if (r < 0.337) refresh(pick(users), t);
      else if (r < 0.537) managedLogin(pick(users), t);
      else apiSignIn(pick(users), t);
    }
    for (const r of plantedByPeriod.get(period) ?? []) emit(r);
    await writeFileOf(period);
  }
  // Sessions and late deliveries that spill past the last period still get their files.
  for (const period of [...buckets.keys()].sort((a, b) => a - b)) await writeFileOf(period);
  await Promise.all(writes);

  return {
    snapshot,
    start,
    end,
    ...out,
    duplicates,
    delayed,
    users: users.length,
    ips: homeIps.length + carrierIps.length,
    planted,
  };
}
