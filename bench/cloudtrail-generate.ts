// Generates CloudTrail log files of Cognito traffic as CloudTrail delivers them to S3: gzip files of
// about 5 minutes each, records shuffled within a file, a few records delivered late (in the next
// file) and ~0.1 % re-delivered (the same eventID in a neighbouring file). The traffic is a busy but
// benign week for a snapshot of POOLS pools (and three identity pools), plus planted attacks, each in
// its own pool, and benign controls that a rule must not report (`silent`).
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
  /** A benign control the rule must NOT report: a finding of the rule for this pool is a false alarm. */
  silent?: boolean;
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
  // Identity pools (none in the generated snapshot): one an app signs its users into, one whose guest
  // access an admin opens, one open to guests (a game's leaderboard, say) that a script abuses.
  const identityPoolIds = ["app", "partner", "guest"].map((name) => ({ name, id: `${REGION}:${uuid()}` }));
  region.identityPools = identityPoolIds.map(({ name, id }, i) => ({
    IdentityPoolId: id,
    IdentityPoolName: name,
    AllowUnauthenticatedIdentities: i === 2,
    AllowClassicFlow: false,
    CognitoIdentityProviders: [{ ProviderName: `cognito-idp.${REGION}.amazonaws.com/${region.userPools[i]!.userPool.Id!}`, ClientId: region.userPools[i]!.clients?.[1]?.ClientId, ServerSideTokenCheck: false }],
  }));
  const identityPoolArn = (id: string) => `arn:aws:cognito-identity:${REGION}:${ACCOUNT}:identitypool/${id}`;
  const pools = region.userPools.map((entry) => ({
    id: entry.userPool.Id!,
    arn: entry.userPool.Arn!,
    clients: (entry.clients ?? []).map((c) => c.ClientId!),
    users: [] as User[],
  }));

  // One pool keeps a client of a retired reporting app that nothing signs in with any more.
  const retired = region.userPools[13 % region.userPools.length]!;
  retired.clients = [...(retired.clients ?? []), { ...retired.clients![0]!, ClientId: `${retired.clients![0]!.ClientId!}retired`, ClientName: "legacy-reporting", CreationDate: "2023-03-01T00:00:00.000Z" }];

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
  /** A token endpoint request (the guide's client_credentials Token_POST; a refusal logs errorCode "400"). */
  const token = (time: number, o: { ip: string; poolId: string; clientId: string; status: number; grant: string }): Rec => {
    const r = managed("Token_POST", time, { ip: o.ip, poolId: o.poolId, clientId: o.clientId, status: o.status });
    const extra = r.additionalEventData as Rec;
    extra.requestParameters = { grant_type: [o.grant], client_id: [o.clientId], ...(o.grant === "client_credentials" ? { scope: ["orders/read"] } : {}) };
    if (o.status >= 400) r.errorCode = String(o.status);
    r.userAgent = "python-requests/2.32.3";
    return r;
  };
  /** GetId / GetCredentialsForIdentity as the guide's examples: data events, the pool named in resources[].ARN; no logins: a guest. */
  const identityCall = (name: "GetId" | "GetCredentialsForIdentity", time: number, o: { ip: string; identityPoolId: string; identityId: string; logins?: Rec; agent?: string }): Rec => ({
    eventVersion: "1.08",
    userIdentity: { type: "Unknown" },
    eventTime: iso(time),
    eventSource: "cognito-identity.amazonaws.com",
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: o.ip,
    userAgent: o.agent ?? pick(userAgents),
    requestParameters: name === "GetId" ? { identityPoolId: o.identityPoolId, ...(o.logins ? { logins: o.logins } : {}) } : { ...(o.logins ? { logins: o.logins } : {}), identityId: o.identityId },
    responseElements:
      name === "GetId"
        ? { identityId: o.identityId }
        : { credentials: { accessKeyId: `ASIA${hex(16).toUpperCase()}`, sessionToken: HIDDEN, expiration: iso(time + 3600_000) }, identityId: o.identityId },
    requestID: uuid(),
    eventID: uuid(),
    readOnly: false,
    resources: [{ accountId: ACCOUNT, type: "AWS::Cognito::IdentityPool", ARN: identityPoolArn(o.identityPoolId) }],
    eventType: "AwsApiCall",
    managementEvent: false,
    recipientAccountId: ACCOUNT,
    eventCategory: "Data",
  });
  /** An IAM principal's identity pool management call (the guide's CreateIdentityPool shape, lower camel case). */
  const identityChange = (name: "UpdateIdentityPool" | "DescribeIdentityPool", time: number, o: { principal: string; identityPoolId: string; request?: Rec }): Rec => {
    const request = { identityPoolId: o.identityPoolId, ...o.request };
    return {
      eventVersion: "1.09",
      userIdentity: { type: "AssumedRole", principalId: `AROA${hex(16).toUpperCase()}:${o.principal.split("/").pop()}`, arn: o.principal, accountId: ACCOUNT, accessKeyId: `ASIA${hex(16).toUpperCase()}` },
      eventTime: iso(time),
      eventSource: "cognito-identity.amazonaws.com",
      eventName: name,
      awsRegion: REGION,
      sourceIPAddress: "10.0.77.5",
      userAgent: "console.amazonaws.com",
      requestParameters: request,
      responseElements: name === "UpdateIdentityPool" ? request : null,
      requestID: uuid(),
      eventID: uuid(),
      readOnly: name === "DescribeIdentityPool",
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: "Management",
      tlsDetails: { ...tls, clientProvidedHostHeader: `cognito-identity.${REGION}.amazonaws.com` },
    };
  };
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
    const ip = sessionIp(u);
    emit(api("InitiateAuth", t, { ip, clientId: clientOf(u, rnd() < 0.8 ? 1 : 2), sub: u.sub, request: { authFlow: "REFRESH_TOKEN_AUTH", authParameters: HIDDEN }, response: { authenticationResult: HIDDEN } }));
    // The app of the first pool trades its users' ID tokens for AWS credentials (identity pool "app").
    if (u.pool === 0 && rnd() < 0.5) {
      const identityPoolId = identityPoolIds[0]!.id;
      const identityId = `${REGION}:${u.sub}`;
      const logins = { [`cognito-idp.${REGION}.amazonaws.com/${pools[0]!.id}`]: HIDDEN };
      if (rnd() < 0.2) emit(identityCall("GetId", t + 200, { ip, identityPoolId, identityId, logins }));
      emit(identityCall("GetCredentialsForIdentity", t + 400 + int(600), { ip, identityPoolId, identityId, logins }));
    }
  }

  function managedLogin(u: User, t: number) {
    const ip = sessionIp(u);
    const pool = pools[u.pool]!;
    const clientId = clientOf(u, 0);
    emit(managed("Login_GET", t, { ip, poolId: pool.id, clientId, status: 200 }));
    for (let attempt = 0; attempt < 3; attempt++) {
      t += 4000 + int(15_000);
      const wrong = failed();
      // CloudTrail names no user (no sub) for a rejected managed-login form.
      emit(managed("Login_POST", t, { ip, poolId: pool.id, clientId, status: wrong ? 400 : 302, ...(wrong ? {} : { sub: u.sub }), form: true }));
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
    // The victim signs in from home half an hour later. Whether a guess worked or the user came back,
    // that is a sign-in after failures (and in a busy week the victim's own traffic makes one anyway).
    plantedRecords.push(api("InitiateAuth", t0 + 40 * MINUTE, { ip: victim.ip, clientId: p.clients[0]!, sub: victim.sub, agent: userAgents[0]!, request: { authFlow: "USER_PASSWORD_AUTH", authParameters: HIDDEN }, response: { authenticationResult: HIDDEN, challengeParameters: {} } }));
    planted.push({ name: "  … then the victim signs in", ruleId: "sign-in-after-failures", poolArn: p.arn, severity: "critical", attack: true, at: iso(t0) });
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
  // The brute force above is 30 failures of one user: over 24 hours that is slow brute force's count too.
  planted.push({ name: "  … the same 30 failures, over 24 h", ruleId: "slow-brute-force", poolArn: poolFor(2).arn, attack: true, at: planted[0]!.at });
  const passwordAuth = { authFlow: "USER_PASSWORD_AUTH", authParameters: HIDDEN };
  const wrongPassword = (p: (typeof pools)[number], t: number, o: { ip: string; sub?: string; clientId?: string; agent?: string }) =>
    api("InitiateAuth", t, { ip: o.ip, clientId: o.clientId ?? p.clients[1]!, ...(o.sub ? { sub: o.sub } : {}), errorCode: "NotAuthorizedException", agent: o.agent ?? "python-requests/2.32.3", request: passwordAuth });
  {
    // Managed-login failures naming no user: one address posts the sign-in form 25 times in 10 minutes.
    const p = poolFor(16);
    const ip = publicIp();
    const t0 = at(1, 20);
    const clientId = p.clients[0]!;
    plantedRecords.push(managed("Login_GET", t0, { ip, poolId: p.id, clientId, status: 200 }));
    for (let i = 0; i < 25; i++) plantedRecords.push(managed("Login_POST", t0 + 5000 + i * 24_000 + int(4000), { ip, poolId: p.id, clientId, status: 400, form: true }));
    planted.push({ name: "managed-login failures, no sub (1 IP, 25 / 10 min)", ruleId: "unattributed-sign-in-failures", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // Slow brute force under the lockout: 5 guesses for one user every 16 minutes, for 4 hours.
    const p = poolFor(18);
    const victim = pick(p.users);
    const ip = publicIp();
    const t0 = at(2, 18);
    for (let round = 0; round < 15; round++) for (let i = 0; i < 5; i++) plantedRecords.push(wrongPassword(p, t0 + round * 16 * MINUTE + i * 7000 + int(2000), { ip, sub: victim.sub }));
    planted.push({ name: "slow brute force (1 sub, 5 / 16 min for 4 h)", ruleId: "slow-brute-force", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // A guess that worked: 12 wrong passwords for one user over 50 minutes (under brute force's 10 in
    // 15 minutes), then a USER_PASSWORD_AUTH sign-in that succeeds.
    const p = poolFor(3);
    const victim = pick(p.users.filter((u) => !u.mfa));
    const ip = publicIp();
    const t0 = at(3, 4);
    for (let i = 0; i < 12; i++) plantedRecords.push(wrongPassword(p, t0 + i * 4 * MINUTE + int(30_000), { ip, sub: victim.sub }));
    plantedRecords.push(api("InitiateAuth", t0 + 50 * MINUTE, { ip, clientId: p.clients[1]!, sub: victim.sub, agent: "python-requests/2.32.3", request: passwordAuth, response: { authenticationResult: HIDDEN, challengeParameters: {} } }));
    planted.push({ name: "sign-in after 12 failures (1 sub, 50 min)", ruleId: "sign-in-after-failures", poolArn: p.arn, severity: "critical", attack: true, at: iso(t0) });
  }
  {
    // Distributed spraying against the busiest pool: 80 addresses, one or two tries each, 120 users
    // (some names unknown to the pool), all within one 15-minute interval.
    const p = poolFor(0);
    const ips = Array.from({ length: 80 }, publicIp);
    const t0 = Math.floor(at(4, 23) / (15 * MINUTE)) * 15 * MINUTE + MINUTE;
    const victims = [...p.users].sort(() => rnd() - 0.5).slice(0, 120);
    victims.forEach((v, i) => {
      const t = t0 + Math.floor((i * 12 * MINUTE) / victims.length);
      const ip = ips[i % ips.length]!;
      if (i % 10 === 9) plantedRecords.push(api("InitiateAuth", t, { ip, clientId: p.clients[1]!, errorCode: "UserNotFoundException", agent: "python-requests/2.32.3", request: passwordAuth }));
      else plantedRecords.push(wrongPassword(p, t, { ip, sub: v.sub }));
    });
    planted.push({ name: "distributed spray (80 IPs, 120 users / 12 min)", ruleId: "distributed-spraying", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // MFA code guessing: the password is known; five sessions, three wrong TOTP codes each, in 12 minutes.
    const p = poolFor(5);
    const victim = pick(p.users);
    const ip = publicIp();
    const t0 = at(5, 3);
    const clientId = p.clients[1]!;
    const agent = "python-requests/2.32.3";
    for (let round = 0; round < 5; round++) {
      let t = t0 + round * 150_000;
      plantedRecords.push(api("InitiateAuth", t, { ip, clientId, agent, sub: victim.sub, request: srp, response: { challengeName: "PASSWORD_VERIFIER", challengeParameters: { USER_ID_FOR_SRP: HIDDEN } } }));
      plantedRecords.push(api("RespondToAuthChallenge", (t += 800), { ip, clientId, agent, sub: victim.sub, request: { challengeName: "PASSWORD_VERIFIER", challengeResponses: HIDDEN }, response: { challengeName: "SOFTWARE_TOKEN_MFA", session: HIDDEN } }));
      for (let i = 0; i < 3; i++) plantedRecords.push(api("RespondToAuthChallenge", (t += 3000 + int(3000)), { ip, clientId, agent, sub: victim.sub, errorCode: "CodeMismatchException", request: { challengeName: "SOFTWARE_TOKEN_MFA", challengeResponses: HIDDEN, session: HIDDEN } }));
    }
    planted.push({ name: "MFA code guessing (1 sub, 15 wrong / 12 min)", ruleId: "code-guessing", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // Client-secret guessing: 40 refused client_credentials requests for one client in 10 minutes.
    const p = poolFor(7);
    const ip = publicIp();
    const t0 = at(6, 2);
    for (let i = 0; i < 40; i++) plantedRecords.push(token(t0 + i * 15_000 + int(3000), { ip, poolId: p.id, clientId: p.clients[2]!, status: 400, grant: "client_credentials" }));
    planted.push({ name: "client-secret guessing (40 Token_POST 400)", ruleId: "client-secret-guessing", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // An admin backdoor: a user created without an invitation, then given a permanent password.
    const p = poolFor(9);
    const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/support-console/mallory`;
    const sub = uuid();
    const t0 = at(3, 23);
    plantedRecords.push(api("AdminCreateUser", t0, { ip: "10.0.77.5", poolId: p.id, principal, sub, agent: "aws-cli/2.22.0", request: { username: HIDDEN, userAttributes: HIDDEN, messageAction: "SUPPRESS", temporaryPassword: HIDDEN }, response: { user: { username: HIDDEN, userStatus: "FORCE_CHANGE_PASSWORD", enabled: true } } }));
    plantedRecords.push(api("AdminSetUserPassword", t0 + 95_000, { ip: "10.0.77.5", poolId: p.id, principal, sub, agent: "aws-cli/2.22.0", request: { username: HIDDEN, password: HIDDEN, permanent: true } }));
    planted.push({ name: "admin backdoor (AdminCreateUser + password)", ruleId: "admin-created-user-activated", poolArn: p.arn, attack: true, at: iso(t0) });
    planted.push({ name: "  … AdminSetUserPassword on its own", ruleId: "privileged-admin-action", poolArn: p.arn, attack: true, at: iso(t0) });
  }
  {
    // An identity pool opened to guests by an admin.
    const ip = identityPoolIds[1]!;
    const t0 = at(4, 15);
    plantedRecords.push(identityChange("DescribeIdentityPool", t0 - 40_000, { principal: admins[1]!, identityPoolId: ip.id }));
    plantedRecords.push(identityChange("UpdateIdentityPool", t0, { principal: admins[1]!, identityPoolId: ip.id, request: { identityPoolName: ip.name, allowUnauthenticatedIdentities: true, allowClassicFlow: false } }));
    planted.push({ name: "identity pool opened to guests", ruleId: "identity-pool-config-change", poolArn: identityPoolArn(ip.id), severity: "high", attack: true, at: iso(t0) });
  }
  {
    // Guest credentials: a script gets 30 unauthenticated identities and their AWS credentials.
    const pool = identityPoolIds[2]!;
    const ip = publicIp();
    const t0 = at(5, 21);
    for (let i = 0; i < 30; i++) {
      const identityId = `${REGION}:${uuid()}`;
      plantedRecords.push(identityCall("GetId", t0 + i * 20_000, { ip, identityPoolId: pool.id, identityId, agent: "aws-cli/2.22.0" }));
      plantedRecords.push(identityCall("GetCredentialsForIdentity", t0 + i * 20_000 + 900, { ip, identityPoolId: pool.id, identityId, agent: "aws-cli/2.22.0" }));
    }
    planted.push({ name: "guest credentials (30 identities, 1 IP)", ruleId: "identity-pool-guest-credentials", poolArn: identityPoolArn(pool.id), attack: true, at: iso(t0) });
  }
  {
    // Control: five colleagues behind one office NAT mistype their passwords within an hour, then sign in.
    const p = poolFor(1);
    const office = publicIp();
    const t0 = at(2, 8);
    const colleagues = [...p.users].sort(() => rnd() - 0.5).slice(0, 5);
    colleagues.forEach((u, i) => {
      let t = t0 + i * 11 * MINUTE + int(60_000);
      const clientId = p.clients[1]!;
      const agent = browser;
      const misses = 1 + int(3);
      for (let miss = 0; miss < misses; miss++) {
        plantedRecords.push(api("InitiateAuth", t, { ip: office, clientId, agent, sub: u.sub, request: srp, response: { challengeName: "PASSWORD_VERIFIER", challengeParameters: { USER_ID_FOR_SRP: HIDDEN } } }));
        plantedRecords.push(api("RespondToAuthChallenge", (t += 900), { ip: office, clientId, agent, sub: u.sub, errorCode: "NotAuthorizedException", request: { challengeName: "PASSWORD_VERIFIER", challengeResponses: HIDDEN } }));
        t += 8000 + int(20_000);
      }
      plantedRecords.push(api("InitiateAuth", t, { ip: office, clientId, agent, sub: u.sub, request: srp, response: { challengeName: "PASSWORD_VERIFIER", challengeParameters: { USER_ID_FOR_SRP: HIDDEN } } }));
      plantedRecords.push(api("RespondToAuthChallenge", t + 900, { ip: office, clientId, agent, sub: u.sub, request: { challengeName: "PASSWORD_VERIFIER", challengeResponses: HIDDEN }, response: { authenticationResult: HIDDEN } }));
    });
    for (const ruleId of ["password-spraying", "sign-in-after-failures", "brute-force"]) {
      planted.push({ name: "control: 5 colleagues mistyping behind 1 NAT", ruleId, poolArn: p.arn, attack: false, silent: true, at: iso(t0) });
    }
  }
  {
    // Control: a user who forgot their password tries 11 times over 40 minutes, resets it with the
    // emailed code and signs in: the reset proves the owner, not a guess.
    const p = poolFor(11);
    const u = pick(p.users.filter((x) => !x.mfa));
    const ip = u.ip;
    const clientId = p.clients[1]!;
    const agent = pick(userAgents);
    const t0 = at(4, 19);
    for (let i = 0; i < 11; i++) plantedRecords.push(wrongPassword(p, t0 + i * 4 * MINUTE + int(60_000), { ip, sub: u.sub, clientId, agent }));
    const reset = t0 + 46 * MINUTE;
    plantedRecords.push(api("ForgotPassword", reset, { ip, clientId, agent, sub: u.sub, request: { username: HIDDEN }, response: { codeDeliveryDetails: { destination: HIDDEN, deliveryMedium: "EMAIL", attributeName: "email" } } }));
    plantedRecords.push(api("ConfirmForgotPassword", reset + 3 * MINUTE, { ip, clientId, agent, sub: u.sub, request: { username: HIDDEN, password: HIDDEN, confirmationCode: HIDDEN } }));
    plantedRecords.push(api("InitiateAuth", reset + 4 * MINUTE, { ip, clientId, agent, sub: u.sub, request: passwordAuth, response: { authenticationResult: HIDDEN, challengeParameters: {} } }));
    for (const ruleId of ["sign-in-after-failures", "brute-force"]) {
      planted.push({ name: "control: 11 failures, password reset, sign-in", ruleId, poolArn: p.arn, attack: false, silent: true, at: iso(t0) });
    }
  }
  planted.push({ name: "client no one signs in with (retired app)", ruleId: "unused-client", poolArn: retired.userPool.Arn!, attack: false, at: iso(start.getTime()) });
  // Control: the app's identity pool trades signed-in users' tokens only (see refresh): no guests.
  planted.push({ name: "control: authenticated identity pool traffic", ruleId: "identity-pool-guest-credentials", poolArn: identityPoolArn(identityPoolIds[0]!.id), attack: false, silent: true, at: iso(start.getTime()) });
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
