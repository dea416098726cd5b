import { describe, expect, it } from "vitest";
import rule from "../../rules/user-enumeration.js";
import { isUserNotFound, normalise } from "../../src/cloudtrail/normalise.js";
import { apiEvent, managedLoginEvent, series, type ApiEventOptions, busyDay, byTime, OFFICE_IP, subOf } from "../helpers/events.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const poolId = entry.userPool.Id!;
const clientId = entry.clients![0]!.ClientId!;
const otherPool = userPool();
const other = poolEntry({ userPool: otherPool, clients: [appClient({ UserPoolId: otherPool.Id })] });
const otherClientId = other.clients![0]!.ClientId!;

const PROBER = "203.0.113.99";
const MINUTE = 60_000;
const START = "2026-11-26T09:00:00Z";

const notFound = (time: string | number, { operation = "InitiateAuth", ...o }: Partial<ApiEventOptions> & { operation?: string } = {}) =>
  apiEvent(operation, { time, clientId, sourceIp: PROBER, errorCode: "UserNotFoundException", ...o });
const probes = (count: number, start: string, intervalMs: number, o: Partial<ApiEventOptions> & { operation?: string } = {}) =>
  series(count, start, intervalMs, (_, t) => notFound(t, o));

const BUSY_DAY = busyDay(poolId, clientId);

/** A sign-up refused because the name is taken (API SignUp, or the managed login Signup_POST page). */
const taken = (time: string | number, o: Partial<ApiEventOptions> = {}) => apiEvent("SignUp", { time, clientId, sourceIp: PROBER, errorCode: "UsernameExistsException", ...o });
const signUpProbes = (count: number, start: string, intervalMs: number, o: Partial<ApiEventOptions> = {}) => series(count, start, intervalMs, (_, t) => taken(t, o));

