import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterEach, describe, expect, it } from "vitest";
import { CALL_DEFAULTS, CallTimeoutError, clientConfig, createClient, ReadOnlyViolation, type AwsOptions } from "../../src/aws/clients.js";
import { RateLimits, TokenBucket } from "../../src/aws/rateLimit.js";
import { collectSnapshot } from "../../src/collect/index.js";
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
    const progress: string[] = [];
    const snapshot = await collectSnapshot({ regions: ["eu-west-1"], endpointUrl: fake.endpoint, poolIds: ["p1", "p1"], limits, progress: (line) => progress.push(line) });
    expect(fake.requests.filter((r) => r.operation === "DescribeUserPool")).toHaveLength(3);
    expect(snapshot.accounts[0]!.regions[0]!.userPools.map((p) => p.userPool.Id)).toEqual(["p1"]);
    // Every attempt is counted for the progress line, the throttled ones too.
    expect(limits.stats).toEqual({ calls: fake.requests.length, throttles: 2 });
    // A pool given twice is described once; the progress line counts pools done out of the total.
    expect(progress).toContain("eu-west-1: 1/1 user pools");
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
  it("spaces requests to the bucket's rate", async () => {
    let now = 1_000;
    const slept: number[] = [];
    const bucket = new TokenBucket(
      4,
      () => now,
      async (ms) => {
        slept.push(ms);
      },
    );
    await Promise.all([bucket.take(), bucket.take(), bucket.take()]);
    expect(slept).toEqual([250, 500]);
    now += 2_000;
    await bucket.take();
    expect(slept).toEqual([250, 500]);
  });

  it("shares one bucket per key", () => {
    const limits = new RateLimits();
    expect(limits.bucket("a|UserPoolRead", 15)).toBe(limits.bucket("a|UserPoolRead", 15));
    expect(limits.bucket("a|UserPoolRead", 15)).not.toBe(limits.bucket("b|UserPoolRead", 15));
  });
});
