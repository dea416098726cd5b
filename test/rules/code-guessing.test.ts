import { describe, expect, it } from "vitest";
import rule from "../../rules/code-guessing.js";
import { isCodeFailure } from "../../src/behaviour/failures.js";
import { normalise } from "../../src/cloudtrail/normalise.js";
// API call records in the shape CloudTrail logs them (eventType AwsApiCall; a failed call has
// errorCode and null responseElements): https://docs.aws.amazon.com/cognito/latest/developerguide/logging-using-cloudtrail.html
import { apiEvent, busyDay, byTime, series, subOf, type ApiEventOptions } from "../helpers/events.js";
import { confirmPost } from "../helpers/documentedEvents.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const poolId = entry.userPool.Id!;
const clientId = entry.clients![0]!.ClientId!;
const otherPool = userPool();
const other = poolEntry({ userPool: otherPool, clients: [appClient({ UserPoolId: otherPool.Id })] });
const otherClientId = other.clients![0]!.ClientId!;

const VICTIM = "7f3c2a10-0002-4000-8000-00000000c0de";
const ATTACKER = "203.0.113.77";
const MINUTE = 60_000;
const START = "2026-11-26T10:00:00Z";

const wrongCode = (time: string | number, { operation = "RespondToAuthChallenge", ...o }: Partial<ApiEventOptions> & { operation?: string } = {}) =>
  apiEvent(operation, { time, clientId, sub: VICTIM, sourceIp: ATTACKER, errorCode: "CodeMismatchException", ...o });
const guesses = (count: number, start: string, intervalMs: number, o: Partial<ApiEventOptions> & { operation?: string } = {}) =>
  series(count, start, intervalMs, (_, t) => wrongCode(t, o));

const BUSY_DAY = busyDay(poolId, clientId);

