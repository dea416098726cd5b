// A fake AWS endpoint on loopback: the services the collector reads (cognito-idp, wafv2, lambda,
// cognito-identity, cloudtrail, sts) on their real wire protocols, over a generated estate, with
// optional Cognito read quotas and seeded faults. Used by the tests and runnable on its own
// (main.ts) so that collection can be tested and measured at scale.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generateEstate, type Estate, type EstateOptions } from "./estate.js";
import { FAULT_KINDS, FaultPlan, type FaultKind, type FaultOptions } from "./faults.js";
import { FAULT_ANSWERS, FakeError, parseRequest, sendError, sendResult, type ParsedRequest } from "./protocol.js";
import { QuotaMeter } from "./quotas.js";
import { serve, type ServeOptions } from "./services.js";

export interface FakeAwsOptions extends Partial<EstateOptions>, ServeOptions {
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
}

export interface FakeAws {
  endpoint: string;
  stats: FakeAwsStats;
  estate: Estate;
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
  const estate = generateEstate({ ...options, pools: options.pools ?? 10, clientsPerPool: options.clientsPerPool ?? 3, seed });
  const faults = options.faults ? new FaultPlan({ rate: options.faults, seed, mix: options.faultMix, maxConsecutive: options.maxConsecutiveFaults }) : undefined;
  const quotas = options.quotas ? new QuotaMeter() : undefined;
  const slowMs = options.slowMs ?? 200;
  const stats: FakeAwsStats = {
    requests: 0,
    byOperation: {},
    faults: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>,
    quotaThrottles: {},
    unreadable: 0,
  };
  const timers = new Set<NodeJS.Timeout>();
  let requestCount = 0;

  const answer = (res: ServerResponse, request: ParsedRequest, requestId: string) => {
    if (res.destroyed) return;
    try {
      sendResult(res, request.service, request.operation, requestId, serve(request, request.region === estate.region ? estate : undefined, options));
    } catch (error) {
      sendError(res, request.service, requestId, error instanceof FakeError ? error : new FakeError(500, FAULT_ANSWERS[request.service].internal[1], "Internal error."));
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = `fake-${++requestCount}`;
    stats.requests++;
    const body = await readBody(req);
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

    const quota = quotas?.exceeded(request);
    if (quota) {
      stats.quotaThrottles[quota] = (stats.quotaThrottles[quota] ?? 0) + 1;
      const [status, code] = FAULT_ANSWERS[request.service].throttle;
      sendError(res, request.service, requestId, new FakeError(status, code, "Rate exceeded"));
      return;
    }
    const fault = faults?.next(request.key);
    if (fault) stats.faults[fault]++;
    switch (fault) {
      case "reset":
        req.socket.destroy();
        return;
      case "slow": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer(res, request, requestId);
        }, slowMs);
        timers.add(timer);
        return;
      }
      case "throttle":
      case "internal":
      case "unavailable": {
        const [status, code] = FAULT_ANSWERS[request.service][fault];
        sendError(res, request.service, requestId, new FakeError(status, code, fault === "throttle" ? "Rate exceeded" : "Injected fault."));
        return;
      }
      default:
        answer(res, request, requestId);
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
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
