// Creates every AWS SDK client a scan uses, with the same region, credentials, endpoint, retry
// policy, timeouts, read-only guard and request pacing.
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { isThrottlingError } from "@smithy/core/retry";
import type {
  AwsCredentialIdentityProvider,
  FinalizeRequestMiddleware,
  InitializeMiddleware,
  MiddlewareStack,
  RetryErrorInfo,
  RetryStrategyV2,
  StandardRetryToken,
} from "@smithy/types";
import { SMITHY_CONTEXT_KEY } from "@smithy/types";
import { fromIni } from "@aws-sdk/credential-providers";
import { findReadOperation, type ReadOperation } from "./operations.js";
import { RateLimits, type CallStats, type PaceRequest } from "./rateLimit.js";
import { printable, wireOperation, type WireRequest } from "./wire.js";

/**
 * How long any one AWS call may take, in one place. The whole call (every attempt and back-off)
 * has a deadline, so a dead endpoint costs seconds, not the socket's minutes.
 */
export const CALL_DEFAULTS = {
  /** The whole call, retries included (--timeout). */
  callTimeoutMs: 30_000,
  /** Per attempt: opening the connection. */
  connectionTimeoutMs: 3_000,
  /** Attempts per call including the first (adaptive retry mode). */
  maxAttempts: 6,
} as const;

/** Per attempt: waiting for the answer; a third of the call's budget, so a hung attempt leaves room for a retry. */
export const requestTimeoutFor = (callTimeoutMs: number) => Math.max(1_000, Math.floor(callTimeoutMs / 3));

export interface AwsOptions {
  region: string;
  profile?: string;
  /** Credentials to sign with (an assumed role's), instead of the profile's or the default chain's. */
  credentials?: AwsCredentialIdentityProvider;
  /** Applies to every client; without it the SDK honours AWS_ENDPOINT_URL(_<SERVICE>). */
  endpointUrl?: string;
  /** Attempts per call including the first. */
  maxAttempts?: number;
  /** The whole call's deadline, every attempt included. */
  callTimeoutMs?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  limits: RateLimits;
  /** The account the credentials act in, for the quota lanes; without it, the profile and endpoint stand for it. */
  accountId?: string;
  /** The scan's connections, shared by all of its clients (one cap on open sockets). */
  agents?: Agents;
  /** Counts these clients' calls too, besides the scan's (`limits.stats`): one region's, for its progress line. */
  stats?: CallStats;
}

/** Keep-alive connections shared by every client of a scan, under one cap on open sockets. */
export interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
  destroy(): void;
}

/**
 * Agents that a client's destroy() leaves alone: the SDK's handler destroys its agent with the
 * client, and Node's Agent.destroy() ends every socket, in use or not, which would cut the other
 * regions' calls in flight. Only the scan (Agents.destroy) ends them.
 */
class SharedHttpAgent extends HttpAgent {
  override destroy(): void {}
  end(): void {
    super.destroy();
  }
}
class SharedHttpsAgent extends HttpsAgent {
  override destroy(): void {}
  end(): void {
    super.destroy();
  }
}

/** At most `maxSockets` open sockets in all, whatever the number of accounts, regions and clients. */
export function createAgents(maxSockets = 64): Agents {
  const options = { keepAlive: true, maxSockets, maxTotalSockets: maxSockets };
  const http = new SharedHttpAgent(options);
  const https = new SharedHttpsAgent(options);
  return {
    http,
    https,
    destroy: () => {
      http.end();
      https.end();
    },
  };
}

/** Thrown before sending when code asks for an operation that is not a known read. */
export class ReadOnlyViolation extends Error {
  override readonly name = "ReadOnlyViolation";
}

/** An emulator's "not implemented" answer is final: retrying it only slows the scan. */
const UNSUPPORTED = /^Unsupported/i;