testRule(rule, {
  valid: [
    { name: "no events in the window", entry, events: [] },
    { name: "7 wrong codes within 15 minutes (one below the threshold)", entry, events: guesses(7, START, 2 * MINUTE) },
    { name: "8 wrong codes over 15 minutes and 1 second", entry, events: guesses(8, START, Math.ceil((15 * MINUTE + 1000) / 7)) },
    { name: "7 wrong codes each for three users", entry, events: byTime([0, 1, 2].flatMap((u) => guesses(7, START, MINUTE, { sub: subOf(800 + u), sourceIp: `198.51.100.${u + 1}` }))) },
    {
      name: "other errors of the same operations do not count",
      entry,
      events: [
        ...guesses(12, START, 30_000, { errorCode: "NotAuthorizedException" }),
        ...guesses(12, START, 30_000, { operation: "ConfirmForgotPassword", errorCode: "LimitExceededException" }),
        ...guesses(12, START, 30_000, { operation: "ConfirmSignUp", errorCode: "UserNotFoundException" }),
      ],
    },
    { name: "CodeMismatchException on an operation that takes no code", entry, events: guesses(12, START, 30_000, { operation: "InitiateAuth" }) },
    { name: "successful confirmations do not count", entry, events: guesses(12, START, 30_000, { operation: "ConfirmSignUp", errorCode: undefined }) },
    { name: "errors of a pool the snapshot does not know", entry, events: guesses(20, START, 30_000, { clientId: "unknownclient" }) },
    {
      name: "errors against another pool of the snapshot",
      entry,
      region: { userPools: [entry, other] },
      resource: `/${poolId}`,
      events: guesses(20, START, 30_000, { clientId: otherClientId }),
    },
    { name: "a busy ordinary day", entry, events: BUSY_DAY },
    {
      name: "errors from a trusted range are only counted",
      entry,
      options: { trustedSourceIps: ["203.0.113.0/24"] },
      events: guesses(20, START, 30_000, { sub: undefined }),
      evidence: { codeErrorsFromTrustedIps: 20 },
    },
    {
      name: "an IAM-signed call without a sub names neither user nor client address",
      entry,
      events: guesses(20, START, 30_000, { operation: "AdminRespondToAuthChallenge", poolId, sub: undefined, principal: "arn:aws:sts::123456789012:assumed-role/app/backend", sourceIp: "10.0.0.5" }),
      evidence: { codeErrorsWithoutSubOrIp: 20 },
    },
    { name: "a higher threshold option", entry, options: { threshold: 20 }, events: guesses(15, START, 30_000) },
  ],
  invalid: [
    {
      name: "exactly 8 wrong MFA codes within exactly 15 minutes",
      entry,
      events: guesses(8, START, (15 * MINUTE) / 7),
      messageId: "guessing",
      severity: "high",
      data: { bursts: 1, users: 1, threshold: 8, windowMinutes: 15, errors: 8, ips: 1, first: "2026-11-26T10:00:00.000Z", last: "2026-11-26T10:15:00.000Z" },
      evidence: {
        codeErrors: 8,
        bursts: 1,
        usersTargeted: 1,
        subs: [{ sub: VICTIM, count: 8 }],
        sourceIps: [{ ip: ATTACKER, count: 8 }],
        operations: { RespondToAuthChallenge: 8 },
        clientIds: [clientId],
        threshold: 8,
        windowMinutes: 15,
      },
    },
    {
      name: "every code-checking operation, expired codes too",
      entry,
      events: series(12, START, MINUTE, (i, t) =>
        wrongCode(t, {
          operation: ["RespondToAuthChallenge", "VerifySoftwareToken", "ConfirmForgotPassword", "ConfirmSignUp"][i % 4]!,
          errorCode: i % 3 ? "CodeMismatchException" : "ExpiredCodeException",
        }),
      ),
      messageId: "guessing",
      evidence: { codeErrors: 12, operations: { ConfirmForgotPassword: 3, ConfirmSignUp: 3, RespondToAuthChallenge: 3, VerifySoftwareToken: 3 } },
    },
    {
      name: "reset-code guessing without a sub is grouped by source IP",
      entry,
      events: guesses(10, START, MINUTE, { operation: "ConfirmForgotPassword", sub: undefined }),
      messageId: "guessing",
      evidence: { codeErrors: 10, usersTargeted: 0, sourceIps: [{ ip: ATTACKER, count: 10 }] },
    },
    {
      name: "one user's codes guessed from rotating addresses",
      entry,
      events: series(8, START, MINUTE, (i, t) => wrongCode(t, { sourceIp: `198.51.100.${i + 20}` })),
      messageId: "guessing",
      evidence: { codeErrors: 8, usersTargeted: 1, distinctSourceIps: 8 },
    },
    {
      name: "the managed login confirmation page (documented Confirm_POST shape)",
      entry,
      events: series(8, START, MINUTE, (_, t) => confirmPost({ time: t, poolId, clientId, sub: VICTIM, sourceIp: ATTACKER, status: 200, errorCode: "CodeMismatchException" })),
      messageId: "guessing",
      evidence: { codeErrors: 8, subs: [{ sub: VICTIM, count: 8 }], operations: { Confirm_POST: 8 } },
    },
    {
      name: "events out of order, hidden in a busy day",
      entry,
      events: [...BUSY_DAY.slice(0, 50), ...guesses(8, "2026-11-25T13:00:00Z", MINUTE).reverse(), ...BUSY_DAY.slice(50)],
      messageId: "guessing",
      evidence: { codeErrors: 8, firstEvent: "2026-11-25T13:00:00.000Z", lastEvent: "2026-11-25T13:07:00.000Z" },
    },
    {
      name: "the guessing is reported on the pool attacked",
      entry: other,
      region: { userPools: [entry, other] },
      resource: `/${otherPool.Id}`,
      events: guesses(8, START, MINUTE, { clientId: otherClientId }),
      messageId: "guessing",
    },
    {
      name: "a source outside the trusted ranges",
      entry,
      options: { trustedSourceIps: ["198.51.100.0/24"] },
      events: guesses(8, START, MINUTE),
      messageId: "guessing",
    },
    {
      name: "a lower threshold option and a shorter window",
      entry,
      options: { threshold: 3, windowMinutes: 5 },
      events: guesses(3, START, 150_000),
      messageId: "guessing",
      evidence: { codeErrors: 3, threshold: 3, windowMinutes: 5 },
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});

describe("code-guessing details", () => {
  it("a code error is a code-checking operation with CodeMismatchException or ExpiredCodeException", () => {
    const of = (name: string, errorCode?: string) => isCodeFailure(normalise(apiEvent(name, { time: START, clientId, ...(errorCode ? { errorCode } : {}) }))!);
    expect(of("VerifySoftwareToken", "CodeMismatchException")).toBe(true);
    expect(of("ConfirmSignUp", "ExpiredCodeException")).toBe(true);
    expect(of("VerifySoftwareToken")).toBe(false);
    expect(of("SignUp", "CodeMismatchException")).toBe(false);
    expect(of("ConfirmSignUp", "codemismatchexception")).toBe(false);
  });
});
