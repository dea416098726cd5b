// Cognito's read quotas, enforced as AWS does (optional): a token bucket per account, region and
// category that holds one second's worth of requests, and per operation and user pool where the
// category has that further limit. CloudTrail's LookupEvents limit (2 per second) too.
import { findReadOperation, type QuotaCategory } from "../../src/aws/operations.js";
import type { ParsedRequest } from "./protocol.js";

const ENFORCED = new Set(["UserPoolRead", "UserPoolClientRead", "UserPoolResourceRead", "CloudTrailLookup"]);

class Bucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rps: number,
    now: number,
  ) {
    this.tokens = rps;
    this.last = now;
  }
  take(now: number): boolean {
    this.tokens = Math.min(this.rps, this.tokens + ((now - this.last) / 1000) * this.rps);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class QuotaMeter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly now: () => number = () => performance.now()) {}

  private take(key: string, rps: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new Bucket(rps, this.now())));
    return bucket.take(this.now());
  }

  /** The quota the request of `accountId` exceeds (it is then refused), or undefined when it may be served. */
  exceeded(request: ParsedRequest, accountId: string): string | undefined {
    const quota: QuotaCategory | undefined = findReadOperation(request.service, request.operation)?.quota;
    if (!quota || !ENFORCED.has(quota.name)) return undefined;
    if (!this.take(`${accountId}|${request.region}|${quota.name}`, quota.rps)) return quota.name;
    const poolId = request.input.UserPoolId;
    if (quota.perPoolOperationRps && typeof poolId === "string" && !this.take(`${accountId}|${request.region}|${request.operation}|${poolId}`, quota.perPoolOperationRps)) {
      return `${quota.name} per operation and pool`;
    }
    return undefined;
  }
}
