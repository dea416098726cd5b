import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterEach, describe, expect, it } from "vitest";
import { CALL_DEFAULTS, CallTimeoutError, clientConfig, createAgents, createClient, ReadOnlyViolation, retryDelay, type AwsOptions } from "../../src/aws/clients.js";
import { RateLimits, type PaceRequest } from "../../src/aws/rateLimit.js";
import { collectSnapshot, type CollectTally, type RegionFinished } from "../../src/collect/index.js";
import { awsErrorBody, startFakeAws, type FakeAws } from "../helpers/fakeAws.js";

const credentials = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };
let fake: FakeAws | undefined;
const savedEnv = { ...process.env };
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  process.env = { ...savedEnv };
});

const options = (endpointUrl: string, extra: Partial<AwsOptions> = {}): AwsOptions => ({
  region: "eu-west-1",
  endpointUrl,
  limits: new RateLimits(),
  ...extra,
});
const pool = (id: string) => ({ UserPool: { Id: id, Name: id, Arn: `arn:aws:cognito-idp:eu-west-1:111122223333:userpool/${id}` } });

describe("AWS clients", () => {
  it("refuses any operation that is not a documented read, before sending it", async () => {
    fake = await startFakeAws(() => ({ body: {} }));
    Object.assign(process.env, credentials);
    const client = createClient(CognitoIdentityProviderClient, "cognito-idp", options(fake.endpoint));
    await expect(client.send(new DeleteUserPoolCommand({ UserPoolId: "p" }))).rejects.toBeInstanceOf(ReadOnlyViolation);
    await expect(client.send(new CreateUserPoolCommand({ PoolName: "x" }))).rejects.toThrow(/refused to send cognito-idp:CreateUserPool/);
    expect(fake.requests).toEqual([]);
    await client.send(new DescribeUserPoolCommand({ UserPoolId: "p" }));
    expect(fake.requests.map((r) => r.operation)).toEqual(["DescribeUserPool"]);
  });

  it("backs off on throttling and never drops the resource", async () => {
    fake = await startFakeAws(({ operation }, n) => {
      if (operation === "DescribeUserPool" && n <= 2) return { status: 400, body: awsErrorBody("TooManyRequestsException", "Rate exceeded") };
      if (operation === "DescribeUserPool") return { body: pool("p1") };
      if (operation === "ListUserPoolClients") return { body: { UserPoolClients: [] } };
      return { status: 400, body: awsErrorBody("ResourceNotFoundException") };
    });
    Object.assign(process.env, credentials);
    const limits = new RateLimits();
    const progress: { tally: CollectTally; finished?: RegionFinished }[] = [];
    const snapshot = await collectSnapshot({
      regions: ["eu-west-1"],
      endpointUrl: fake.endpoint,
      poolIds: ["p1", "p1"],
      limits,
      progress: (tally, finished) => progress.push({ tally: { ...tally }, ...(finished ? { finished } : {}) }),
    });
    expect(fake.requests.filter((r) => r.operation === "DescribeUserPool")).toHaveLength(3);
    expect(snapshot.accounts[0]!.regions[0]!.userPools.map((p) => p.userPool.Id)).toEqual(["p1"]);
    // Every attempt is counted for the progress line, the throttled ones too.
    expect(limits.stats).toEqual({ calls: fake.requests.length, throttles: 2 });
    // A pool given twice is described once; the progress line counts pools done out of the total.
    expect(progress.map((p) => p.tally.poolsDone)).toContain(1);
    expect(progress.at(-1)!.tally).toMatchObject({ accounts: 1, accountsDone: 1, pairs: 1, pairsDone: 1, pairsListed: 1, pools: 1, poolsDone: 1 });
    // The region's own line counts its calls, the throttled ones too.
    const finished = progress.flatMap((p) => (p.finished ? [p.finished] : []));
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ region: "eu-west-1", pools: 1, calls: fake.requests.length, throttles: 2 });
  });

  it("does not retry an operation the endpoint says it does not support", async () => {
    fake = await startFakeAws(({ operation }) =>
      operation === "DescribeUserPool" ? { body: pool("p1") } : { status: 500, body: awsErrorBody("Unsupported", `Unsupported x-amz-target header "${operation}"`) },
    );
    Object.assign(process.env, credentials);
    const snapshot = await collectSnapshot({ regions: ["eu-west-1"], endpointUrl: fake.endpoint, poolIds: ["p1"] });
    expect(fake.requests.filter((r) => r.operation === "DescribeRiskConfiguration")).toHaveLength(1);
    expect(snapshot.accounts[0]!.regions[0]!.userPools[0]!.errors).toContainEqual(expect.objectContaining({ operation: "DescribeRiskConfiguration", code: "Unsupported" }));
  });

  it("retries a server fault, then records it", async () => {
    fake = await startFakeAws(({ operation }) =>
      operation === "DescribeUserPool" ? { body: pool("p1") } : { status: 500, body: awsErrorBody("InternalErrorException", "boom") },
    );
    Object.assign(process.env, credentials);
    const snapshot = await collectSnapshot({ regions: ["eu-west-1"], endpointUrl: fake.endpoint, poolIds: ["p1"], maxAttempts: 2 });
    expect(fake.requests.filter((r) => r.operation === "GetUserPoolMfaConfig")).toHaveLength(2);
    expect(snapshot.accounts[0]!.regions[0]!.userPools[0]!.errors).toContainEqual(expect.objectContaining({ operation: "GetUserPoolMfaConfig", code: "InternalErrorException" }));
  });

  it("honours AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER when --endpoint-url is not given", async () => {
    fake = await startFakeAws(() => ({ body: pool("p1") }));
    Object.assign(process.env, credentials, { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: fake.endpoint });
    const client = createClient(CognitoIdentityProviderClient, "cognito-idp", { region: "eu-west-1", limits: new RateLimits() });
    const result = await client.send(new DescribeUserPoolCommand({ UserPoolId: "p1" }));
    expect(result.UserPool?.Id).toBe("p1");
    expect(fake.requests).toHaveLength(1);
  });

  it("gives up on an endpoint that never answers instead of hanging", async () => {
    fake = await startFakeAws(() => ({ hang: true }));
    Object.assign(process.env, credentials);
    const client = createClient(CognitoIdentityProviderClient, "cognito-idp", options(fake.endpoint, { requestTimeoutMs: 300, maxAttempts: 2 }));
    await expect(client.send(new DescribeUserPoolCommand({ UserPoolId: "p1" }))).rejects.toThrow(/timeout|timed out/i);
    expect(fake.requests).toHaveLength(2);
  });
});

