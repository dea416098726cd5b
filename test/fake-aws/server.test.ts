import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  paginateListUserPools,
} from "@aws-sdk/client-cognito-identity-provider";
import { CloudTrailClient, DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateEstate } from "../../bench/fake-aws/estate.js";
import { FaultPlan, hashUnit } from "../../bench/fake-aws/faults.js";
import { startFakeAws, type FakeAws, type FakeAwsOptions } from "../../bench/fake-aws/server.js";
import { PACKAGE_ROOT } from "../../src/package.js";

let fake: FakeAws | undefined;
const savedEnv = { ...process.env };
beforeEach(() => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  process.env = { ...savedEnv };
});

const start = async (options: FakeAwsOptions) => (fake = await startFakeAws(options));
const config = (endpoint: string) => ({ region: "eu-west-1", endpoint, maxAttempts: 1 });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => {
      const e = error as Error & { $metadata?: { httpStatusCode?: number }; code?: string };
      return { name: e.name, status: e.$metadata?.httpStatusCode, code: e.code };
    },
  );

describe("fault plan", () => {
  it("fails at most the cap in a row for one request, then lets it through", () => {
    const plan = new FaultPlan({ rate: 1, seed: 1, mix: { internal: 1, throttle: 0, unavailable: 0, reset: 0, slow: 0 } });
    expect(Array.from({ length: 5 }, () => plan.next("k"))).toEqual(["internal", "internal", "internal", undefined, "internal"]);
    const strict = new FaultPlan({ rate: 1, seed: 1, maxConsecutive: 1, mix: { reset: 1, throttle: 0, internal: 0, unavailable: 0, slow: 0 } });
    expect([strict.next("k"), strict.next("k"), strict.next("other")]).toEqual(["reset", undefined, "reset"]);
  });

  it("does not count slow answers as failures", () => {
    const plan = new FaultPlan({ rate: 1, seed: 1, mix: { slow: 1, throttle: 0, internal: 0, unavailable: 0, reset: 0 } });
    expect(Array.from({ length: 5 }, () => plan.next("k"))).toEqual(Array(5).fill("slow"));
  });

  it("decides from the seed, the request and the attempt only", () => {
    const run = (seed: number, keys: string[]) => {
      const plan = new FaultPlan({ rate: 0.2, seed });
      return keys.map((k) => plan.next(k));
    };
    const keys = Array.from({ length: 2_000 }, (_, i) => `op|${i % 500}`);
    expect(run(7, keys)).toEqual(run(7, keys));
    expect(run(7, keys)).not.toEqual(run(8, keys));
    // Another order of the same attempts: each request still gets the same fault on its n-th attempt.
    const perRequest = (order: string[], faults: (string | undefined)[]) => {
      const seen = new Map<string, (string | undefined)[]>();
      order.forEach((k, i) => seen.set(k, [...(seen.get(k) ?? []), faults[i]]));
      return Object.fromEntries([...seen].sort(([a], [b]) => a.localeCompare(b)));
    };
    const reversed = [...keys].reverse();
    expect(perRequest(reversed, run(7, reversed))).toEqual(perRequest(keys, run(7, keys)));
    const share = run(7, keys).filter(Boolean).length / keys.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
  });

  it("spreads hashUnit over [0, 1)", () => {
    const values = Array.from({ length: 10_000 }, (_, i) => hashUnit(`key-${i}`));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(4_700);
    expect(values.filter((v) => v < 0.5).length).toBeLessThan(5_300);
  });
});

