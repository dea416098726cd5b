// Which CloudTrail events a scan analyses: pulled with LookupEvents (into the snapshot), read from
// log files, taken from a saved snapshot, or none.
import { DEFAULT_MAX_LOG_FILE_BYTES, dropDuplicates, logFileRecords, type CloudTrailRecord } from "../cloudtrail/sources.js";
import type { EventWindow } from "../cloudtrail/collect.js";
import { InputError } from "../errors.js";
import type { Snapshot } from "../snapshot/types.js";
import type { ScanEvents } from "../pipeline.js";

export interface EventOptions {
  /** "lookup", "none", or a path to CloudTrail log files. */
  cloudtrail?: string;
  /** A duration such as 7d, 36h, 90m, 2w. */
  since?: string;
  maxEvents?: number;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** LookupEvents keeps 90 days of management events. */
const LOOKUP_HISTORY_DAYS = 90;

export function parseDuration(text: string): number {
  const match = /^(\d+)\s*([mhdw])$/.exec(text.trim());
  if (!match || Number(match[1]) <= 0) throw new InputError(`--since ${JSON.stringify(text)}: expected a duration such as 90m, 36h, 7d or 2w.`);
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** The mode for this scan: --cloudtrail, else "snapshot" when scanning one, else "lookup". */
export function eventMode(options: EventOptions & { snapshot?: string }): "lookup" | "none" | "snapshot" | { path: string } {
  const value = options.cloudtrail;
  if (value === undefined) return options.snapshot ? "snapshot" : "lookup";
  if (value === "none") return "none";
  if (value === "lookup") {
    if (options.snapshot) throw new InputError("--cloudtrail lookup calls AWS and cannot be combined with --snapshot; the snapshot's own events (if it was collected with them) are used by default.");
    return "lookup";
  }
  return { path: value };
}

/** Checks --since (whatever --cloudtrail is) and the LookupEvents window before any work is done. */
export function checkEventOptions(options: EventOptions & { snapshot?: string }, now: Date): void {
  if (options.since !== undefined) parseDuration(options.since);
  if (eventMode(options) === "lookup") lookupWindow(options, now);
}

/** The LookupEvents window for collection, or undefined when events are not pulled. */
export function lookupWindow(options: EventOptions, now: Date): EventWindow | undefined {
  if ((options.cloudtrail ?? "lookup") !== "lookup") return undefined;
  const since = parseDuration(options.since ?? "7d");
  if (since > LOOKUP_HISTORY_DAYS * UNITS.d!) throw new InputError(`--since ${options.since}: LookupEvents keeps only ${LOOKUP_HISTORY_DAYS} days; for longer, analyse the trail's log files with --cloudtrail PATH.`);
  const maxEvents = options.maxEvents ?? 20_000;
  if (!Number.isInteger(maxEvents) || maxEvents < 1) throw new InputError(`--max-events: expected a positive whole number, got ${options.maxEvents}.`);
  return { start: new Date(now.getTime() - since), end: now, maxEvents };
}


async function* fromArrays(lists: Record<string, unknown>[][]): AsyncGenerator<CloudTrailRecord> {
  for (const list of lists) yield* list as CloudTrailRecord[];
}

/** Internal: a lower cap on one log file's JSON (tests use it to stop a gzip bomb cheaply). */
const MAX_FILE_BYTES_ENV = "COGNITO_AUDIT_MAX_LOG_FILE_BYTES";

function maxLogFileBytes(env: NodeJS.ProcessEnv): number {
  const value = env[MAX_FILE_BYTES_ENV];
  if (value === undefined || value === "") return DEFAULT_MAX_LOG_FILE_BYTES;
  const bytes = Number(value);
  if (!/^\d+$/.test(value.trim()) || bytes < 1) throw new InputError(`${MAX_FILE_BYTES_ENV}=${JSON.stringify(value)}: expected a positive whole number of bytes.`);
  return bytes;
}

/** The events to analyse for this scan, or why there are none. */
export function eventInput(options: EventOptions & { snapshot?: string }, snapshot: Snapshot, now: Date, env: NodeJS.ProcessEnv = {}): ScanEvents {
  const mode = eventMode(options);
  if (mode === "none") return { kind: "off", reason: "CloudTrail analysis was switched off (--cloudtrail none)" };
  if (typeof mode === "object") {
    const start = options.since ? new Date(now.getTime() - parseDuration(options.since)) : new Date(0);
    // Filled once the files are read, which is before the report is built.
    const notes: string[] = [];
    const records = logFileRecords(mode.path, {
      maxFileBytes: maxLogFileBytes(env),
      onSkipped: (summary) => notes.push(`CloudTrail files under ${mode.path} not read: ${summary}.`),
    });
    return { kind: "records", records: dropDuplicates(records), source: `files (${mode.path})`, start, end: now, notes };
  }
  // Live scans pulled their events into the snapshot, exactly as `collect` stores them.
  const regions = snapshot.accounts.flatMap((a) => a.regions);
  const pulled = regions.filter((r) => r.cloudTrailEvents);
  if (pulled.length === 0) {
    const denied = regions.flatMap((r) => r.errors).find((e) => e.operation === "LookupEvents");
    if (denied) return { kind: "unavailable", reason: `LookupEvents failed with ${denied.code}${denied.message ? `: ${denied.message}` : ""}` };
    // Collected without events (--cloudtrail none, or assembled by hand): nothing to judge, nothing missing.
    return { kind: "off", reason: "the snapshot holds no CloudTrail events (collect it with --cloudtrail lookup, or pass --cloudtrail PATH)" };
  }
  const notes = [
    ...regions.filter((r) => !r.cloudTrailEvents).map((r) => `No CloudTrail events for ${r.region}: LookupEvents did not answer there.`),
    ...pulled.filter((r) => r.cloudTrailEvents!.truncated).map((r) => `CloudTrail events of ${r.region} stop at --max-events: the oldest part of the window is missing.`),
  ];
  const start = new Date(Math.min(...pulled.map((r) => Date.parse(r.cloudTrailEvents!.start))));
  const end = new Date(Math.max(...pulled.map((r) => Date.parse(r.cloudTrailEvents!.end))));
  return { kind: "records", records: fromArrays(pulled.map((r) => r.cloudTrailEvents!.events)), source: mode === "lookup" ? "lookup" : "snapshot", start, end, notes };
}