describe("call deadlines", () => {
  it("gives every call one budget covering all of its attempts", async () => {
    fake = await startFakeAws(() => ({ hang: true }));
    Object.assign(process.env, credentials);
    // Each attempt alone could wait 20 s and there could be 6 of them: the call's budget still ends it.
    const client = createClient(CognitoIdentityProviderClient, "cognito-idp", options(fake.endpoint, { callTimeoutMs: 1_000, requestTimeoutMs: 20_000, maxAttempts: 6 }));
    const started = Date.now();
    await expect(client.send(new DescribeUserPoolCommand({ UserPoolId: "p1" }))).rejects.toBeInstanceOf(CallTimeoutError);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(fake.requests).toHaveLength(1);
    client.destroy();
  });

  it("does not count time queued behind the quota against a call's deadline", async () => {
    fake = await startFakeAws(() => ({ body: pool("p1") }));
    Object.assign(process.env, credentials);
    // 30 calls in one lane at 15 per second take two seconds; each call's own budget is one.
    const client = createClient(CognitoIdentityProviderClient, "cognito-idp", options(fake.endpoint, { callTimeoutMs: 1_000 }));
    const answers = await Promise.allSettled(Array.from({ length: 30 }, () => client.send(new DescribeUserPoolCommand({ UserPoolId: "p1" }))));
    expect(answers.filter((a) => a.status === "rejected")).toEqual([]);
    expect(fake.requests).toHaveLength(30);
    client.destroy();
  });

  it("keeps other clients' calls alive when one client is destroyed (shared connections)", async () => {
    fake = await startFakeAws(({ operation }) => (operation === "DescribeUserPool" ? { body: pool("p1"), delayMs: 300 } : { body: {} }));
    Object.assign(process.env, credentials);
    const agents = createAgents(4);
    const first = createClient(CognitoIdentityProviderClient, "cognito-idp", options(fake.endpoint, { agents, maxAttempts: 1 }));
    const second = createClient(CognitoIdentityProviderClient, "cognito-idp", options(fake.endpoint, { agents, maxAttempts: 1 }));
    // The SDK builds a client's HTTP handler (which destroys its agent with it) on its first request.
    await second.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    const pending = first.send(new DescribeUserPoolCommand({ UserPoolId: "p1" }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    second.destroy();
    await expect(pending).resolves.toMatchObject({ UserPool: { Id: "p1" } });
    first.destroy();
    agents.destroy();
  });

  it("records a call past its deadline as a collection error, not a hang", async () => {
    fake = await startFakeAws(({ operation }) => (operation === "DescribeUserPool" ? { body: pool("p1") } : { hang: true }));
    Object.assign(process.env, credentials);
    const snapshot = await collectSnapshot({ regions: ["eu-west-1"], endpointUrl: fake.endpoint, poolIds: ["p1"], callTimeoutMs: 300 });
    expect(snapshot.accounts[0]!.regions[0]!.userPools[0]!.errors).toContainEqual(expect.objectContaining({ operation: "GetUserPoolMfaConfig", code: "CallTimeoutError" }));
  });

  it("keeps each attempt's timeouts below the call's budget", () => {
    const config = clientConfig({ region: "eu-west-1", limits: new RateLimits() });
    expect(config.requestHandler.connectionTimeout).toBe(3_000);
    expect(config.requestHandler.requestTimeout).toBeLessThan(CALL_DEFAULTS.callTimeoutMs);
    expect(clientConfig({ region: "eu-west-1", limits: new RateLimits(), callTimeoutMs: 6_000 }).requestHandler.requestTimeout).toBe(2_000);
  });
});

describe("request pacing", () => {
  /** A clock that jumps to the next sleeper's wake-up time once everything else has run: the grants' times are exact. */
  const virtualClock = () => {
    let now = 1_000;
    const sleepers: { at: number; wake: () => void }[] = [];
    const limits = new RateLimits(
      () => now,
      (ms) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
    );
    const granted: [string, number][] = [];
    const idle = () => new Promise((resolve) => setImmediate(resolve));
    const take = (name: string, request: PaceRequest) =>
      (async () => {
        let done = false;
        void limits.take(request).then(() => {
          granted.push([name, now]);
          done = true;
        });
        for (await idle(); !done; await idle()) {
          sleepers.sort((a, b) => a.at - b.at);
          const next = sleepers.shift();
          if (!next) continue;
          now = Math.max(now, next.at);
          next.wake();
        }
      })();
    return { limits, granted, take, advance: (ms: number) => (now += ms) };
  };
  const lane = (name: string, rps = 4) => ({ lane: name, rps });

  it("spaces one lane's requests to its rate, and does not turn idle time into a burst", async () => {
    const { granted, take, advance } = virtualClock();
    await Promise.all([take("a", lane("L")), take("b", lane("L")), take("c", lane("L"))]);
    expect(granted).toEqual([["a", 1_000], ["b", 1_250], ["c", 1_500]]);
    advance(5_000);
    await Promise.all([take("d", lane("L")), take("e", lane("L"))]);
    expect(granted.slice(3)).toEqual([["d", 6_500], ["e", 6_750]]);
  });

  it("says the pace its quotas allow: the rates of the lanes with requests waiting", () => {
    const limits = new RateLimits(
      () => 1_000,
      () => new Promise<void>(() => undefined),
    );
    expect(limits.pace()).toBe(0);
    for (const name of ["L", "L", "M", "M", "M", "N"]) void limits.take(lane(name, name === "M" ? 10 : 4));
    // The first request of each lane went at once; L and M have requests waiting, N has none.
    expect(limits.pace()).toBe(14);
    expect(RateLimits.unpaced().pace()).toBe(0);
  });

  it("keeps lanes apart: another category or account does not wait", async () => {
    const { granted, take } = virtualClock();
    await Promise.all([take("a", lane("acct1|eu-west-1|UserPoolRead")), take("b", lane("acct1|eu-west-1|UserPoolRead")), take("c", lane("acct2|eu-west-1|UserPoolRead")), take("d", lane("acct1|eu-west-1|UserPoolClientRead"))]);
    expect(Object.fromEntries(granted)).toEqual({ a: 1_000, b: 1_250, c: 1_000, d: 1_000 });
  });

  it("gives a category slot to the next request when the first waits on its per-pool limit", async () => {
    const { granted, take } = virtualClock();
    const perPool = (pool: string) => ({ lane: "L", rps: 20, narrower: { key: `L|Describe|${pool}`, rps: 5 } });
    await Promise.all([take("p1a", perPool("p1")), take("p1b", perPool("p1")), take("p2a", perPool("p2")), take("p2b", perPool("p2"))]);
    // 20 RPS in the lane (50 ms apart), 5 RPS per pool (200 ms apart): p2a does not wait behind p1b.
    expect(granted).toEqual([["p1a", 1_000], ["p2a", 1_050], ["p1b", 1_200], ["p2b", 1_250]]);
  });

  it("serves a retry before first attempts", async () => {
    const { granted, take } = virtualClock();
    await Promise.all([take("a", lane("L")), take("b", lane("L")), take("retry", { ...lane("L"), retry: true })]);
    expect(granted.map(([name]) => name)).toEqual(["a", "retry", "b"]);
  });

  it("serves pools in the order they first asked, so a pool's follow-up calls pass later pools", async () => {
    const { granted, take } = virtualClock();
    const ofPool = (pool: string) => ({ ...lane("L"), group: pool });
    const first = [take("p1-list", ofPool("p1")), take("p2-list", ofPool("p2")), take("p3-list", ofPool("p3"))];
    // p1's follow-up arrives after p2 and p3 asked: it is served before them all the same.
    const followUp = take("p1-describe", ofPool("p1"));
    await Promise.all([...first, followUp, take("no-pool", lane("L"))]);
    expect(granted.map(([name]) => name)).toEqual(["p1-list", "p1-describe", "p2-list", "p3-list", "no-pool"]);
  });

  it("forgets a finished pool: asking again, it ranks by its new arrival", async () => {
    const { limits, granted, take } = virtualClock();
    const ofPool = (pool: string) => ({ ...lane("F"), group: pool });
    await take("p1", ofPool("p1"));
    limits.forget("p1");
    await Promise.all([take("p2", ofPool("p2")), take("p3", ofPool("p3")), take("p1-again", ofPool("p1"))]);
    expect(granted.map(([name]) => name)).toEqual(["p1", "p2", "p3", "p1-again"]);
  });

  it("backs off only the throttled lane, longer with each throttle in a row", async () => {
    const { limits, granted, take } = virtualClock();
    await take("a", lane("L"));
    limits.throttled(lane("L"));
    await Promise.all([take("b", lane("L")), take("other", lane("M"))]);
    limits.throttled(lane("L"));
    limits.throttled(lane("L"));
    await take("c", lane("L"));
    // A success of a request sent before the last throttle says nothing about the quota now.
    limits.succeeded(lane("L"), 1_100);
    limits.throttled(lane("L"));
    await take("d", lane("L"));
    limits.succeeded(lane("L"), 3_250);
    limits.throttled(lane("L"));
    await take("e", lane("L"));
    // One slot from the throttle (as without it), then 2 and 4 slots (250 ms each) for throttles in a row, at most a
    // second; still a second after the stale success; one slot again after a fresh one. The other lane never waited.
    expect(granted).toEqual([["a", 1_000], ["other", 1_000], ["b", 1_250], ["c", 2_250], ["d", 3_250], ["e", 3_500]]);
  });

  it("leaves the queue when the call's deadline passes, spending no slot", async () => {
    const limits = new RateLimits();
    const controller = new AbortController();
    await limits.take(lane("Q", 1));
    const waiting = limits.take(lane("Q", 1), controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    // The slot the aborted request would have had goes to the next one.
    const started = performance.now();
    await limits.take(lane("Q", 1));
    expect(performance.now() - started).toBeLessThan(1_100);
  });

  it("wakes for a newcomer while every waiter is held by its per-pool limit", async () => {
    const { granted, take } = virtualClock();
    const perPool = (pool: string) => ({ lane: "W", rps: 100, narrower: { key: `W|op|${pool}`, rps: 1 }, group: pool });
    await take("p1a", perPool("p1"));
    await Promise.all([take("p1b", perPool("p1")), take("p2a", perPool("p2"))]);
    // p2a did not wait out p1b's second: it went at the next lane slot.
    expect(Object.fromEntries(granted)).toEqual({ p1a: 1_000, p2a: 1_010, p1b: 2_000 });
  });

  it("does not pace at all when told so", async () => {
    const limits = RateLimits.unpaced();
    await Promise.all(Array.from({ length: 100 }, () => limits.take(lane("L", 1))));
  });

  it("retries with a jittered back-off under an exponential ceiling", () => {
    expect([1, 2, 3, 10].map((n) => retryDelay(n, false, () => 0.999))).toEqual([49, 99, 199, 1_998]);
    expect(retryDelay(1, true, () => 0.5)).toBe(50);
    expect(retryDelay(3, false, () => 0)).toBe(0);
  });
});