describe("fake AWS endpoint", () => {
  it("answers injected faults in each protocol's shape", async () => {
    const { endpoint } = await start({ pools: 1, seed: 1, faults: 1, faultMix: { throttle: 1, internal: 0, unavailable: 0, reset: 0, slow: 0 } });
    expect(await failure(new CognitoIdentityProviderClient(config(endpoint)).send(new DescribeUserPoolCommand({ UserPoolId: "p" })))).toMatchObject({ name: "TooManyRequestsException", status: 400 });
    expect(await failure(new STSClient(config(endpoint)).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "Throttling", status: 400 });
    expect(await failure(new LambdaClient(config(endpoint)).send(new GetFunctionConfigurationCommand({ FunctionName: "f" })))).toMatchObject({ name: "TooManyRequestsException", status: 429 });
    expect(await failure(new CloudTrailClient(config(endpoint)).send(new DescribeTrailsCommand({})))).toMatchObject({ name: "ThrottlingException", status: 400 });
    await fake!.close();

    const internal = await start({ pools: 1, seed: 1, faults: 1, faultMix: { internal: 1, throttle: 0, unavailable: 0, reset: 0, slow: 0 } });
    expect(await failure(new CognitoIdentityProviderClient(config(internal.endpoint)).send(new DescribeUserPoolCommand({ UserPoolId: "p" })))).toMatchObject({ name: "InternalErrorException", status: 500 });
    expect(await failure(new STSClient(config(internal.endpoint)).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "InternalFailure", status: 500 });
    expect(await failure(new LambdaClient(config(internal.endpoint)).send(new GetFunctionConfigurationCommand({ FunctionName: "f" })))).toMatchObject({ name: "ServiceException", status: 500 });
    await fake!.close();

    const unavailable = await start({ pools: 1, seed: 1, faults: 1, faultMix: { unavailable: 1, throttle: 0, internal: 0, reset: 0, slow: 0 } });
    expect(await failure(new CognitoIdentityProviderClient(config(unavailable.endpoint)).send(new DescribeUserPoolCommand({ UserPoolId: "p" })))).toMatchObject({ status: 503 });
    await fake!.close();

    const reset = await start({ pools: 1, seed: 1, faults: 1, faultMix: { reset: 1, throttle: 0, internal: 0, unavailable: 0, slow: 0 } });
    expect(await failure(new CognitoIdentityProviderClient(config(reset.endpoint)).send(new DescribeUserPoolCommand({ UserPoolId: "p" })))).toMatchObject({ code: "ECONNRESET" });
    expect(reset.stats.faults.reset).toBe(1);
  });

  it("answers a slow fault late but correctly", async () => {
    const { endpoint, estate, stats } = await start({ pools: 1, seed: 1, faults: 1, slowMs: 300, faultMix: { slow: 1, throttle: 0, internal: 0, unavailable: 0, reset: 0 } });
    const started = Date.now();
    const result = await new CognitoIdentityProviderClient(config(endpoint)).send(new DescribeUserPoolCommand({ UserPoolId: estate.pools[0]!.id }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(result.UserPool?.Id).toBe(estate.pools[0]!.id);
    expect(stats.faults.slow).toBe(1);
  });

  it("pages listings to MaxResults and its own page size, and checks MaxResults and NextToken", async () => {
    const { endpoint, estate } = await start({ pools: 7, seed: 2, pageSize: 3 });
    const client = new CognitoIdentityProviderClient(config(endpoint));
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListUserPools({ client }, { MaxResults: 60 })) {
      pages.push(page.UserPools?.length ?? 0);
      ids.push(...(page.UserPools ?? []).map((p) => p.Id!));
    }
    expect(pages).toEqual([3, 3, 1]);
    expect(ids).toEqual(estate.pools.map((p) => p.id));
    const two = await client.send(new ListUserPoolsCommand({ MaxResults: 2 }));
    expect(two.UserPools).toHaveLength(2);
    expect(await failure(client.send(new ListUserPoolsCommand({ MaxResults: 61 })))).toMatchObject({ name: "InvalidParameterException" });
    expect(await failure(client.send(new ListUserPoolsCommand({} as never)))).toMatchObject({ name: "InvalidParameterException" });
    // A token is only good for the listing that issued it.
    const poolId = estate.pools.find((p) => p.groups.length > 0)?.id ?? estate.pools[0]!.id;
    expect(await failure(client.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: two.NextToken })))).toMatchObject({ name: "InvalidParameterException" });
    expect(await failure(client.send(new DescribeUserPoolCommand({ UserPoolId: "eu-west-1_missing" })))).toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("enforces Cognito's read quotas only when asked to", async () => {
    const burst = async (endpoint: string, send: (c: CognitoIdentityProviderClient) => Promise<unknown>, n: number) => {
      const client = new CognitoIdentityProviderClient(config(endpoint));
      const results = await Promise.all(Array.from({ length: n }, () => failure(send(client))));
      client.destroy();
      return { ok: results.filter((r) => r === undefined).length, throttled: results.filter((r) => r?.name === "TooManyRequestsException").length };
    };
    const open = await start({ pools: 2, seed: 3 });
    const poolId = open.estate.pools[0]!.id;
    expect(await burst(open.endpoint, (c) => c.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), 30)).toEqual({ ok: 30, throttled: 0 });
    await fake!.close();

    const limited = await start({ pools: 2, seed: 3, quotas: true });
    const read = await burst(limited.endpoint, (c) => c.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), 30);
    // UserPoolRead: 15 per second, so a burst of 30 gets about 15 through (a few more as the bucket refills).
    expect(read.ok).toBeGreaterThanOrEqual(15);
    expect(read.ok).toBeLessThan(25);
    expect(read.ok + read.throttled).toBe(30);
    expect(limited.stats.quotaThrottles.UserPoolRead).toBe(read.throttled);
    // UserPoolClientRead also allows only 5 per second per operation and pool.
    const clients = await burst(limited.endpoint, (c) => c.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 })), 12);
    expect(clients.ok).toBeGreaterThanOrEqual(5);
    expect(clients.ok).toBeLessThan(10);
    expect(limited.stats.quotaThrottles["UserPoolClientRead per operation and pool"]).toBe(clients.throttled);
  });

  it("generates the same estate from the same seed, and scales to thousands of pools", () => {
    expect(generateEstate({ pools: 20, clientsPerPool: 4, seed: 5 })).toEqual(generateEstate({ pools: 20, clientsPerPool: 4, seed: 5 }));
    expect(generateEstate({ pools: 20, clientsPerPool: 4, seed: 5 })).not.toEqual(generateEstate({ pools: 20, clientsPerPool: 4, seed: 6 }));
    const large = generateEstate({ pools: 2_000, clientsPerPool: 5, seed: 1, events: 1_000 });
    expect(new Set(large.pools.map((p) => p.id)).size).toBe(2_000);
    expect(new Set(large.pools.flatMap((p) => p.clients.map((c) => c.summary.ClientId))).size).toBe(10_000);
    expect(large.events).toHaveLength(1_000);
  });
});

