// CloudTrail records stored in a snapshot are redacted like API responses, and still analysed.
import { CloudTrailClient, CloudTrailServiceException, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { collectCloudTrailEvents } from "../../src/cloudtrail/collect.js";
import { IDENTITY_POOL_EVENTS, normalise, normaliseIdentity, USER_POOL_EVENTS } from "../../src/cloudtrail/normalise.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { isSecretKey, REDACTED, toSnapshotData } from "../../src/snapshot/redact.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/io.js";
import type { RegionEntry } from "../../src/snapshot/types.js";
import { apiEvent, HIDDEN, managedLoginEvent } from "../helpers/events.js";
import { identityPoolChange } from "../helpers/documentedEvents.js";
import { identityPool, poolEntry, REGION, snapshotOf } from "../helpers/factories.js";

const SECRET = "s3cr3t-client-secret-value";
const PASSWORD = "Hunter2-plaintext";
const TOKEN = "eyJraWQiOiJ0b2tlbiJ9.payload.signature";

const item = (r: CloudTrailRecord) => ({ EventId: String(r.eventID), CloudTrailEvent: JSON.stringify(r) });
const bySource = (source: string) => ({ AttributeKey: "EventSource" as const, AttributeValue: source });
const throttled = () => new CloudTrailServiceException({ name: "ThrottlingException", message: "Rate exceeded", $fault: "client", $metadata: {} });
const WINDOW = { start: new Date("2026-11-25T00:00:00Z"), end: new Date("2026-11-26T00:00:00Z") };
const ID = "eu-west-1:2dg778b3-50b7-565c-0f56-34200EXAMPLE";
const newestFirst = (records: CloudTrailRecord[]) => [...records].sort((a, b) => String(b.eventTime).localeCompare(String(a.eventTime)));

// One mock of the client for the file: a second mockClient of the same class would take over its send.
const cloudTrail = mockClient(CloudTrailClient);
afterEach(() => cloudTrail.reset());

describe("LookupEvents of both Cognito event sources", () => {
  const signIns = Array.from({ length: 4 }, (_, i) => apiEvent("InitiateAuth", { time: `2026-11-25T1${i}:00:00Z`, clientId: "c1", sub: `s${i}` }));
  const changes = [
    identityPoolChange("UpdateIdentityPool", { time: "2026-11-25T10:30:00Z", identityPoolId: ID, request: { allowUnauthenticatedIdentities: true } }),
    identityPoolChange("SetIdentityPoolRoles", { time: "2026-11-25T12:30:00Z", identityPoolId: ID, request: { roles: { unauthenticated: "arn:aws:iam::123456789012:role/admin" } } }),
  ];

  it("pulls each source page by page (through a throttle), merges them oldest first and records the sources", async () => {
    const idp = newestFirst(signIns);
    cloudTrail
      .on(LookupEventsCommand, { LookupAttributes: [bySource(USER_POOL_EVENTS)] })
      .resolvesOnce({ Events: idp.slice(0, 2).map(item), NextToken: "idp-2" })
      .resolvesOnce({ Events: idp.slice(2).map(item) });
    cloudTrail
      .on(LookupEventsCommand, { LookupAttributes: [bySource(IDENTITY_POOL_EVENTS)] })
      .resolvesOnce({ Events: [item(changes[1]!)], NextToken: "identity-2" })
      .rejectsOnce(throttled())
      .resolvesOnce({ Events: [item(changes[0]!)] });
    const region: RegionEntry = { region: REGION, userPools: [], errors: [] };
    await collectCloudTrailEvents(new CloudTrailClient({ region: REGION }), region, { ...WINDOW, maxEvents: 10 });

    expect(region.errors).toEqual([]);
    const stored = region.cloudTrailEvents!;
    expect(stored.eventSources).toEqual([USER_POOL_EVENTS, IDENTITY_POOL_EVENTS]);
    expect(stored.truncated).toBe(false);
    expect(stored.events.map((r) => `${String(r.eventTime)} ${String(r.eventName)}`)).toEqual([
      "2026-11-25T10:00:00Z InitiateAuth",
      "2026-11-25T10:30:00Z UpdateIdentityPool",
      "2026-11-25T11:00:00Z InitiateAuth",
      "2026-11-25T12:00:00Z InitiateAuth",
      "2026-11-25T12:30:00Z SetIdentityPoolRoles",
      "2026-11-25T13:00:00Z InitiateAuth",
    ]);
    // One attribute a call (the API's limit), the same window for both, each source's own tokens.
    const inputs = cloudTrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.LookupAttributes?.[0]?.AttributeValue, i.NextToken])).toEqual([
      [USER_POOL_EVENTS, undefined],
      [USER_POOL_EVENTS, "idp-2"],
      [IDENTITY_POOL_EVENTS, undefined],
      [IDENTITY_POOL_EVENTS, "identity-2"],
      [IDENTITY_POOL_EVENTS, "identity-2"],
    ]);
    for (const input of inputs) expect([input.StartTime, input.EndTime]).toEqual([WINDOW.start, WINDOW.end]);
    // The snapshot with both sources is valid, and its identity pool events reach the identity pool rules.
    const snapshot = snapshotOf([], [], { cloudTrailEvents: stored, identityPools: [identityPool({ IdentityPoolId: ID, IdentityPoolName: "app" })] });
    expect(parseSnapshot(JSON.parse(serializeSnapshot(snapshot)), "snapshot.json").accounts[0]!.regions[0]!.cloudTrailEvents!.eventSources).toEqual([USER_POOL_EVENTS, IDENTITY_POOL_EVENTS]);
    expect(stored.events.map((r) => normaliseIdentity(r as CloudTrailRecord)?.identityPoolId).filter(Boolean)).toEqual([ID, ID]);
  }, 10_000);

  it("caps each source at --max-events on its own and warns about the one it stopped", async () => {
    cloudTrail.on(LookupEventsCommand, { LookupAttributes: [bySource(USER_POOL_EVENTS)] }).resolves({ Events: newestFirst(signIns).map(item), NextToken: "more" });
    cloudTrail.on(LookupEventsCommand, { LookupAttributes: [bySource(IDENTITY_POOL_EVENTS)] }).resolves({ Events: newestFirst(changes).map(item) });
    const region: RegionEntry = { region: REGION, userPools: [], errors: [] };
    const warnings: string[] = [];
    await collectCloudTrailEvents(new CloudTrailClient({ region: REGION }), region, { ...WINDOW, maxEvents: 2 }, (line) => warnings.push(line));

    // The two newest sign-ins, and both identity pool changes: a flood of one source does not crowd out the other.
    expect(region.cloudTrailEvents!.events.map((r) => r.eventName)).toEqual(["UpdateIdentityPool", "InitiateAuth", "SetIdentityPoolRoles", "InitiateAuth"]);
    expect(region.cloudTrailEvents!.truncated).toBe(true);
    expect(region.cloudTrailEvents!.eventSources).toEqual([USER_POOL_EVENTS, IDENTITY_POOL_EVENTS]);
    expect(warnings).toEqual([`${REGION}: stopped LookupEvents for ${USER_POOL_EVENTS} at --max-events 2; older events of the window are not analysed.`]);
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(2);
  });

  it("keeps the user pool events when only the identity pool lookup fails, and records the error and the one source", async () => {
    cloudTrail.on(LookupEventsCommand, { LookupAttributes: [bySource(USER_POOL_EVENTS)] }).resolves({ Events: newestFirst(signIns).map(item) });
    cloudTrail
      .on(LookupEventsCommand, { LookupAttributes: [bySource(IDENTITY_POOL_EVENTS)] })
      .resolvesOnce({ Events: [item(changes[1]!)], NextToken: "identity-2" })
      .rejects(new CloudTrailServiceException({ name: "InvalidNextTokenException", message: "bad token", $fault: "client", $metadata: {} }));
    const region: RegionEntry = { region: REGION, userPools: [], errors: [] };
    await collectCloudTrailEvents(new CloudTrailClient({ region: REGION }), region, { ...WINDOW, maxEvents: 10 });

    expect(region.cloudTrailEvents!.eventSources).toEqual([USER_POOL_EVENTS]);
    // A half-read source is not kept: its events would look complete.
    expect(region.cloudTrailEvents!.events.map((r) => r.eventName)).toEqual(["InitiateAuth", "InitiateAuth", "InitiateAuth", "InitiateAuth"]);
    expect(region.errors).toEqual([{ operation: "LookupEvents", code: "InvalidNextTokenException", message: "bad token", resource: IDENTITY_POOL_EVENTS }]);
  });

  it("stores nothing when the user pool lookup fails, and does not ask for identity pool events", async () => {
    cloudTrail.on(LookupEventsCommand).rejects(new CloudTrailServiceException({ name: "AccessDeniedException", message: "not authorized to perform: cloudtrail:LookupEvents", $fault: "client", $metadata: {} }));
    const region: RegionEntry = { region: REGION, userPools: [], errors: [] };
    await collectCloudTrailEvents(new CloudTrailClient({ region: REGION }), region, { ...WINDOW, maxEvents: 10 });
    expect(region.cloudTrailEvents).toBeUndefined();
    expect(region.errors).toEqual([{ operation: "LookupEvents", code: "AccessDeniedException", message: "not authorized to perform: cloudtrail:LookupEvents" }]);
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(1);
  });
});