/** Back-off before retry `count` (1 = the first retry): full jitter over an exponential ceiling. */
export function retryDelay(count: number, throttled: boolean, random: () => number = Math.random): number {
  const base = throttled ? 100 : 50;
  return Math.floor(random() * Math.min(2_000, base * 2 ** (count - 1)));
}

const retryToken = (count: number, delay: number): StandardRetryToken => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
  getRetryCost: () => undefined,
});

/**
 * Retries every throttle, server fault and network failure up to `maxAttempts`, with a short jittered
 * back-off. Unlike the SDK's strategies it keeps no client-wide state: no retry quota that runs dry
 * and drops resources in a long scan, no adaptive rate that slows every call after one throttle.
 * Pacing, and backing off after a throttle, are the scheduler's (RateLimits), per quota lane.
 */
class ScanRetryStrategy implements RetryStrategyV2 {
  constructor(private readonly maxAttempts: number) {}
  acquireInitialRetryToken(): Promise<StandardRetryToken> {
    return Promise.resolve(retryToken(0, 0));
  }
  refreshRetryTokenForRetry(token: StandardRetryToken, info: RetryErrorInfo): Promise<StandardRetryToken> {
    const error = (info as RetryErrorInfo & { error?: { name?: string } }).error;
    const count = token.getRetryCount() + 1;
    // A call past its deadline is aborted: no attempt may follow. Client errors are final.
    const final = (error?.name && (UNSUPPORTED.test(error.name) || error.name === "AbortError")) || info.errorType === "CLIENT_ERROR";
    if (final || count >= this.maxAttempts) return Promise.reject(error ?? new Error("no retry left"));
    const hinted = info.retryAfterHint ? info.retryAfterHint.getTime() - Date.now() : 0;
    return Promise.resolve(retryToken(count, Math.max(hinted, retryDelay(count, info.errorType === "THROTTLING"))));
  }
  recordSuccess(): void {}
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the guards serve every client's input/output types */
interface MiddlewareClient {
  middlewareStack: MiddlewareStack<any, any>;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

type Context = { commandName?: string; cognitoAudit?: { operation: ReadOperation; poolId?: string } };
type SmithyContext = { [SMITHY_CONTEXT_KEY]?: { commandInstance?: object; abortSignal?: unknown } };

/** The scheduler's group of a user pool's calls (RateLimits.forget it once the pool is complete). */
export const poolGroup = (region: string, poolId: string) => `${region}|${poolId}`;

/** For each command being sent: starts its deadline's clock (once), when its first attempt gets its slot. */
const clockStarters = new WeakMap<object, () => void>();
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

/** Refuses any operation not in READ_OPERATIONS (by name, then on the wire), then paces each attempt to its quota lane. */
export function installGuards(client: MiddlewareClient, service: ReadOperation["service"], options: AwsOptions): void {
  // Quotas are per account and region: the real account id when it is known (the assumed identity's).
  const account = options.accountId ?? `${options.profile ?? "default"}|${options.endpointUrl ?? "aws"}`;
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
    if (!meta) return next(args);
    const { quota, operation } = meta.operation;
    const lane = `${account}|${options.region}|${quota.name}`;
    const attempt = (args.request as WireRequest).headers["amz-sdk-request"] ?? "";
    const pace: PaceRequest = {
      lane,
      rps: quota.rps,
      // A retry goes first: the resource it is for has waited once already.
      retry: !attempt.startsWith("attempt=1;") && attempt !== "",
      ...(meta.poolId ? { group: poolGroup(options.region, meta.poolId) } : {}),
      ...(quota.perPoolOperationRps && meta.poolId ? { narrower: { key: `${lane}|${operation}|${meta.poolId}`, rps: quota.perPoolOperationRps } } : {}),
    };
    const smithy = (handlerContext as SmithyContext)[SMITHY_CONTEXT_KEY];
    const sentAt = await options.limits.take(pace, smithy?.abortSignal as AbortSignal | undefined);
    // The call's deadline runs from its first slot: time queued behind the quota is not the call's.
    if (smithy?.commandInstance) clockStarters.get(smithy.commandInstance)?.();
    try {
      const result = await next(args);
      options.limits.succeeded(pace, sentAt);
      return result;
    } catch (error) {
      if (isThrottlingError(error as Parameters<typeof isThrottlingError>[0])) options.limits.throttled(pace);
      throw error;
    }
  };
  client.middlewareStack.add(guard, { step: "initialize", name: "cognitoAuditReadOnlyGuard", priority: "high" });
  // After the retry middleware (high priority in the same step), so every attempt is checked and paced.
  client.middlewareStack.add(wire, { step: "finalizeRequest", name: "cognitoAuditWireGuard", priority: "low" });
  client.middlewareStack.add(pacing, { step: "finalizeRequest", name: "cognitoAuditRequestPacing", priority: "low" });
}

/** The configuration shared by every client of a scan. */
export function clientConfig(options: AwsOptions) {
  const maxAttempts = options.maxAttempts ?? CALL_DEFAULTS.maxAttempts;
  return {
    region: options.region,
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.credentials ? { credentials: options.credentials } : options.profile ? { credentials: fromIni({ profile: options.profile }) } : {}),
    maxAttempts,
    retryStrategy: new ScanRetryStrategy(maxAttempts),
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? CALL_DEFAULTS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? requestTimeoutFor(options.callTimeoutMs ?? CALL_DEFAULTS.callTimeoutMs),
      // Without this the SDK only logs a warning and the call can wait forever.
      throwOnRequestTimeout: true,
      ...(options.agents ? { httpAgent: options.agents.http, httpsAgent: options.agents.https } : {}),
    },
  };
}

