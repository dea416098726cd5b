import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CollectTally } from "../../src/collect/index.js";
import type { CommandIo } from "../../src/commands/io.js";
import { estimateMs, PROGRESS_INTERVAL_MS, startProgress, type ProgressLimits } from "../../src/commands/progress.js";

const ioWith = (isTTY: boolean, columns?: number) => {
  const lines: string[] = [];
  const stderr = { write: (s: string) => lines.push(s), isTTY, ...(columns ? { columns } : {}) };
  const io: CommandIo = { stdout: { write: () => true }, stderr, env: {}, cwd: "/", now: () => new Date() };
  return { io, lines };
};

const tally = (t: Partial<CollectTally> = {}): CollectTally => ({ accounts: 1, accountsDone: 0, pairs: 1, pairsDone: 0, pairsListed: 0, pools: 0, poolsDone: 0, ...t });
const limitsWith = (calls: number, throttles: number, pace = 0): ProgressLimits & { rps: number } => {
  const limits = { stats: { calls, throttles }, rps: pace, pace: () => limits.rps };
  return limits;
};

describe("progress while collecting", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("prints a line per region finished to a log, and a summary line at least every 10 s until stopped", () => {
    expect(PROGRESS_INTERVAL_MS).toBeLessThanOrEqual(10_000);
    const { io, lines } = ioWith(false);
    const limits = limitsWith(0, 0);
    const progress = startProgress(io, false, limits)!;
    progress.update(tally({ accounts: 2, pairs: 3, pairsListed: 1, pools: 10, poolsDone: 3 }));
    expect(lines).toEqual([]);
    Object.assign(limits.stats, { calls: 57, throttles: 2 });
    vi.advanceTimersByTime(10_000);
    expect(lines).toEqual(["cognito-audit: collecting: accounts 0/2 · regions 0/3 · pools 3/10 · 57 calls · 2 throttled\n"]);
    progress.update(tally({ accounts: 2, pairs: 3, pairsDone: 1, pairsListed: 1, pools: 12, poolsDone: 12 }), {
      accountId: "123456789012",
      region: "eu-west-1",
      pools: 12,
      calls: 140,
      throttles: 3,
      ms: 4_200,
    });
    expect(lines.at(-1)).toBe("cognito-audit: eu-west-1 (123456789012): 12 pools, 140 calls, 3 throttled, 4.2 s\n");
    progress.update(tally({ pairs: 3, pairsDone: 2 }), { region: "us-east-1\u001b[2J", pools: 0, calls: 1, throttles: 0, ms: 40 });
    expect(lines.at(-1)).toMatch(/^cognito-audit: us-east-1.*: 0 pools, 1 calls, 0 throttled, 0\.0 s\n$/);
    expect(lines.at(-1)).not.toContain("\u001b");
    vi.advanceTimersByTime(10_000);
    expect(lines.at(-1)).toMatch(/^cognito-audit: collecting: accounts 0\/1 · regions 2\/3 ·/);
    const printed = lines.length;
    progress.stop();
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(printed);
  });

  it("rewrites one line on a terminal, cut to its width, clears it at the end, and says nothing with --quiet", () => {
    const { io, lines } = ioWith(true, 60);
    const limits = limitsWith(1234, 3);
    const progress = startProgress(io, false, limits)!;
    progress.update(tally({ accounts: 2, accountsDone: 1, pairs: 17, pairsDone: 3, pairsListed: 4, pools: 120, poolsDone: 40 }));
    const line = lines.at(-1)!;
    expect(line.startsWith("\r\u001b[2K")).toBe(true);
    const shown = line.slice("\r\u001b[2K".length);
    expect(Array.from(shown).length).toBeLessThan(60);
    expect(shown).toBe("accounts 1/2 · regions 3/17 · pools 40/120 · 1234 calls · …");
    // A region line on a terminal is not printed: the live line says it all.
    progress.update(tally({ pairs: 1, pairsDone: 1, pairsListed: 1 }), { region: "eu-west-1", pools: 0, calls: 1, throttles: 0, ms: 5 });
    expect(lines.at(-1)).toBe("\r\u001b[2Kaccounts 0/1 · regions 1/1 · pools 0/0 · 1234 calls · 3 th…");
    progress.stop();
    expect(lines.at(-1)).toBe("\r\u001b[2K");
    expect(startProgress(ioWith(false).io, true, limits)).toBeUndefined();
    expect(startProgress(ioWith(true, 60).io, true, limits)).toBeUndefined();
  });

  it("a wide terminal shows the whole line, with an ETA once the quota model has a base for one", () => {
    const { io, lines } = ioWith(true, 200);
    const limits = limitsWith(200, 0, 20);
    const progress = startProgress(io, false, limits)!;
    progress.update(tally({ pairs: 2, pairsListed: 2, pools: 30, poolsDone: 10 }));
    // 20 pools to go at 20 calls per pool, 20 calls per second: 20 s.
    expect(lines.at(-1)).toBe("\r\u001b[2Kaccounts 0/1 · regions 0/2 · pools 10/30 · 200 calls · 0 throttled · ETA 20s");
  });

  it("estimates only with a base: every region listed, a pool done, and a quota pace", () => {
    const base = tally({ pairs: 2, pairsListed: 2, pools: 100, poolsDone: 10 });
    expect(estimateMs(base, limitsWith(150, 0, 15))).toBe(90 * 1000);
    expect(estimateMs({ ...base, pairsListed: 1 }, limitsWith(150, 0, 15))).toBeUndefined();
    expect(estimateMs({ ...base, poolsDone: 0 }, limitsWith(150, 0, 15))).toBeUndefined();
    expect(estimateMs(base, limitsWith(150, 0, 0))).toBeUndefined();
    expect(estimateMs(tally({ pairs: 0 }), limitsWith(0, 0, 15))).toBeUndefined();
  });
});