describe("LookupEvents records in a snapshot", () => {

  it("are stored with every secret redacted, whatever its casing, and analysed as before", async () => {
    const created = apiEvent("CreateUserPoolClient", {
      time: "2026-11-25T10:00:00Z",
      poolId: "eu-west-1_P",
      principal: "arn:aws:sts::123456789012:assumed-role/Admin/alice",
      request: { clientName: "web", generateSecret: true, tokenValidityUnits: { accessToken: "minutes", idToken: "hours", refreshToken: "days" } },
      response: { userPoolClient: { clientId: "c1", ClientSecret: SECRET, accessTokenValidity: 60 } },
    });
    const signIn = apiEvent("AdminInitiateAuth", {
      time: "2026-11-25T10:01:00Z",
      poolId: "eu-west-1_P",
      clientId: "c1",
      sub: "s1",
      request: { authParameters: { USERNAME: "alice", PASSWORD, SECRET_HASH: "hash" }, client_secret: SECRET, password: PASSWORD },
      response: { authenticationResult: { AccessToken: TOKEN, idToken: TOKEN, RefreshToken: TOKEN }, session: "opaque-session" },
    });
    const login = managedLoginEvent("Login_POST", { time: "2026-11-25T10:02:00Z", poolId: "eu-west-1_P", clientId: "c1", status: 302 });
    (login.additionalEventData as { requestParameters: Record<string, unknown> }).requestParameters.password = [PASSWORD];
    cloudTrail.on(LookupEventsCommand).resolves({ Events: [] });
    cloudTrail.on(LookupEventsCommand, { LookupAttributes: [bySource(USER_POOL_EVENTS)] }).resolves({ Events: [login, signIn, created].map(item) });

    const region: RegionEntry = { region: REGION, userPools: [], errors: [] };
    await collectCloudTrailEvents(new CloudTrailClient({ region: REGION }), region, { start: new Date("2026-11-25T00:00:00Z"), end: new Date("2026-11-26T00:00:00Z"), maxEvents: 10 });
    const stored = region.cloudTrailEvents!.events as CloudTrailRecord[];
    expect(stored.map((r) => r.eventName)).toEqual(["CreateUserPoolClient", "AdminInitiateAuth", "Login_POST"]);

    const text = serializeSnapshot(snapshotOf([poolEntry()], [], { cloudTrailEvents: region.cloudTrailEvents }));
    for (const secret of [SECRET, PASSWORD, TOKEN, "opaque-session", '"hash"']) expect(text).not.toContain(secret);
    expect(stored[1]!.requestParameters).toMatchObject({ authParameters: { USERNAME: "alice", PASSWORD: REDACTED, SECRET_HASH: REDACTED }, client_secret: REDACTED, password: REDACTED });
    expect(stored[1]!.responseElements).toEqual({ authenticationResult: { AccessToken: REDACTED, idToken: REDACTED, RefreshToken: REDACTED }, session: REDACTED });
    expect(stored[2]!.additionalEventData).toMatchObject({ requestParameters: { password: REDACTED } });
    // Configuration that only names tokens is kept: units, validity, the request to generate a secret.
    expect(stored[0]!.requestParameters).toMatchObject({ generateSecret: true, tokenValidityUnits: { accessToken: "minutes", idToken: "hours", refreshToken: "days" } });
    expect(stored[0]!.responseElements).toEqual({ userPoolClient: { clientId: "c1", ClientSecret: REDACTED, accessTokenValidity: 60 } });
    // What the behaviour rules read is untouched.
    for (const [i, record] of [created, signIn, login].entries()) {
      const { request: _a, ...before } = normalise(record)!;
      const { request: _b, ...after } = normalise(stored[i]!)!;
      expect(after).toEqual(before);
    }
  });
});

