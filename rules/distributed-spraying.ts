import { SkippedCounter, clientIp, ipMatcher, iso, trustedSourceIpsOption } from "../src/behaviour/bursts.js";
import { isFailedSignIn, isSignInAttempt, type CognitoEvent } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, notEvaluated, pass } from "../src/engine/rule.js";

/** Distinct source IPs and users a bucket keeps apart: enough to test the options (at most this). */
const DISTINCT_CAP = 100;
/** Buckets listed in the evidence. */
const EVIDENCE_BUCKETS = 10;
/** A baseline needs this many buckets of the pool's activity at least. */
const MIN_BASELINE_BUCKETS = 8;

/** A failed sign-in, an unknown user name on a sign-in call included (a sprayed list holds both). */
const isSprayFailure = (e: CognitoEvent) => isFailedSignIn(e) || (isSignInAttempt(e) && e.errorCode === "UserNotFoundException");

interface Bucket {
  failures: number;
  withoutSub: number;
  ips: Set<string>;
  subs: Set<string>;
}

interface PoolState {
  /** Bucket index of the pool's first and last event of any kind: the span of the baseline. */
  firstBucket: number;
  lastBucket: number;
  buckets: Map<number, Bucket>;
}

const addCapped = (set: Set<string>, value: string | undefined) => {
  if (value !== undefined && set.size < DISTINCT_CAP) set.add(value);
};

