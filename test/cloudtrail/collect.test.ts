// CloudTrail records stored in a snapshot are redacted like API responses, and still analysed.
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { collectCloudTrailEvents } from "../../src/cloudtrail/collect.js";
import { normalise } from "../../src/cloudtrail/normalise.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { isSecretKey, REDACTED, toSnapshotData } from "../../src/snapshot/redact.js";
import { serializeSnapshot } from "../../src/snapshot/io.js";
import type { RegionEntry } from "../../src/snapshot/types.js";
import { apiEvent, HIDDEN, managedLoginEvent } from "../helpers/events.js";
import { poolEntry, REGION, snapshotOf } from "../helpers/factories.js";

const SECRET = "s3cr3t-client-secret-value";
const PASSWORD = "Hunter2-plaintext";
const TOKEN = "eyJraWQiOiJ0b2tlbiJ9.payload.signature";

describe("LookupEvents records in a snapshot", () => {
  const cloudTrail = mockClient(CloudTrailClient);
  afterEach(() => cloudTrail.reset());

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
    cloudTrail.on(LookupEventsCommand).resolves({ Events: [login, signIn, created].map((r) => ({ EventId: String(r.eventID), CloudTrailEvent: JSON.stringify(r) })) });

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