describe("secret keys", () => {
  it("are one list, compared without case, '_' or '-'", () => {
    for (const key of ["ClientSecret", "clientSecret", "client_secret", "PASSWORD", "PreviousPassword", "proposedPassword", "SECRET_HASH", "secretHash", "accessToken", "refresh_token", "IdToken", "Session", "code", "SAMLResponse"]) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ["ClientId", "PasswordPolicy", "TemporaryPasswordValidityDays", "AccessTokenValidity", "TokenValidityUnits", "GenerateSecret", "errorCode", "username", HIDDEN]) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });

  it("are redacted in API responses as before: ClientSecret kept as REDACTED, ClientSecretValue and $metadata dropped, dates as ISO", () => {
    const response = { $metadata: { httpStatusCode: 200 }, UserPoolClient: { ClientId: "c1", ClientSecret: SECRET, ClientSecretValue: SECRET, CreationDate: new Date("2026-01-01T00:00:00Z"), TokenValidityUnits: { AccessToken: "minutes" } } };
    expect(toSnapshotData(response)).toEqual({ UserPoolClient: { ClientId: "c1", ClientSecret: REDACTED, CreationDate: "2026-01-01T00:00:00.000Z", TokenValidityUnits: { AccessToken: "minutes" } } });
  });

  it("keeps key and item order, and copies a record nested deeper than the call stack", () => {
    expect(JSON.stringify(toSnapshotData({ b: [3, { y: 1, x: 2 }, null], a: "1" }))).toBe('{"b":[3,{"y":1,"x":2},null],"a":"1"}');
    let deep: Record<string, unknown> = { password: PASSWORD };
    for (let i = 0; i < 200_000; i++) deep = { nested: deep };
    let copy = toSnapshotData(deep) as Record<string, unknown>;
    let depth = 0;
    while (copy.nested) {
      copy = copy.nested as Record<string, unknown>;
      depth++;
    }
    expect(depth).toBe(200_000);
    expect(copy).toEqual({ password: REDACTED });
  });
});