/** The median of `total` bucket counts of which only the non-zero ones are given. */
function median(nonZero: number[], total: number): number {
  const sorted = [...nonZero].sort((a, b) => a - b);
  const zeros = total - sorted.length;
  const at = (i: number) => (i < zeros ? 0 : sorted[i - zeros]!);
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

export default defineEventRule({
  id: "distributed-spraying",
  resourceType: "userPool",
  severity: "high",
  title: "Sign-ins are failing for many users from many addresses at once (distributed spraying)",
  rationale:
    "A spraying or credential-stuffing campaign run from a botnet or rotating proxies gives each address only a few attempts, under every per-IP and per-user threshold. What it cannot hide is the pool's failure rate: many users failing from many addresses in one short interval, far above the pool's own usual level. Every account with a common or leaked password is at risk.",
  remediation:
    "Turn on threat protection in ENFORCED mode with compromised-credential blocking and adaptive authentication (it scores each sign-in, whatever its address), require MFA, put a WAF web ACL with rate-based and bot-control rules on the pool, and check whether the targeted users signed in successfully during the interval.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior"],
  options: {
    bucketMinutes: integer({
      minimum: 1,
      maximum: 1440,
      default: 15,
      description: "Length of the fixed intervals (buckets) of event time whose failed sign-ins are counted, in minutes.",
    }),
    multiplier: integer({
      minimum: 2,
      default: 5,
      description: "A bucket is anomalous when its failed sign-ins exceed this many times the median bucket of the pool's activity.",
    }),
    minFailures: integer({
      minimum: 2,
      default: 50,
      description: "Failed sign-ins a bucket must hold at least to be anomalous (the floor that keeps quiet pools quiet).",
    }),
    minSourceIps: integer({
      minimum: 2,
      maximum: DISTINCT_CAP,
      default: 10,
      description: "Distinct source IPs the failures of an anomalous bucket come from at least.",
    }),
    minUsers: integer({
      minimum: 2,
      maximum: DISTINCT_CAP,
      default: 10,
      description: "Distinct users (subs) an anomalous bucket's failures are for at least, unless most of its failures name no user.",
    }),
    trustedSourceIps: trustedSourceIpsOption("failed sign-ins"),
  },
  messages: {
    spraying:
      "{{anomalous}} interval(s) of {{bucketMinutes}} minutes had at least {{minFailures}} failed sign-ins and over {{multiplier}} times the pool's median of {{median}}: at most {{peak}} failures from {{peakIps}} source IP(s), between {{first}} and {{last}}.",
  },
  events: {
    analyse({ bucketMinutes, multiplier, minFailures, minSourceIps, minUsers, trustedSourceIps }) {
      const bucketMs = bucketMinutes * 60_000;
      const pools = new Map<string, PoolState>();
      const trusted = ipMatcher(trustedSourceIps);
      const fromTrusted = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn) return;
          const index = Math.floor(event.time / bucketMs);
          let state = pools.get(event.poolArn);
          if (!state) pools.set(event.poolArn, (state = { firstBucket: index, lastBucket: index, buckets: new Map() }));
          if (index < state.firstBucket) state.firstBucket = index;
          if (index > state.lastBucket) state.lastBucket = index;
          if (!isSprayFailure(event)) return;
          const ip = clientIp(event);
          if (ip !== undefined && trusted(ip)) {
            fromTrusted.add(event.poolArn);
            return;
          }
          let bucket = state.buckets.get(index);
          if (!bucket) state.buckets.set(index, (bucket = { failures: 0, withoutSub: 0, ips: new Set(), subs: new Set() }));
          bucket.failures++;
          if (event.sub === undefined) bucket.withoutSub++;
          addCapped(bucket.ips, ip);
          addCapped(bucket.subs, event.sub);
        },
        verdict({ pool }) {
          const trustedFailures = fromTrusted.get(pool.arn);
          const skipped = trustedFailures > 0 ? { failedSignInsFromTrustedIps: trustedFailures } : undefined;
          const state = pools.get(pool.arn);
          if (!state) return pass(skipped);
          // Many users (or, when most failures name no user, any), from many addresses, above the floor.
          const wide = [...state.buckets].filter(
            ([, b]) => b.failures >= minFailures && b.ips.size >= minSourceIps && (b.subs.size >= minUsers || 2 * b.withoutSub >= b.failures),
          );
          if (wide.length === 0) return pass(skipped);
          const total = state.lastBucket - state.firstBucket + 1;
          if (total < MIN_BASELINE_BUCKETS)
            return notEvaluated(
              `the pool's CloudTrail events span ${total} interval(s) of ${bucketMinutes} minutes, fewer than the ${MIN_BASELINE_BUCKETS} a baseline needs, and one of them holds ${wide[0]![1].failures} failed sign-ins from ${wide[0]![1].ips.size} source IPs`,
            );
          const baseline = median(
            [...state.buckets.values()].map((b) => b.failures),
            total,
          );
          const anomalous = wide.filter(([, b]) => b.failures > multiplier * baseline).sort((a, b) => b[1].failures - a[1].failures || a[0] - b[0]);
          if (anomalous.length === 0) return pass({ baselineMedian: baseline, baselineBuckets: total, ...skipped });
          const starts = anomalous.map(([i]) => i);
          const first = Math.min(...starts) * bucketMs;
          const last = (Math.max(...starts) + 1) * bucketMs - 1;
          const peak = anomalous[0]![1];
          return fail({
            messageId: "spraying",
            data: { anomalous: anomalous.length, bucketMinutes, minFailures, multiplier, median: baseline, peak: peak.failures, peakIps: peak.ips.size, first: iso(first), last: iso(last) },
            evidence: {
              anomalousBuckets: anomalous.length,
              failedSignIns: anomalous.reduce((n, [, b]) => n + b.failures, 0),
              buckets: anomalous.slice(0, EVIDENCE_BUCKETS).map(([i, b]) => ({
                start: iso(i * bucketMs),
                failedSignIns: b.failures,
                distinctSourceIps: b.ips.size,
                distinctUsers: b.subs.size,
                failedSignInsWithoutSub: b.withoutSub,
              })),
              baselineMedian: baseline,
              baselineBuckets: total,
              firstEvent: iso(first),
              lastEvent: iso(last),
              bucketMinutes,
              multiplier,
              minFailures,
              ...skipped,
            },
          });
        },
      };
    },
  },
});
