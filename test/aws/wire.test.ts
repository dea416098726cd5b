import * as account from "@aws-sdk/client-account";
import * as athena from "@aws-sdk/client-athena";
import * as cloudtrail from "@aws-sdk/client-cloudtrail";
import * as cognitoIdentity from "@aws-sdk/client-cognito-identity";
import * as cognitoIdp from "@aws-sdk/client-cognito-identity-provider";
import * as lambda from "@aws-sdk/client-lambda";
import * as organizations from "@aws-sdk/client-organizations";
import * as s3 from "@aws-sdk/client-s3";
import * as sts from "@aws-sdk/client-sts";
import * as wafv2 from "@aws-sdk/client-wafv2";
import type { BuildMiddleware, MiddlewareStack } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeAws, type FakeAws } from "../../bench/fake-aws/server.js";
import { createClient, ReadOnlyViolation } from "../../src/aws/clients.js";
import { READ_OPERATIONS, type ReadOperation } from "../../src/aws/operations.js";
import { RateLimits } from "../../src/aws/rateLimit.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- commands are looked up by name across the SDK modules */
const MODULES: Record<ReadOperation["service"], { client: any; module: Record<string, any> }> = {
  "cognito-idp": { client: cognitoIdp.CognitoIdentityProviderClient, module: cognitoIdp },
  "cognito-identity": { client: cognitoIdentity.CognitoIdentityClient, module: cognitoIdentity },
  wafv2: { client: wafv2.WAFV2Client, module: wafv2 },
  cloudtrail: { client: cloudtrail.CloudTrailClient, module: cloudtrail },
  lambda: { client: lambda.LambdaClient, module: lambda },
  sts: { client: sts.STSClient, module: sts },
  organizations: { client: organizations.OrganizationsClient, module: organizations },
  account: { client: account.AccountClient, module: account },
  s3: { client: s3.S3Client, module: s3 },
  athena: { client: athena.AthenaClient, module: athena },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Enough input for any read operation to serialise (unused members are ignored). */
const INPUT = { UserPoolId: "p", ClientId: "c", ProviderName: "x", Domain: "d", FunctionName: "f", IdentityPoolId: "eu-west-1:x", Name: "t", RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: "s", TrailName: "t", ResourceArn: "arn", MaxResults: 1 };

type Request = { method: string; path: string; headers: Record<string, string>; body?: unknown };
/** A middleware that rewrites the serialised request after our initialize-step guard has accepted the command. */
const tamper = (client: TestClient, rewrite: (request: Request) => void) => {
  const middleware: BuildMiddleware<object, object> = (next) => async (args) => {
    rewrite(args.request as Request);
    return next(args);
  };
  client.middlewareStack.add(middleware, { step: "build", name: "tamper" });
};

const AWS_FAKE_OPERATIONS = READ_OPERATIONS.filter((o) => o.service !== "s3");

let fake: FakeAws;
const savedEnv = { ...process.env };
beforeEach(async () => {
  fake = await startFakeAws({ pools: 1, clientsPerPool: 1, seed: 3 });
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
});
afterEach(async () => {
  await fake.close();
  process.env = { ...savedEnv };
});

interface TestClient {
  middlewareStack: MiddlewareStack<object, object>;
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}
const client = (service: ReadOperation["service"]): TestClient =>
  createClient<TestClient>(MODULES[service].client as never, service, { region: "eu-west-1", endpointUrl: fake.endpoint, maxAttempts: 1, limits: new RateLimits() });

describe("read-only guard on the wire", () => {
  it("lets every documented read through as the SDK serialises it", async () => {
    // The fake serves no S3: its two reads reach s3rver in test/cloudtrail/s3.test.ts (and below, on the wire).
    for (const { service, operation } of AWS_FAKE_OPERATIONS) {
      const Command = MODULES[service].module[`${operation}Command`];
      expect(Command, `${service}:${operation}`).toBeTypeOf("function");
      const c = client(service);
      // The fake answers each read (or an AWS error for the made-up input): what matters is that it was sent.
      await c.send(new Command(INPUT)).catch((error: unknown) => expect(error).not.toBeInstanceOf(ReadOnlyViolation));
      c.destroy();
      expect(fake.stats.byOperation[`${service}:${operation}`], `${service}:${operation}`).toBe(1);
    }
    expect(fake.stats.requests).toBe(AWS_FAKE_OPERATIONS.length);
  });

  it("refuses a read command whose serialised X-Amz-Target names a write, and sends nothing", async () => {
    const c = client("cognito-idp");
    tamper(c, (request) => (request.headers["x-amz-target"] = "AWSCognitoIdentityProviderService.DeleteUserPool"));
    const sent = c.send(new cognitoIdp.DescribeUserPoolCommand({ UserPoolId: "p" }));
    await expect(sent).rejects.toBeInstanceOf(ReadOnlyViolation);
    await expect(sent).rejects.toThrow(/refused to send cognito-idp:DescribeUserPool: the serialised request is cognito-idp:DeleteUserPool/);
    expect(fake.stats.requests).toBe(0);
  });

  it("refuses a request serialised as another read than the command named", async () => {
    const c = client("cognito-idp");
    tamper(c, (request) => (request.headers["x-amz-target"] = "AWSCognitoIdentityProviderService.ListUserPools"));
    await expect(c.send(new cognitoIdp.DescribeUserPoolCommand({ UserPoolId: "p" }))).rejects.toBeInstanceOf(ReadOnlyViolation);
    expect(fake.stats.requests).toBe(0);
  });

  it("refuses another service's target and a missing target", async () => {
    const c = client("cognito-idp");
    let target: string | undefined = "AWSWAF_20190729.DescribeUserPool";
    tamper(c, (request) => {
      if (target) request.headers["x-amz-target"] = target;
      else delete request.headers["x-amz-target"];
    });
    await expect(c.send(new cognitoIdp.DescribeUserPoolCommand({ UserPoolId: "p" }))).rejects.toBeInstanceOf(ReadOnlyViolation);
    target = undefined;
    await expect(c.send(new cognitoIdp.DescribeUserPoolCommand({ UserPoolId: "p" }))).rejects.toThrow(/POST with X-Amz-Target ""/);
    expect(fake.stats.requests).toBe(0);
  });

  it("refuses a Lambda read whose method or path was rewritten to a write", async () => {
    const c = client("lambda");
    const rewrites: ((request: Request) => void)[] = [
      (request) => (request.method = "DELETE"),
      (request) => (request.method = "PUT"),
      (request) => ((request.method = "POST"), (request.path = "/2015-03-31/functions/f/invocations")),
      (request) => (request.path = "/2015-03-31/functions/f"),
    ];
    let rewrite = rewrites[0]!;
    tamper(c, (request) => rewrite(request));
    for (rewrite of rewrites) {
      await expect(c.send(new lambda.GetFunctionConfigurationCommand({ FunctionName: "f" }))).rejects.toBeInstanceOf(ReadOnlyViolation);
    }
    expect(fake.stats.requests).toBe(0);
  });

  it("refuses an STS query whose Action was rewritten, or doubled", async () => {
    const c = client("sts");
    let body = "Action=AssumeRole&Version=2011-06-15";
    tamper(c, (request) => (request.body = body));
    await expect(c.send(new sts.GetCallerIdentityCommand({}))).rejects.toThrow(/the serialised request is sts:AssumeRole/);
    body = "Action=GetCallerIdentity&Action=AssumeRole&Version=2011-06-15";
    await expect(c.send(new sts.GetCallerIdentityCommand({}))).rejects.toBeInstanceOf(ReadOnlyViolation);
    expect(fake.stats.requests).toBe(0);
  });

  it("keeps a tampered, hostile target out of the message's control characters", async () => {
    const c = client("cognito-idp");
    tamper(c, (request) => (request.headers["x-amz-target"] = "AWSCognitoIdentityProviderService.Delete\u001b[2JUserPool"));
    const error = await c.send(new cognitoIdp.DescribeUserPoolCommand({ UserPoolId: "p" })).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(ReadOnlyViolation);
    expect((error as Error).message).not.toMatch(/\u001b/);
  });
});