/** A call that ran out of its whole budget (every attempt included). */
export class CallTimeoutError extends Error {
  override readonly name = "CallTimeoutError";
}

type Send = (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;

/** Gives every call of `client` one deadline covering all of its attempts; past it the request is aborted. */
function installDeadline(client: object, callTimeoutMs: number): void {
  const target = client as { send: Send };
  const send = target.send.bind(client);
  target.send = (command, options) => {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let expire: () => void = () => {};
    const deadline = new Promise<never>((_, reject) => {
      expire = () => {
        controller.abort();
        reject(new CallTimeoutError(`no answer within ${callTimeoutMs / 1000} s, retries included`));
      };
    });
    const startClock = () => {
      timer ??= setTimeout(expire, callTimeoutMs);
    };
    // The pacing middleware starts the clock when the first attempt gets its slot; a command it
    // never sees (refused by the guard) has nothing to wait for.
    if (command !== null && typeof command === "object") clockStarters.set(command, startClock);
    else startClock();
    return Promise.race([send(command, { ...options, abortSignal: controller.signal }), deadline]).finally(() => clearTimeout(timer));
  };
}

/** Counts every attempt (after the retry middleware) and every throttled one, for the progress line. */
function installStats(client: MiddlewareClient, ...counted: CallStats[]): void {
  const count: FinalizeRequestMiddleware<object, object> = (next) => async (args) => {
    for (const stats of counted) stats.calls++;
    try {
      return await next(args);
    } catch (error) {
      if (isThrottlingError(error as Parameters<typeof isThrottlingError>[0])) for (const stats of counted) stats.throttles++;
      throw error;
    }
  };
  client.middlewareStack.add(count, { step: "finalizeRequest", name: "cognitoAuditCallStats", priority: "low" });
}

export function createClient<C extends MiddlewareClient>(
  Client: new (config: ReturnType<typeof clientConfig>) => C,
  service: ReadOperation["service"],
  options: AwsOptions,
): C {
  const client = new Client(clientConfig(options));
  installGuards(client, service, options);
  installStats(client, options.limits.stats, ...(options.stats ? [options.stats] : []));
  installDeadline(client, options.callTimeoutMs ?? CALL_DEFAULTS.callTimeoutMs);
  return client;
}
