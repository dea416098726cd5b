// Progress on stderr while collecting: a scan that waits on AWS says so instead of going silent.
import type { RateLimits } from "../aws/rateLimit.js";
import type { CollectTally, RegionFinished } from "../collect/index.js";
import { terminalSafe } from "../util/terminal.js";
import { tell, type CommandIo } from "./io.js";

/** A non-terminal stderr (a CI log) gets a plain line at least this often. */
export const PROGRESS_INTERVAL_MS = 8_000;

export interface Progress {
  /** How far the collection is; with the (account, region) pair that has just finished, if one has. */
  update(tally: Readonly<CollectTally>, finished?: RegionFinished): void;
  /** Clears the terminal line, stops the timer. */
  stop(): void;
}

/** What the progress line needs of the scan's scheduler: its call counts and the pace its quotas allow. */
export type ProgressLimits = Pick<RateLimits, "stats" | "pace">;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function duration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/**
 * The time left by the quota model: the pools still to describe, at the calls a finished pool took on
 * average, at the rate the quota categories with requests waiting grant. Undefined without a base for
 * it: some region's pools not listed yet (the total is unknown), no pool done, or nothing paced.
 */
export function estimateMs(tally: Readonly<CollectTally>, limits: ProgressLimits): number | undefined {
  const pace = limits.pace();
  if (tally.pairs === 0 || tally.pairsListed < tally.pairs || tally.poolsDone === 0 || pace <= 0) return undefined;
  const remainingCalls = (tally.pools - tally.poolsDone) * (limits.stats.calls / tally.poolsDone);
  return (remainingCalls / pace) * 1000;
}

/** The live summary: "accounts 1/2 · regions 3/17 · pools 40/120 · 1234 calls · 3 throttled · ETA 2m10s". */
export function progressLine(tally: Readonly<CollectTally>, limits: ProgressLimits): string {
  const eta = estimateMs(tally, limits);
  return [
    `accounts ${tally.accountsDone}/${tally.accounts}`,
    `regions ${tally.pairsDone}/${tally.pairs}`,
    `pools ${tally.poolsDone}/${tally.pools}`,
    `${limits.stats.calls} calls`,
    `${limits.stats.throttles} throttled`,
    ...(eta !== undefined ? [`ETA ${duration(eta)}`] : []),
  ].join(" · ");
}

/** "eu-west-1 (123456789012): 12 pools, 140 calls, 3 throttled, 4.2 s". */
export const regionLine = (r: RegionFinished) =>
  `${r.region}${r.accountId ? ` (${r.accountId})` : ""}: ${r.pools} pools, ${r.calls} calls, ${r.throttles} throttled, ${seconds(r.ms)}`;

/** Cut to fit a terminal line of `columns` (one column kept free, so that the cursor never wraps). */
function fit(text: string, columns: number | undefined): string {
  const chars = Array.from(text);
  if (!columns || columns < 2 || chars.length < columns) return text;
  return `${chars.slice(0, columns - 2).join("")}…`;
}

/**
 * A terminal keeps one line, rewritten in place on each update and cut to its width; a log gets a line
 * per region finished and a summary line per interval (the timer never keeps the process alive).
 * Undefined with --quiet.
 */
export function startProgress(io: CommandIo, quiet: boolean, limits: ProgressLimits, intervalMs = PROGRESS_INTERVAL_MS): Progress | undefined {
  if (quiet) return undefined;
  if (io.stderr.isTTY) {
    return {
      update: (tally) => {
        io.stderr.write(`\r\u001b[2K${fit(terminalSafe(progressLine(tally, limits)), io.stderr.columns)}`);
      },
      stop: () => io.stderr.write("\r\u001b[2K"),
    };
  }
  let current: Readonly<CollectTally> | undefined;
  const timer = setInterval(() => {
    if (current) tell(io, `collecting: ${progressLine(current, limits)}`);
  }, intervalMs);
  timer.unref();
  return {
    update: (tally, finished) => {
      current = tally;
      if (finished) tell(io, regionLine(finished));
    },
    stop: () => clearInterval(timer),
  };
}