testRule(rule, {
  valid: [
    { name: "no events in the window", entry, events: [] },
    { name: "9 UserNotFoundException within an hour (one below)", entry, events: probes(9, START, 400_000) },
    { name: "10 UserNotFoundException over 1 hour and 1 second", entry, events: probes(10, START, 400_112) },
    { name: "10 UserNotFoundException from 10 different IPs", entry, events: series(10, START, MINUTE, (i, t) => notFound(t, { sourceIp: `198.51.100.${i + 1}` })) },
    { name: "wrong passwords are not unknown users", entry, events: probes(30, START, MINUTE, { errorCode: "NotAuthorizedException", sub: subOf(1) }) },
    {
      name: "admin calls come from the application's server, not the client",
      entry,
      events: series(30, START, MINUTE, (i, t) =>
        notFound(t, { operation: i % 2 ? "AdminGetUser" : "AdminInitiateAuth", poolId, principal: "arn:aws:sts::123456789012:assumed-role/app/backend", sourceIp: "10.0.0.5" }),
      ),
    },
    { name: "a source that is not an IP address", entry, events: probes(30, START, MINUTE, { sourceIp: "AWS Internal" }) },
    { name: "errors of a pool the snapshot does not know", entry, events: probes(30, START, MINUTE, { clientId: "unknownclient" }) },
    {
      name: "errors for another pool of the snapshot",
      entry,
      region: { userPools: [entry, other] },
      resource: `/${poolId}`,
      events: probes(30, START, MINUTE, { clientId: otherClientId }),
    },
    { name: "a busy ordinary day", entry, events: BUSY_DAY },
    { name: "a higher threshold option", entry, options: { threshold: 20 }, events: probes(15, START, MINUTE) },
    { name: "errors from a trusted range (a corporate NAT)", entry, options: { trustedSourceIps: ["203.0.113.0/24"] }, events: probes(30, START, MINUTE) },
    { name: "9 taken names on sign-up within an hour (one below)", entry, events: signUpProbes(9, START, 400_000) },
    {
      name: "5 unknown names and 5 taken names are counted apart",
      entry,
      events: byTime([...probes(5, START, MINUTE), ...signUpProbes(5, START, MINUTE)]),
    },
    { name: "UsernameExistsException on another operation", entry, events: probes(12, START, MINUTE, { operation: "AdminCreateUser", errorCode: "UsernameExistsException" }) },
    {
      name: "taken names from a trusted range are only counted",
      entry,
      options: { trustedSourceIps: ["203.0.113.0/24"] },
      events: signUpProbes(12, START, MINUTE),
      evidence: { usernameExistsFromTrustedIps: 12 },
    },
  ],
  invalid: [
    {
      name: "exactly 10 UserNotFoundException within exactly 1 hour",
      entry,
      events: probes(10, START, 400_000),
      messageId: "enumeration",
      severity: "medium",
      evidence: {
        userNotFoundErrors: 10,
        sourceIps: [{ ip: PROBER, count: 10 }],
        distinctSourceIps: 1,
        firstEvent: "2026-11-26T09:00:00.000Z",
        lastEvent: "2026-11-26T10:00:00.000Z",
        operations: { InitiateAuth: 10 },
        clientIds: [clientId],
        threshold: 10,
        windowMinutes: 60,
      },
    },
    {
      name: "any operation: sign-in, password reset, confirmation",
      entry,
      events: series(12, START, MINUTE, (i, t) => notFound(t, { operation: ["InitiateAuth", "ForgotPassword", "ResendConfirmationCode", "ConfirmSignUp"][i % 4]! })),
      messageId: "enumeration",
      evidence: { userNotFoundErrors: 12, operations: { ConfirmSignUp: 3, ForgotPassword: 3, InitiateAuth: 3, ResendConfirmationCode: 3 } },
    },
    {
      name: "managed login pages (Login_POST, ForgotPassword_POST)",
      entry,
      events: series(10, START, MINUTE, (i, t) =>
        managedLoginEvent(i % 2 ? "Login_POST" : "ForgotPassword_POST", { time: t, poolId, clientId, sourceIp: PROBER, errorCode: "UserNotFoundException", status: 200 }),
      ),
      messageId: "enumeration",
      evidence: { userNotFoundErrors: 10, operations: { ForgotPassword_POST: 5, Login_POST: 5 } },
    },
    {
      name: "API and managed login together",
      entry,
      events: byTime([
        ...probes(5, START, 2 * MINUTE),
        ...series(5, "2026-11-26T09:01:00Z", 2 * MINUTE, (_, t) => managedLoginEvent("Login_POST", { time: t, poolId, clientId, sourceIp: PROBER, errorCode: "UserNotFoundException" })),
      ]),
      messageId: "enumeration",
      evidence: { userNotFoundErrors: 10, operations: { InitiateAuth: 5, Login_POST: 5 } },
    },
    {
      name: "events out of order",
      entry,
      events: [...BUSY_DAY.slice(0, 40), ...probes(10, START, 5 * MINUTE).reverse(), ...BUSY_DAY.slice(40, 80)],
      messageId: "enumeration",
      evidence: { userNotFoundErrors: 10, firstEvent: "2026-11-26T09:00:00.000Z", lastEvent: "2026-11-26T09:45:00.000Z" },
    },
    {
      name: "probing across an hour boundary (the window slides)",
      entry,
      events: probes(10, "2026-11-26T09:30:00Z", 5 * MINUTE),
      messageId: "enumeration",
      evidence: { firstEvent: "2026-11-26T09:30:00.000Z", lastEvent: "2026-11-26T10:15:00.000Z" },
    },
    {
      name: "probing hidden in a busy ordinary day",
      entry,
      events: byTime([...BUSY_DAY, ...probes(10, "2026-11-25T18:00:00Z", 3 * MINUTE)]),
      messageId: "enumeration",
      evidence: { userNotFoundErrors: 10, sourceIps: [{ ip: PROBER, count: 10 }], distinctSourceIps: 1 },
    },
    {
      name: "probing that goes on counts every error of the episode",
      entry,
      events: probes(100, START, MINUTE),
      messageId: "enumeration",
      evidence: { userNotFoundErrors: 100, lastEvent: "2026-11-26T10:39:00.000Z" },
    },
    {
      name: "the probing is reported on the pool probed",
      entry: other,
      region: { userPools: [entry, other] },
      resource: `/${otherPool.Id}`,
      events: probes(10, START, MINUTE, { clientId: otherClientId }),
      messageId: "enumeration",
    },
    {
      name: "a source outside the trusted ranges",
      entry,
      options: { trustedSourceIps: ["198.51.100.0/24"] },
      events: probes(10, START, MINUTE),
      messageId: "enumeration",
      evidence: { userNotFoundErrors: 10 },
    },
    {
      name: "a lower threshold option and a shorter window",
      entry,
      options: { threshold: 3, windowMinutes: 5 },
      events: probes(3, START, 150_000),
      messageId: "enumeration",
      evidence: { userNotFoundErrors: 3, threshold: 3, windowMinutes: 5 },
    },
    {
      name: "exactly 10 taken names on sign-up within exactly 1 hour",
      entry,
      events: signUpProbes(10, START, 400_000),
      messageId: "signUpEnumeration",
      severity: "medium",
      data: { ips: 1, threshold: 10, windowMinutes: 60, errors: 10, first: "2026-11-26T09:00:00.000Z", last: "2026-11-26T10:00:00.000Z" },
      evidence: {
        usernameExistsErrors: 10,
        sourceIps: [{ ip: PROBER, count: 10 }],
        operations: { SignUp: 10 },
        clientIds: [clientId],
        threshold: 10,
        windowMinutes: 60,
      },
    },
    {
      name: "the managed login sign-up page (Signup_POST)",
      entry,
      events: series(10, START, MINUTE, (_, t) => managedLoginEvent("Signup_POST", { time: t, poolId, clientId, sourceIp: PROBER, errorCode: "UsernameExistsException", status: 200 })),
      messageId: "signUpEnumeration",
      evidence: { usernameExistsErrors: 10, operations: { Signup_POST: 10 } },
    },
    {
      name: "UserNotFoundException on ForgotPassword",
      entry,
      events: probes(10, START, MINUTE, { operation: "ForgotPassword" }),
      messageId: "enumeration",
      evidence: { userNotFoundErrors: 10, operations: { ForgotPassword: 10 } },
    },
    {
      name: "both kinds of probing: the unknown names lead, the sign-up probing is in the evidence",
      entry,
      events: byTime([...probes(10, START, MINUTE), ...signUpProbes(12, START, MINUTE, { sourceIp: "198.51.100.44" })]),
      messageId: "enumeration",
      evidence: {
        userNotFoundErrors: 10,
        sourceIps: [{ ip: PROBER, count: 10 }],
        usernameExistsErrors: 12,
        signUp: expect.objectContaining({ sourceIps: [{ ip: "198.51.100.44", count: 12 }], operations: { SignUp: 12 } }) as unknown,
      },
    },
    {
      name: "sign-up probing hidden in a busy ordinary day",
      entry,
      events: byTime([...BUSY_DAY, ...signUpProbes(10, "2026-11-25T18:00:00Z", 3 * MINUTE)]),
      messageId: "signUpEnumeration",
      evidence: { usernameExistsErrors: 10, distinctSourceIps: 1 },
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});

describe("user-enumeration details", () => {
  it("the busy day has ordinary user-name typos, some from the office NAT", () => {
    const missing = BUSY_DAY.map((r) => normalise(r)!).filter(isUserNotFound);
    expect(missing.length).toBeGreaterThan(20);
    expect(missing.filter((e) => e.sourceIp === OFFICE_IP).length).toBeGreaterThanOrEqual(5);
  });
});
