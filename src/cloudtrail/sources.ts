// Where CloudTrail records come from: log files as CloudTrail delivers them to S3, or records
// (LookupEvents in cloudtrail/collect.ts, which alone needs the AWS SDK). Every source is an async
// iterable, so that no source holds the whole set in memory.
import type { Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { InputError } from "../errors.js";
import { terminalSafe } from "../util/terminal.js";
import { DEFAULT_MAX_LOG_FILE_BYTES } from "./logFile.js";
import { defaultReaders, readLogFiles } from "./logFileReaders.js";
import { normaliseRecord, type CloudTrailRecord, type CognitoEvent } from "./normalise.js";

export type { CloudTrailRecord } from "./normalise.js";

/** Cognito events as the analysis takes them: a batch at a time (a log file's, or a few hundred records'). */
export type EventBatches = AsyncIterable<readonly CognitoEvent[]>;


export const LOG_FILE = /\.json(\.gz)?$/i;
/** Digest files (AWSLogs/<account>/CloudTrail-Digest/…/…_CloudTrail-Digest_….json.gz) hold hashes of log files, not records. */
const DIGEST_DIRECTORY = /^CloudTrail-Digest$/i;
const DIGEST_FILE = /_CloudTrail-Digest_/i;

export interface LogFileOptions {
  /** The most bytes of JSON one file may hold, inflated (default DEFAULT_MAX_LOG_FILE_BYTES). */
  maxFileBytes?: number;
  /** Reader threads (default defaultReaders(): one on two cores or fewer, else one per core beyond the first, at most 4; 0 reads on the calling thread). */
  readers?: number;
  /** Readers only read and inflate; the calling thread parses (default defaultReaders(): on two cores or fewer). */
  inflateOnly?: boolean;
  /** Counted as files are read: files, and the records they held (every service's). */
  stats?: { files: number; records: number };
  /** Told what the walk passed over, once it is complete and something was (for a report note). */
  onSkipped?: (summary: string) => void;
}

/**
 * What a walk of a log file tree passed over. Symbolic links are followed (a synced bucket may link
 * to another disk); a directory already read is not read again, so a link cycle ends there.
 */
export interface SkippedFiles {
  digests: number;
  /** Files not named .json or .json.gz, with the first few names as examples. */
  otherNames: number;
  examples: string[];
  brokenLinks: number;
  /** Links (or mounts) to a directory already read: a cycle, or a second way to the same files. */
  repeatedDirectories: number;
  /** FIFOs, sockets and devices: never opened (reading a FIFO would block). */
  special: number;
}

const emptySkipped = (): SkippedFiles => ({ digests: 0, otherNames: 0, examples: [], brokenLinks: 0, repeatedDirectories: 0, special: 0 });
const MAX_EXAMPLES = 3;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A name from the file system, safe to print (it may carry terminal escapes). */
const shown = (name: string) => JSON.stringify(terminalSafe(name));

/** The skipped files in words, e.g. `3 CloudTrail digest files, 1 broken symbolic link`; "" when none. */
export function describeSkipped(s: SkippedFiles): string {
  const parts = [
    s.digests > 0 ? plural(s.digests, "CloudTrail digest file") : "",
    s.otherNames > 0 ? `${plural(s.otherNames, "file")} not named .json or .json.gz (${s.examples.map(shown).join(", ")}${s.otherNames > s.examples.length ? ", …" : ""})` : "",
    s.brokenLinks > 0 ? plural(s.brokenLinks, "broken symbolic link") : "",
    s.repeatedDirectories > 0 ? `${plural(s.repeatedDirectories, "link")} to a directory already read (a cycle or a second link)` : "",
    s.special > 0 ? plural(s.special, "special file (FIFO, socket or device)", "special files (FIFOs, sockets or devices)") : "",
  ];
  return parts.filter(Boolean).join(", ");
}

const errorText = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;
const identity = (info: Stats) => `${info.dev}:${info.ino}`;

/**
 * Every CloudTrail log file under `path` (a file or a directory tree), in name order. What is not
 * a log file is counted in `skipped`: digests, other names, broken links, repeated directories.
 */
export async function* logFiles(path: string, skipped: SkippedFiles = emptySkipped()): AsyncGenerator<string> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputError(`--cloudtrail ${path}: cannot be read (${errorText(error)}); expected a CloudTrail log file (.json or .json.gz) or a directory of them.`);
  }
  // A file named on the command line is read whatever its name, unless it is a digest.
  if (info.isFile()) {
    if (DIGEST_FILE.test(basename(path))) skipped.digests++;
    else yield path;
  } else if (info.isDirectory()) {
    yield* walk(path, info, false, new Set(), skipped);
  } else {
    throw new InputError(`--cloudtrail ${path}: is neither a file nor a directory; expected a CloudTrail log file (.json or .json.gz) or a directory of them.`);
  }
}

async function* walk(dir: string, info: Stats, inDigests: boolean, read: Set<string>, skipped: SkippedFiles): AsyncGenerator<string> {
  read.add(identity(info));
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    // Fail closed: a directory the scan cannot see may hold the very events that matter.
    throw new InputError(`--cloudtrail: the directory ${terminalSafe(dir)} cannot be read (${errorText(error)}); every directory under the path must be readable.`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = join(dir, entry.name);
    let target: Stats | undefined;
    if (entry.isSymbolicLink()) {
      target = await stat(child).catch(() => undefined);
      if (!target) {
        skipped.brokenLinks++;
        continue;
      }
    }
    if (target ? target.isDirectory() : entry.isDirectory()) {
      const childInfo = target ?? (await stat(child));
      if (read.has(identity(childInfo))) skipped.repeatedDirectories++;
      else yield* walk(child, childInfo, inDigests || DIGEST_DIRECTORY.test(entry.name), read, skipped);
    } else if (!(target ? target.isFile() : entry.isFile())) {
      skipped.special++;
    } else if (inDigests || DIGEST_FILE.test(entry.name)) {
      skipped.digests++;
    } else if (LOG_FILE.test(entry.name)) {
      yield child;
    } else {
      if (skipped.otherNames < MAX_EXAMPLES) skipped.examples.push(entry.name);
      skipped.otherNames++;
    }
  }
}

