import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CommandIo } from "../../src/commands/io.js";
import { PROGRESS_INTERVAL_MS, startProgress } from "../../src/commands/progress.js";

const ioWith = (isTTY: boolean) => {
  const lines: string[] = [];
  const io: CommandIo = { stdout: { write: () => true }, stderr: { write: (s: string) => lines.push(s), isTTY }, env: {}, cwd: "/", now: () => new Date() };
  return { io, lines };
};

describe("progress while collecting", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("prints a plain line to a log at least every 10 s, with the region, pools and call counts, until stopped", () => {
    expect(PROGRESS_INTERVAL_MS).toBeLessThanOrEqual(10_000);
    const { io, lines } = ioWith(false);
    const stats = { calls: 0, throttles: 0 };
    const progress = startProgress(io, false, stats)!;
    progress.update("eu-west-1: 3/10 user pools");
    expect(lines).toEqual([]);
    Object.assign(stats, { calls: 57, throttles: 2 });
    vi.advanceTimersByTime(10_000);
    expect(lines).toEqual(["cognito-audit: collecting: eu-west-1: 3/10 user pools; 57 call(s), 2 throttled\n"]);
    progress.update("us-east-1: 0/4 user pools");
    vi.advanceTimersByTime(10_000);
    expect(lines.at(-1)).toMatch(/^cognito-audit: collecting: us-east-1: 0\/4 user pools;/);
    const printed = lines.length;
    progress.stop();
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(printed);
  });

  it("rewrites one line on a terminal, and says nothing with --quiet", () => {
    const { io, lines } = ioWith(true);
    const progress = startProgress(io, false, { calls: 3, throttles: 0 })!;
    progress.update("eu-west-1: listing user pools");
    expect(lines).toEqual(["\r\u001b[2Keu-west-1: listing user pools · 3 call(s), 0 throttled"]);
    progress.stop();
    expect(lines.at(-1)).toBe("\r\u001b[2K");
    expect(startProgress(ioWith(false).io, true, { calls: 0, throttles: 0 })).toBeUndefined();
  });
});
