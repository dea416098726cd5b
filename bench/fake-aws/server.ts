// A fake AWS endpoint on loopback: the services the collector reads (cognito-idp, wafv2, lambda,
// cognito-identity, cloudtrail, sts, organizations, account) on their real wire protocols, over
// an organization of accounts with a generated estate per (account, region), with optional
// Cognito read quotas per account and region, latency and seeded faults. Used by the tests and
// runnable on its own (main.ts) so that collection can be tested and measured at scale.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expectedResources, generateEstate, type Estate, type EstateOptions, type ExpectedResources } from "./estate.js";
import { FAULT_KINDS, FaultPlan, type FaultKind, type FaultOptions } from "./faults.js";
import { Organization, type Caller, type OrganizationOptions } from "./organization.js";
import { FAULT_ANSWERS, FakeError, parseRequest, sendError, sendResult, type ParsedRequest } from "./protocol.js";
import { QuotaMeter } from "./quotas.js";
import { serve, type ServeOptions } from "./services.js";

export interface FakeAwsOptions extends Partial<EstateOptions>, ServeOptions, Partial<OrganizationOptions> {
  /**
   * The accounts (the first is the management account, owner of base credentials) and regions:
   * an estate per (account, region). Default: `accountId` (123456789012) and `region` (eu-west-1).
   */
  accounts?: string[];
  regions?: string[];
  /** Every answer (errors and faults included) waits this long, in ms (default 0). */
  latencyMs?: number;
  /** Share of attempts answered with a fault (0 to 1; default 0). */
  faults?: number;
  faultMix?: FaultOptions["mix"];
  maxConsecutiveFaults?: number;
  /** How long a slow answer waits, in ms (default 200; keep it under the client's request timeout). */
  slowMs?: number;
  /** Enforce Cognito's read quotas (default off). */
  quotas?: boolean;
  /** Default 0: any free port. */
  port?: number;
  host?: string;
}

export interface FakeAwsStats {
  /** Every request that reached the endpoint, refused ones included. */
  requests: number;
  /** Requests per "service:operation" (as read from the wire). */
  byOperation: Record<string, number>;
  faults: Record<FaultKind, number>;
  /** TooManyRequests answers because a quota was exceeded, per quota. */
  quotaThrottles: Record<string, number>;
  /** Requests the endpoint could not attribute to a service operation (no SigV4 scope, unknown route). */
  unreadable: number;
  /** Per "account|region" (the caller's account, the signed region): requests and quota throttles. */
  byAccountRegion: Record<string, { requests: number; quotaThrottles: number; byOperation: Record<string, number> }>;
  /** Per "account|region" estate: what a complete collection of it holds. */
  expected: Record<string, ExpectedResources>;
}

export interface FakeAws {
  endpoint: string;
  stats: FakeAwsStats;
  /** The first account's estate in the first region (the only one by default). */
  estate: Estate;
  /** Every estate: `estates[accountId][region]`. */
  estates: Record<string, Record<string, Estate>>;
  accounts: string[];
  regions: string[];
  /** The organization's id (o-…), as ListAccounts' ARNs carry it; the management account is accounts[0]. */
  organizationId: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

const readBody = (req: IncomingMessage) =>
  new Promise<string | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const seed = options.seed ?? 1;
  const accounts = options.accounts ?? [options.accountId ?? "123456789012"];
  const regions = options.regions ?? [options.region ?? "eu-west-1"];
  if (accounts.length === 0 || regions.length === 0) throw new Error("fake-aws: at least one account and one region");
  const organization = new Organization({ ...options, accounts, regions });
  const estates: Record<string, Record<string, Estate>> = {};
  const expected: Record<string, ExpectedResources> = {};
  for (const accountId of accounts) {
    estates[accountId] = {};
    for (const region of regions) {
      const generated = generateEstate({ ...options, accountId, region, pools: options.pools ?? 10, clientsPerPool: options.clientsPerPool ?? 3, seed });
      estates[accountId][region] = generated;
      expected[`${accountId}|${region}`] = expectedResources(generated);
    }
  }
  const estate = estates[accounts[0]!]![regions[0]!]!;
  const latencyMs = options.latencyMs ?? 0;
  const faults = options.faults ? new FaultPlan({ rate: options.faults, seed, mix: options.faultMix, maxConsecutive: options.maxConsecutiveFaults }) : undefined;
  const quotas = options.quotas ? new QuotaMeter() : undefined;
  const slowMs = options.slowMs ?? 200;
  const stats: FakeAwsStats = {
    requests: 0,
    byOperation: {},
    faults: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>,
    quotaThrottles: {},
    unreadable: 0,
    byAccountRegion: {},
    expected,
  };
  const timers = new Set<NodeJS.Timeout>();
  let requestCount = 0;

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const answer = (res: ServerResponse, request: ParsedRequest, caller: Caller, requestId: string) => {
    if (res.destroyed) return;
    try {
      const result = organization.serve(request, caller, options) ?? serve(request, estates[caller.accountId]?.[request.region], options);
      sendResult(res, request.service, request.operation, requestId, result);
    } catch (error) {
      sendError(res, request.service, requestId, error instanceof FakeError ? error : new FakeError(500, FAULT_ANSWERS[request.service].internal[1], "Internal error."));
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = `fake-${++requestCount}`;
    stats.requests++;
    const body = await readBody(req);
    // One wait for the whole exchange, before anything is decided: as if the request took that long to arrive.
    if (latencyMs > 0) await later(latencyMs);
    if (res.destroyed) return;
    if (body === undefined) {
      sendError(res, undefined, requestId, new FakeError(413, "RequestEntityTooLarge", "Request body too large."));
      return;
    }
    let request: ParsedRequest;
    try {
      request = parseRequest(req, body);
    } catch (error) {
      stats.unreadable++;
      sendError(res, undefined, requestId, error instanceof FakeError ? error : new FakeError(400, "BadRequest", "Unreadable request."));
      return;
    }
    const name = `${request.service}:${request.operation}`;
    stats.byOperation[name] = (stats.byOperation[name] ?? 0) + 1;
    let caller: Caller;
    try {
      caller = organization.identify(request);
    } catch (error) {
      sendError(res, request.service, requestId, error as FakeError);
      return;
    }
    const pair = (stats.byAccountRegion[`${caller.accountId}|${request.region}`] ??= { requests: 0, quotaThrottles: 0, byOperation: {} });
    pair.requests++;
    pair.byOperation[name] = (pair.byOperation[name] ?? 0) + 1;

    const quota = quotas?.exceeded(request, caller.accountId);
    if (quota) {
      stats.quotaThrottles[quota] = (stats.quotaThrottles[quota] ?? 0) + 1;
      pair.quotaThrottles++;
      const [status, code] = FAULT_ANSWERS[request.service].throttle;
      sendError(res, request.service, requestId, new FakeError(status, code, "Rate exceeded"));
      return;
    }
    const fault = faults?.next(`${caller.accountId}|${request.key}`);
    if (fault) stats.faults[fault]++;
    switch (fault) {
      case "reset":
        req.socket.destroy();
        return;
      case "slow":
        await later(slowMs);
        answer(res, request, caller, requestId);
        return;
      case "throttle":
      case "internal":
      case "unavailable": {
        const [status, code] = FAULT_ANSWERS[request.service][fault];
        sendError(res, request.service, requestId, new FakeError(status, code, fault === "throttle" ? "Rate exceeded" : "Injected fault."));
        return;
      }
      default:
        answer(res, request, caller, requestId);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    stats,
    estate,
    estates,
    accounts,
    regions,
    organizationId: organization.id,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