/**
 * The Cognito events of the CloudTrail log files under `path`, a batch per file in name order, read
 * ahead by reader threads. A path without a single log file is an input error: a scan that reads
 * nothing must not pass.
 */
export async function* logFileBatches(path: string, options: LogFileOptions = {}): AsyncGenerator<readonly CognitoEvent[]> {
  const skipped = emptySkipped();
  const stats = options.stats ?? { files: 0, records: 0 };
  const before = stats.files;
  const plan = defaultReaders();
  const files = readLogFiles(logFiles(path, skipped), options.maxFileBytes ?? DEFAULT_MAX_LOG_FILE_BYTES, options.readers ?? plan.readers, options.inflateOnly ?? plan.inflateOnly);
  for await (const file of files) {
    stats.files++;
    stats.records += file.records;
    yield file.events;
  }
  const summary = describeSkipped(skipped);
  if (stats.files === before) {
    throw new InputError(
      `--cloudtrail ${path}: no CloudTrail log files under ${path} (${summary ? `skipped ${summary}` : "nothing there at all"}); ` +
        "expected .json or .json.gz log files as CloudTrail delivers them to S3 (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/…), or --cloudtrail none to scan without events.",
    );
  }
  if (summary) options.onSkipped?.(summary);
}

/** Records (LookupEvents, a snapshot, Athena rows) as batches of their Cognito events. */
export async function* recordBatches(records: AsyncIterable<CloudTrailRecord> | Iterable<CloudTrailRecord>, size = 500): AsyncGenerator<readonly CognitoEvent[]> {
  let batch: CognitoEvent[] = [];
  for await (const record of records) {
    const event = normaliseRecord(record);
    if (!event) continue;
    batch.push(event);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

// A trail's bucket (--cloudtrail s3://bucket/prefix); read by s3.ts, parsed here so that checking
// the flag does not load the S3 SDK.

// S3's bucket naming rules (3–63 characters: lower-case letters, digits, dots, hyphens).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** A trail's bucket and key prefix (without a trailing slash; "" for none). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

/** `s3://bucket/prefix` as a location, or undefined when `text` is not an s3:// URL at all. */
export function parseS3Location(text: string): S3Location | undefined {
  if (!/^s3:\/\//i.test(text)) return undefined;
  const rest = text.slice("s3://".length);
  const slash = rest.indexOf("/");
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = (slash < 0 ? "" : rest.slice(slash + 1)).replace(/\/+$/, "");
  if (!BUCKET.test(bucket) || bucket.includes("..")) {
    throw new InputError(
      `--cloudtrail ${JSON.stringify(terminalSafe(text))}: ${JSON.stringify(terminalSafe(bucket))} is not an S3 bucket name; expected s3://BUCKET/PREFIX with the trail's bucket and key prefix (as DescribeTrails shows S3BucketName and S3KeyPrefix), for example s3://my-trail-bucket/cloudtrail.`,
    );
  }
  if (/(^|\/)\.\.?(\/|$)/.test(prefix) || prefix.startsWith("/") || prefix.includes("//") || prefix.length > 900) {
    throw new InputError(`--cloudtrail ${JSON.stringify(terminalSafe(text))}: the key prefix must be the trail's S3KeyPrefix (no empty, "." or ".." segments).`);
  }
  return { bucket, prefix };
}

/**
 * Drops events whose eventID was already seen. CloudTrail may deliver an event twice, close in
 * time; ids are remembered for `windowMs` of event time behind the latest event, so memory stays
 * bounded however many events there are.
 */
export async function* dropDuplicates(batches: EventBatches, windowMs = 24 * 3600_000): AsyncGenerator<readonly CognitoEvent[]> {
  const HOUR = 3600_000;
  const buckets = new Map<number, Set<string>>();
  let latest = -Infinity;
  // The bucket of the event before: most events of a file share its hour.
  let lastBucket = NaN;
  let ids: Set<string> | undefined;
  for await (const batch of batches) {
    const kept: CognitoEvent[] = [];
    for (const event of batch) {
      const { id, time } = event;
      if (id === undefined) {
        kept.push(event);
        continue;
      }
      const bucket = Math.floor(time / HOUR);
      // A re-delivered event carries the same eventTime, so it lands in the same bucket.
      if (bucket !== lastBucket) {
        lastBucket = bucket;
        ids = buckets.get(bucket);
        if (!ids) buckets.set(bucket, (ids = new Set()));
      }
      if (ids!.has(id)) continue;
      ids!.add(id);
      if (time > latest) {
        // Prune only when the latest hour moves on: at most once an hour of event time.
        const hourChanged = bucket !== Math.floor(latest / HOUR);
        latest = time;
        if (hourChanged) {
          for (const b of buckets.keys()) if ((b + 2) * HOUR < latest - windowMs) buckets.delete(b);
          lastBucket = NaN;
        }
      }
      kept.push(event);
    }
    if (kept.length > 0) yield kept;
  }
}