describe("fake-aws command", () => {
  const main = join(PACKAGE_ROOT, "dist", "bench", "fake-aws", "main.js");
  const run = (args: string[]) => spawn(process.execPath, [main, ...args], { env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }, stdio: ["ignore", "pipe", "pipe"] });
  const exit = (child: ReturnType<typeof run>) => new Promise<number | null>((resolve) => child.on("exit", resolve));

  it("prints its endpoint, serves until SIGTERM, then reports its counts", async () => {
    const child = run(["--pools", "3", "--clients", "2", "--faults", "0", "--seed", "7", "--quotas", "--port", "0"]);
    let stderr = "";
    child.stderr.on("data", (d: Buffer | string) => (stderr += String(d)));
    const exited = exit(child);
    const [endpoint] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((line) => [String(line.value)]);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await new CognitoIdentityProviderClient(config(endpoint!)).send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(result.UserPools?.map((p) => p.Id)).toEqual(generateEstate({ pools: 3, clientsPerPool: 2, seed: 7 }).pools.map((p) => p.id));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/"requests":1,"byOperation":\{"cognito-idp:ListUserPools":1\}/);
  });

  it("refuses a bad flag with one line and exit code 2", async () => {
    const child = run(["--faults", "1.5"]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer | string) => (stdout += String(d)));
    child.stderr.on("data", (d: Buffer | string) => (stderr += String(d)));
    expect(await exit(child)).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe('fake-aws: --faults expects a share of requests from 0 to 1 (e.g. 0.2), got "1.5".\n');
  });
});
