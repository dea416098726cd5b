// Managed-login outcomes on the documented record shapes (test/helpers/documentedEvents.ts).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eventTimeMs, isFailedSignIn, isSuccessfulSignIn, normalise, normaliseIdentity } from "../../src/cloudtrail/normalise.js";
import { recordBatches } from "../../src/cloudtrail/sources.js";
import { analyseEvents } from "../../src/engine/behaviour.js";
import { getCredentialsForIdentity, getId, identityPoolChange, loginPost, tokenPost, USER_POOL_LOGINS } from "../helpers/documentedEvents.js";
import { identityPool, snapshotOf } from "../helpers/factories.js";
import { apiEvent } from "../helpers/events.js";

const base = { time: "2026-11-26T10:00:00Z", poolId: "eu-west-1_aaaaaaaaa", clientId: "1example23456789" };
const read = (record: Parameters<typeof normalise>[0]) => normalise(record)!;

describe("managed login outcomes", () => {
  it("a form post answered with a redirect and an empty errorCode is a successful sign-in", () => {
    const e = read(loginPost({ ...base, status: 302, errorCode: "" }));
    expect(e).toMatchObject({ kind: "managed-login", status: 302, errorCode: undefined, poolId: base.poolId, clientId: base.clientId });
    expect(isSuccessfulSignIn(e)).toBe(true);
    expect(isFailedSignIn(e)).toBe(false);
  });

  it("the sign-in page served again with 200 is not a successful sign-in", () => {
    for (const status of [200, 200.0, "200"]) {
      const e = read(loginPost({ ...base, status }));
      expect(e.status).toBe(200);
      expect(isSuccessfulSignIn(e)).toBe(false);
    }
  });

  it("a 4xx status or an errorCode such as \"400\" is a failed sign-in, never a success", () => {
    for (const record of [loginPost({ ...base, status: 400 }), loginPost({ ...base, status: "401" }), loginPost({ ...base, status: 200, errorCode: "400" })]) {
      const e = read(record);
      expect(isFailedSignIn(e)).toBe(true);
      expect(isSuccessfulSignIn(e)).toBe(false);
    }
    expect(read(loginPost({ ...base, status: 302, errorCode: "400" })).errorCode).toBe("400");
  });

  it("an errorCode logged as a number is kept as its digits", () => {
    const e = read({ ...loginPost({ ...base, status: 302 }), errorCode: 400 });
    expect(e.errorCode).toBe("400");
    expect(isFailedSignIn(e)).toBe(true);
  });

  it("a status that is no HTTP status is left out (null would otherwise read as 0)", () => {
    for (const status of [null, "", true, "4xx", 1e9, 99, 600, -400, "400; drop"]) {
      const record = loginPost({ ...base, status: 0 });
      (record.additionalEventData as { responseParameters: { status: unknown } }).responseParameters.status = status;
      const e = read(record);
      expect(e.status, JSON.stringify(status)).toBeUndefined();
      expect(isSuccessfulSignIn(e)).toBe(false);
      expect(isFailedSignIn(e)).toBe(false);
    }
  });

  it("a token request is no sign-in attempt, whatever its outcome", () => {
    for (const e of [read(tokenPost({ ...base, grantType: "authorization_code", status: 400, errorCode: "400" })), read(tokenPost({ ...base, grantType: "authorization_code", status: 200 }))]) {
      expect(isFailedSignIn(e)).toBe(false);
      expect(isSuccessfulSignIn(e)).toBe(false);
    }
  });

  it("API sign-ins succeed without an error code and fail with NotAuthorizedException", () => {
    const ok = read(apiEvent("InitiateAuth", { time: base.time, clientId: base.clientId, sub: "s1" }));
    const bad = read(apiEvent("InitiateAuth", { time: base.time, clientId: base.clientId, errorCode: "NotAuthorizedException" }));
    const other = read(apiEvent("InitiateAuth", { time: base.time, clientId: base.clientId, errorCode: "UserNotFoundException" }));
    expect([isSuccessfulSignIn(ok), isFailedSignIn(ok)]).toEqual([true, false]);
    expect([isSuccessfulSignIn(bad), isFailedSignIn(bad)]).toEqual([false, true]);
    expect([isSuccessfulSignIn(other), isFailedSignIn(other)]).toEqual([false, false]);
  });
});

