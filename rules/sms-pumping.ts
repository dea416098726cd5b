import { CONFIRMING, SMS_SENDING, type CognitoEvent } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, number, pass } from "../src/engine/rule.js";
import { Tally } from "../src/behaviour/tally.js";

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
/** Events may arrive this late (or a window late, if longer) and still be placed in their window. */
const MIN_REORDER_MS = 15 * MINUTE_MS;
/** Evidence lists at most this many source IPs and subs. */
const LISTED = 10;
/** Source IPs (and subs) counted per second of events, and over the flagged period; the rest are only counted. */
const IPS_PER_BUCKET = LISTED;
const IPS_TRACKED = 1000;

const iso = (ms: number) => new Date(ms).toISOString();
const round = (x: number) => Math.round(x * 1000) / 1000;
/** A code was sent (or used): the call did not fail. Managed login pages report failure by HTTP status. */
const succeeded = (e: CognitoEvent) => e.errorCode === undefined && (e.status === undefined || e.status < 400);


/** One second of a pool's code traffic. */
interface Bucket {
  key: number;
  sends: number;
  confirms: number;
  first: number;
  last: number;
  /** Source IPs of the sends. */
  ips: Tally;
  /** Subs of the users the sends concern (SignUp responses). */
  subs: Tally;
  /** Part of some window that met the condition. */
  flagged: boolean;
}

interface Window {
  sends: number;
  confirms: number;
  start: number;
  end: number;
}

/**
 * The sliding window of one pool. Events are counted per second in a reorder buffer; seconds that
 * are more than the reorder tolerance behind the pool's latest event are handed, in time order, to
 * the window, which keeps only the seconds of the last `windowMinutes`. Memory per pool is bounded
 * by the number of seconds in the buffer and the window, whatever the number of events.
 */
class PoolWindow {
  private readonly pending = new Map<number, Bucket>();
  private oldestPending = Infinity;
  private latestKey = -Infinity;
  /** Seconds before this were handed to the window; events for them come too late. */
  private finalizedBefore = -Infinity;
  private readonly queue: Bucket[] = [];
  private head = 0;
  private sends = 0;
  private confirms = 0;
  private finished = false;

  totalSends = 0;
  totalConfirms = 0;
  /** Events that arrived after their second had left the reorder buffer (not in any window). */
  late = 0;
  /** The flagged window with the most sends. */
  peak?: Window;
  /** Every second that lies in some flagged window. */
  readonly flagged = { sends: 0, confirms: 0, first: Infinity, last: -Infinity, ips: new Tally(IPS_TRACKED), subs: new Tally(IPS_TRACKED) };

  constructor(
    private readonly windowKeys: number,
    private readonly reorderKeys: number,
    private readonly threshold: number,
    private readonly minConfirmRatio: number,
  ) {}

  add(event: CognitoEvent, send: boolean): void {
    if (send) this.totalSends++;
    else this.totalConfirms++;
    const key = Math.floor(event.time / SECOND_MS);
    if (key < this.finalizedBefore) {
      this.late++;
      return;
    }
    let bucket = this.pending.get(key);
    if (!bucket) {
      bucket = { key, sends: 0, confirms: 0, first: event.time, last: event.time, ips: new Tally(IPS_PER_BUCKET), subs: new Tally(LISTED), flagged: false };
      this.pending.set(key, bucket);
      if (key < this.oldestPending) this.oldestPending = key;
    }
    bucket.first = Math.min(bucket.first, event.time);
    bucket.last = Math.max(bucket.last, event.time);
    if (send) {
      bucket.sends++;
      bucket.ips.add(event.sourceIp ?? "unknown");
      if (event.sub) bucket.subs.add(event.sub);
    } else {
      bucket.confirms++;
    }
    if (key > this.latestKey) {
      this.latestKey = key;
      // Hand over in batches, so that each second is sorted once.
      if (this.latestKey - this.oldestPending > 2 * this.reorderKeys) this.finalize(this.latestKey - this.reorderKeys);
    }
  }

  /** Judges every remaining window; called once, after the last event. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.finalize(Infinity);
    while (this.head < this.queue.length) {
      this.evaluate();
      this.pop();
    }
  }

  private finalize(before: number): void {
    const keys = [...this.pending.keys()].filter((k) => k < before).sort((a, b) => a - b);
    for (const key of keys) {
      this.push(this.pending.get(key)!);
      this.pending.delete(key);
    }
    this.finalizedBefore = before;
    this.oldestPending = Infinity;
    for (const key of this.pending.keys()) if (key < this.oldestPending) this.oldestPending = key;
  }

  /**
   * Adds the next second. Before older seconds leave, the window starting at each of them is judged;
   * after, the window ending at the new second: so both a burst followed by confirmations and one
   * preceded by them are seen without their confirmations.
   */
  private push(bucket: Bucket): void {
    while (this.head < this.queue.length && this.queue[this.head]!.key < bucket.key - this.windowKeys) {
      this.evaluate();
      this.pop();
    }
    this.queue.push(bucket);
    this.sends += bucket.sends;
    this.confirms += bucket.confirms;
    this.evaluate();
  }

