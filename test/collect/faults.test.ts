import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeAws, type FakeAws, type FakeAwsOptions } from "../../bench/fake-aws/server.js";
import { FAULT_KINDS } from "../../bench/fake-aws/faults.js";
import { RateLimits } from "../../src/aws/rateLimit.js";
import { collectSnapshot } from "../../src/collect/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";

// A small estate that still pages every listing (at most 2 items a page) and LookupEvents.
const ESTATE: FakeAwsOptions = { pools: 6, clientsPerPool: 3, seed: 7, pageSize: 2, events: 12, eventsEnd: new Date("2026-01-01T00:00:00Z") };
const WINDOW = { start: new Date("2025-12-31T00:00:00Z"), end: new Date("2026-01-01T00:00:00Z"), maxEvents: 1_000 };
/** At most 3 failing answers in a row per request (the fake's cap), so 4 attempts always get through; 6 is the collector's default. */
const MAX_ATTEMPTS = 6;

const fakes: FakeAws[] = [];
const savedEnv = { ...process.env };
beforeEach(() => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
});
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  process.env = { ...savedEnv };
});

async function collect(options: FakeAwsOptions): Promise<{ snapshot: Snapshot; fake: FakeAws }> {
  const fake = await startFakeAws(options);
  fakes.push(fake);
  const snapshot = await collectSnapshot({
    regions: ["eu-west-1"],
    endpointUrl: fake.endpoint,
    maxAttempts: MAX_ATTEMPTS,
    // Pacing to the quotas is tested on its own; here it would only make the test slower.
    limits: RateLimits.unpaced(),
    cloudTrail: WINDOW,
  });
  return { snapshot, fake };
}

/** What the collection saw, without when and from where it was collected. */
const content = ({ collectedAt: _at, source: _source, ...rest }: Snapshot) => rest;

describe("collection under faults", () => {
  it("collects at 20 % faults exactly the snapshot it collects without faults", async () => {
    const clean = await collect(ESTATE);
    const region = clean.snapshot.accounts[0]!.regions[0]!;
    // The baseline is a complete, paged collection of the whole estate.
    expect(clean.snapshot.accounts[0]!.accountId).toBe("123456789012");
    expect(region.errors).toEqual([]);
    expect(region.userPools.map((p) => p.userPool.Id)).toEqual(clean.fake.estate.pools.map((p) => p.id));
    expect(region.userPools.flatMap((p) => p.errors)).toEqual([]);
    expect(region.userPools.flatMap((p) => p.clients ?? [])).toHaveLength(18);
    expect(region.cloudTrailEvents?.events).toHaveLength(12);
    // The fake serves one identity pool event of the twelve, to the cognito-identity lookup only.
    expect(region.cloudTrailEvents?.events.filter((e) => e.eventSource === "cognito-identity.amazonaws.com")).toHaveLength(1);
    expect(region.cloudTrailEvents?.eventSources).toEqual(["cognito-idp.amazonaws.com", "cognito-identity.amazonaws.com"]);
    expect(clean.fake.stats.byOperation["cognito-idp:ListUserPools"]).toBe(3);
    // 11 user pool events at 2 a page, then 1 identity pool event.
    expect(clean.fake.stats.byOperation["cloudtrail:LookupEvents"]).toBe(7);
    expect(clean.fake.stats.faults).toEqual(Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])));

    // Throttles cost the SDK a second or more of back-off each: fewer of them keeps the test short.
    const faulty = await collect({ ...ESTATE, faults: 0.2, faultMix: { throttle: 0.3 }, slowMs: 100 });
    expect(content(faulty.snapshot)).toEqual(content(clean.snapshot));
    for (const kind of FAULT_KINDS) expect(faulty.fake.stats.faults[kind], kind).toBeGreaterThan(0);
    const failed = faulty.fake.stats.faults.throttle + faulty.fake.stats.faults.internal + faulty.fake.stats.faults.unavailable + faulty.fake.stats.faults.reset;
    // Every failed attempt was retried: the faulty run made exactly that many more requests.
    expect(faulty.fake.stats.requests).toBe(clean.fake.stats.requests + failed);
    expect(failed / faulty.fake.stats.requests).toBeGreaterThan(0.1);
  });
});
