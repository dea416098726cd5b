// Creates every AWS SDK client a scan uses, with the same region, credentials, endpoint, retry
// policy, timeouts, read-only guard and request pacing.
import { AdaptiveRetryStrategy } from "@smithy/core/retry";
import type {
  FinalizeRequestMiddleware,
  InitializeMiddleware,
  MiddlewareStack,
  RetryErrorInfo,
  RetryStrategyV2,
  StandardRetryToken,
} from "@smithy/types";
import { fromIni } from "@aws-sdk/credential-providers";
import { findReadOperation, type ReadOperation } from "./operations.js";
import { RateLimits } from "./rateLimit.js";
import { printable, wireOperation, type WireRequest } from "./wire.js";

export interface AwsOptions {
  region: string;
  profile?: string;
  /** Applies to every client; without it the SDK honours AWS_ENDPOINT_URL(_<SERVICE>). */
  endpointUrl?: string;
  /** Attempts per call including the first (adaptive retry mode). */
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  limits: RateLimits;
}

/** Thrown before sending when code asks for an operation that is not a known read. */
export class ReadOnlyViolation extends Error {
  override readonly name = "ReadOnlyViolation";
}

/** An emulator's "not implemented" answer is final: retrying it only slows the scan. */
const UNSUPPORTED = /^Unsupported/i;

class ScanRetryStrategy implements RetryStrategyV2 {
  private readonly inner: AdaptiveRetryStrategy;
  constructor(maxAttempts: number) {
    this.inner = new AdaptiveRetryStrategy(async () => maxAttempts);
  }
  acquireInitialRetryToken(scope: string) {
    return this.inner.acquireInitialRetryToken(scope);
  }
  async refreshRetryTokenForRetry(token: StandardRetryToken, info: RetryErrorInfo) {
    const error = (info as RetryErrorInfo & { error?: { name?: string } }).error;
    if (error?.name && UNSUPPORTED.test(error.name)) throw error;
    return this.inner.refreshRetryTokenForRetry(token, info);
  }
  recordSuccess(token: StandardRetryToken) {
    this.inner.recordSuccess(token);
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the guards serve every client's input/output types */
interface MiddlewareClient {
  middlewareStack: MiddlewareStack<any, any>;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

type Context = { commandName?: string; cognitoAudit?: { operation: ReadOperation; poolId?: string } };
type Input = { UserPoolId?: unknown };

/**
 * Refuses a serialised request that is not the read operation the command named: the command name
 * alone would trust every serialiser and middleware between it and the wire.
 */
function checkWire(service: ReadOperation["service"], expected: string | undefined, request: WireRequest): void {
  const found = wireOperation(service, request);
  if ("operation" in found && found.operation === expected && findReadOperation(service, found.operation)) return;
  const seen = "operation" in found ? `${service}:${found.operation}` : found.unreadable;
  throw new ReadOnlyViolation(
    `cognito-audit refused to send ${service}:${expected ?? "(unknown)"}: the serialised request is ${printable(seen)}, not that read operation.`,
  );
}

/** Refuses any operation not in READ_OPERATIONS (by name, then on the wire), then paces each attempt to the quotas. */
export function installGuards(client: MiddlewareClient, service: ReadOperation["service"], options: AwsOptions): void {
  const scope = `${options.profile ?? "default"}|${options.endpointUrl ?? "aws"}|${options.region}`;
  const guard: InitializeMiddleware<Input, object> = (next, handlerContext) => async (args) => {
    const context = handlerContext as Context;
    const name = (context.commandName ?? "").replace(/Command$/, "");
    const operation = findReadOperation(service, name);
    if (!operation) {
      throw new ReadOnlyViolation(`cognito-audit refused to send ${service}:${name || "(unknown)"}: only the read operations it documents are allowed.`);
    }
    const poolId = typeof args.input?.UserPoolId === "string" ? args.input.UserPoolId : undefined;
    context.cognitoAudit = { operation, poolId };
    return next(args);
  };
  const wire: FinalizeRequestMiddleware<Input, object> = (next, handlerContext) => async (args) => {
    checkWire(service, (handlerContext as Context).cognitoAudit?.operation.operation, args.request as WireRequest);
    return next(args);
  };
  const pacing: FinalizeRequestMiddleware<Input, object> = (next, handlerContext) => async (args) => {
    const meta = (handlerContext as Context).cognitoAudit;
    if (meta) {
      const { quota } = meta.operation;
      await options.limits.bucket(`${scope}|${quota.name}`, quota.rps).take();
      if (quota.perPoolOperationRps && meta.poolId) {
        await options.limits.bucket(`${scope}|${meta.operation.operation}|${meta.poolId}`, quota.perPoolOperationRps).take();
      }
    }
    return next(args);
  };
  client.middlewareStack.add(guard, { step: "initialize", name: "cognitoAuditReadOnlyGuard", priority: "high" });
  // After the retry middleware (high priority in the same step), so every attempt is checked and paced.
  client.middlewareStack.add(wire, { step: "finalizeRequest", name: "cognitoAuditWireGuard", priority: "low" });
  client.middlewareStack.add(pacing, { step: "finalizeRequest", name: "cognitoAuditRequestPacing", priority: "low" });
}

/** The configuration shared by every client of a scan. */
export function clientConfig(options: AwsOptions) {
  return {
    region: options.region,
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.profile ? { credentials: fromIni({ profile: options.profile }) } : {}),
    maxAttempts: options.maxAttempts ?? 6,
    retryStrategy: new ScanRetryStrategy(options.maxAttempts ?? 6),
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 5_000,
      requestTimeout: options.requestTimeoutMs ?? 20_000,
      // Without this the SDK only logs a warning and the call can wait forever.
      throwOnRequestTimeout: true,
    },
  };
}

export function createClient<C extends MiddlewareClient>(
  Client: new (config: ReturnType<typeof clientConfig>) => C,
  service: ReadOperation["service"],
  options: AwsOptions,
): C {
  const client = new Client(clientConfig(options));
  installGuards(client, service, options);
  return client;
}