  private pop(): void {
    const bucket = this.queue[this.head++]!;
    this.sends -= bucket.sends;
    this.confirms -= bucket.confirms;
    if (bucket.flagged) {
      const f = this.flagged;
      f.sends += bucket.sends;
      f.confirms += bucket.confirms;
      f.first = Math.min(f.first, bucket.first);
      f.last = Math.max(f.last, bucket.last);
      f.ips.merge(bucket.ips);
      f.subs.merge(bucket.subs);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Judges the window held now (every second in the queue). */
  private evaluate(): void {
    if (this.sends < this.threshold || this.confirms >= this.minConfirmRatio * this.sends) return;
    // Seconds flagged earlier form a prefix of the queue: mark from the newest back to them.
    for (let i = this.queue.length - 1; i >= this.head && !this.queue[i]!.flagged; i--) this.queue[i]!.flagged = true;
    const peak = this.peak;
    if (!peak || this.sends > peak.sends || (this.sends === peak.sends && this.confirms < peak.confirms)) {
      this.peak = { sends: this.sends, confirms: this.confirms, start: this.queue[this.head]!.first, end: this.queue[this.queue.length - 1]!.last };
    }
  }
}

export default defineEventRule({
  id: "sms-pumping",
  resourceType: "userPool",
  severity: "high",
  title: "Codes are being sent in bulk and rarely confirmed (SMS pumping)",
  rationale:
    "SMS pumping (toll fraud) abuses public sign-up, resend-code and forgot-password forms to make the pool text premium-rate numbers the attacker is paid for. Each message is billed to the account; an attack runs up thousands of dollars in hours and can exhaust the account's SMS spend limit, so real users stop receiving their codes. The tell-tale sign is many codes sent and almost none used.",
  remediation:
    "Block the traffic (a WAF rate-based rule and geo restriction on the sign-up and code endpoints, CAPTCHA), restrict SMS destinations to the countries you serve, lower the SNS spend limit, and delete the fake unconfirmed users.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-sms-settings.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html"],
  options: {
    threshold: integer({
      minimum: 1,
      default: 50,
      description: "Successful code-sending requests (SignUp, ResendConfirmationCode, ForgotPassword and their managed login pages) in one window that make a finding, when few are confirmed.",
    }),
    windowMinutes: integer({ minimum: 1, default: 60, description: "Length of the sliding window over event time, in minutes." }),
    minConfirmRatio: number({
      minimum: 0,
      maximum: 1,
      default: 0.2,
      description: "Successful confirmations (ConfirmSignUp, ConfirmForgotPassword and their managed login pages) per code sent in the same window below which the sends are suspicious.",
    }),
  },
  messages: {
    pumping:
      "{{sends}} codes were sent within {{windowMinutes}} minutes ({{start}} to {{end}}) and only {{confirms}} were used (confirmation ratio {{ratio}}, below {{minConfirmRatio}}): SMS pumping or scripted fake sign-ups.",
  },
  events: {
    analyse({ threshold, windowMinutes, minConfirmRatio }) {
      const windowMs = windowMinutes * MINUTE_MS;
      const windowKeys = Math.ceil(windowMs / SECOND_MS);
      const reorderKeys = Math.ceil(Math.max(windowMs, MIN_REORDER_MS) / SECOND_MS);
      const pools = new Map<string, PoolWindow>();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn) return;
          const send = SMS_SENDING.has(event.name);
          if (!send && !CONFIRMING.has(event.name)) return;
          if (!succeeded(event)) return;
          let pool = pools.get(event.poolArn);
          if (!pool) pools.set(event.poolArn, (pool = new PoolWindow(windowKeys, reorderKeys, threshold, minConfirmRatio)));
          pool.add(event, send);
        },
        verdict({ pool: target }) {
          const pool = pools.get(target.arn);
          if (!pool) return pass();
          pool.finish();
          const totals = { totalSends: pool.totalSends, totalConfirmations: pool.totalConfirms, ...(pool.late > 0 ? { lateEvents: pool.late } : {}) };
          const peak = pool.peak;
          if (!peak) return pass(totals);
          const f = pool.flagged;
          const ratio = round(peak.confirms / peak.sends);
          const ips = f.ips.top(LISTED);
          const subs = f.subs.top(LISTED);
          const otherIps = f.sends - ips.reduce((n, [, count]) => n + count, 0);
          return fail({
            messageId: "pumping",
            data: { sends: peak.sends, confirms: peak.confirms, windowMinutes, start: iso(peak.start), end: iso(peak.end), ratio, minConfirmRatio },
            evidence: {
              sends: f.sends,
              confirmations: f.confirms,
              confirmRatio: round(f.confirms / f.sends),
              firstEvent: iso(f.first),
              lastEvent: iso(f.last),
              peakWindow: { start: iso(peak.start), end: iso(peak.end), sends: peak.sends, confirmations: peak.confirms, confirmRatio: ratio },
              sourceIps: ips.map(([ip, count]) => ({ ip, count })),
              ...(otherIps > 0 ? { sendsFromOtherIps: otherIps } : {}),
              ...(subs.length > 0 ? { subs: subs.map(([sub, count]) => ({ sub, count })) } : {}),
              threshold,
              windowMinutes,
              minConfirmRatio,
              ...totals,
            },
          });
        },
      };
    },
  },
});
