// Progress on stderr while collecting: a scan that waits on AWS says so instead of going silent.
import type { CallStats } from "../aws/rateLimit.js";
import { terminalSafe } from "../util/terminal.js";
import { tell, type CommandIo } from "./io.js";

/** A non-terminal stderr (a CI log) gets a plain line at least this often. */
export const PROGRESS_INTERVAL_MS = 8_000;

export interface Progress {
  /** What is being collected now, e.g. "eu-west-1: 3/10 user pools". */
  update(line: string): void;
  /** Clears the terminal line, stops the timer. */
  stop(): void;
}

const counts = (stats: CallStats) => `${stats.calls} call(s), ${stats.throttles} throttled`;

/**
 * A terminal keeps one line, rewritten in place on each update; a log gets a line per interval (the timer
 * never keeps the process alive). Undefined with --quiet.
 */
export function startProgress(io: CommandIo, quiet: boolean, stats: CallStats, intervalMs = PROGRESS_INTERVAL_MS): Progress | undefined {
  if (quiet) return undefined;
  let current = "starting";
  if (io.stderr.isTTY) {
    return {
      update: (line) => {
        current = line;
        io.stderr.write(`\r\u001b[2K${terminalSafe(current)} · ${counts(stats)}`);
      },
      stop: () => io.stderr.write("\r\u001b[2K"),
    };
  }
  const timer = setInterval(() => tell(io, `collecting: ${current}; ${counts(stats)}`), intervalMs);
  timer.unref();
  return {
    update: (line) => {
      current = line;
    },
    stop: () => clearInterval(timer),
  };
}