describe("identity pool records (cognito-identity.amazonaws.com)", () => {
  const ID = "eu-west-1:2dg778b3-50b7-565c-0f56-34200EXAMPLE";

  it("name the identity pool from resources[].ARN (GetCredentialsForIdentity) or the request (GetId, UpdateIdentityPool)", () => {
    const grant = normaliseIdentity(getCredentialsForIdentity({ time: "2026-11-25T10:00:00Z", identityPoolId: ID, logins: USER_POOL_LOGINS }))!;
    expect(grant).toMatchObject({ name: "GetCredentialsForIdentity", kind: "api", identityPoolId: ID, sourceIp: "192.0.2.4", principal: undefined, errorCode: undefined });
    expect(grant.poolId).toBeUndefined();
    expect(normaliseIdentity(getId({ time: "2026-11-25T10:00:00Z", identityPoolId: ID }))!.identityPoolId).toBe(ID);
    const change = normaliseIdentity(identityPoolChange("SetIdentityPoolRoles", { time: "2026-11-25T10:00:00Z", identityPoolId: ID }))!;
    expect(change).toMatchObject({ identityPoolId: ID, principal: "arn:aws:iam::123456789012:user/Alice" });
  });

  it("name a new identity pool from CreateIdentityPool's response (its request cannot name it), a hostile one not at all", () => {
    const created = identityPoolChange("CreateIdentityPool", { time: "2016-01-07T02:04:30Z", identityPoolId: ID, request: { identityPoolName: "TestPool", allowUnauthenticatedIdentities: true } });
    expect(created.requestParameters).not.toHaveProperty("identityPoolId");
    expect(normaliseIdentity(created)).toMatchObject({ name: "CreateIdentityPool", identityPoolId: ID, request: { allowUnauthenticatedIdentities: true } });
    expect(normaliseIdentity({ ...created, responseElements: { identityPoolId: "__proto__" } })!.identityPoolId).toBeUndefined();
    expect(normaliseIdentity({ ...created, responseElements: null })!.identityPoolId).toBeUndefined();
    expect(normaliseIdentity(identityPoolChange("DeleteIdentityPool", { time: "2026-11-25T10:00:00Z", identityPoolId: ID }))!.identityPoolId).toBe(ID);
  });

  it("reads only its own source; a hostile identityPoolId falls back to the resource ARN", () => {
    expect(normaliseIdentity(apiEvent("InitiateAuth", { time: "2026-11-25T10:00:00Z" }))).toBeUndefined();
    expect(normalise(getId({ time: "2026-11-25T10:00:00Z", identityPoolId: ID }))).toBeUndefined();
    const odd = getId({ time: "2026-11-25T10:00:00Z", identityPoolId: ID });
    odd.requestParameters = { identityPoolId: "constructor" };
    expect(normaliseIdentity(odd)!.identityPoolId).toBe(ID);
    expect(normaliseIdentity({ ...odd, resources: [{ ARN: "arn:aws:s3:::bucket" }] })!.identityPoolId).toBeUndefined();
    expect(normaliseIdentity({ ...odd, eventTime: "not a time" })).toBeUndefined();
  });

  it("reach the rules with the identity pool's ARN but stay out of the user pool sign-in activity", async () => {
    const snapshot = snapshotOf([], [], { identityPools: [identityPool({ IdentityPoolId: ID })] });
    const seen: { identityPoolArn?: string; poolArn?: string }[] = [];
    const probe = {
      kind: "event" as const,
      id: "probe",
      events: { analyse: () => ({ observe: (e: { identityPoolArn?: string; poolArn?: string }) => void seen.push({ identityPoolArn: e.identityPoolArn, poolArn: e.poolArn }), verdict: () => null }) },
    };
    async function* records() {
      yield getCredentialsForIdentity({ time: "2026-11-25T10:00:00Z", identityPoolId: ID });
      yield getId({ time: "2026-11-25T10:00:00Z", identityPoolId: "eu-west-1:unknown-pool" });
      yield apiEvent("InitiateAuth", { time: "2026-11-25T10:00:00Z", clientId: "c1" });
    }
    const { activity } = await analyseEvents(recordBatches(records()), snapshot, [probe as never], undefined, { now: new Date("2026-11-26T00:00:00Z") }, { source: "test", start: new Date(0), end: new Date("2026-11-26T00:00:00Z") });
    expect(seen).toEqual([
      { identityPoolArn: `arn:aws:cognito-identity:eu-west-1:123456789012:identitypool/${ID}`, poolArn: undefined },
      { identityPoolArn: undefined, poolArn: undefined },
      { identityPoolArn: undefined, poolArn: undefined },
    ]);
    expect(activity).toMatchObject({ events: 1, unattributed: 1 });
  });
});

describe("event times", () => {
  it("reads CloudTrail's time form exactly as Date.parse does, including days past the month's end", () => {
    const digits = (n: number, width: number) => String(n).padStart(width, "0");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        (y, mo, d, h, mi, s) => {
          const value = `${digits(y, 4)}-${digits(mo, 2)}-${digits(d, 2)}T${digits(h, 2)}:${digits(mi, 2)}:${digits(s, 2)}Z`;
          expect(Object.is(eventTimeMs(value), Date.parse(value))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("falls back to Date.parse for every other form, and is NaN for what is no time", () => {
    for (const value of ["2026-11-26T10:00:00.123Z", "2026-11-26T10:00:00+01:00", "2026-11-26", "Thu, 26 Nov 2026 10:00:00 GMT", "", "nonsense", 12, null, undefined]) {
      expect(Object.is(eventTimeMs(value), Date.parse(String(value ?? "")))).toBe(true);
    }
  });

  it("keeps a hostile __proto__ form field as a field, not as the request's prototype", () => {
    const record = loginPost({ ...base, status: 302 });
    const extra = record.additionalEventData as { requestParameters: Record<string, unknown> };
    extra.requestParameters = JSON.parse('{"__proto__": [{"polluted": true}], "client_id": ["1example23456789"]}') as Record<string, unknown>;
    const e = read(record);
    expect(Object.getPrototypeOf(e.request)).toBe(Object.prototype);
    expect(Object.hasOwn(e.request, "__proto__")).toBe(true);
    expect(e.clientId).toBe("1example23456789");
  });
});
