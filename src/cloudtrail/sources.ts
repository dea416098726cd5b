// Where CloudTrail records come from: LookupEvents, or log files as CloudTrail delivers them to S3.
// Every source is an async iterable, so that no source holds the whole set in memory.
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import { isAscii } from "node:buffer";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { InputError } from "../errors.js";
import { assertNestingDepth } from "../snapshot/validate.js";

/** A CloudTrail record as AWS writes it (the JSON of one event). */
export type CloudTrailRecord = Record<string, unknown> & { eventID?: string; eventTime?: string };

export interface LookupOptions {
  start: Date;
  end: Date;
  /** Stop after this many events (the caller warns). */
  maxEvents: number;
  onCapReached?: (count: number) => void;
  /** For tests: how to wait between throttled attempts. */
  sleep?: (ms: number) => Promise<void>;
}

const THROTTLED = new Set(["ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);
const MAX_THROTTLED_TRIES = 6;

/**
 * One LookupEvents page. The SDK client already retries throttling in adaptive mode; when the
 * service keeps refusing, this waits longer still (1 s, 2 s, 4 s, …) rather than lose the page.
 */
async function lookupPage(client: CloudTrailClient, input: LookupEventsCommandInput, sleep: (ms: number) => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.send(new LookupEventsCommand(input));
    } catch (error) {
      if (!THROTTLED.has((error as Error).name) || attempt >= MAX_THROTTLED_TRIES) throw error;
      await sleep(1000 * 2 ** (attempt - 1));
    }
  }
}

/** Cognito user pool events from LookupEvents: every page, newest first, at most `maxEvents`. */
export async function* lookupEvents(client: CloudTrailClient, options: LookupOptions): AsyncGenerator<CloudTrailRecord> {
  let count = 0;
  let NextToken: string | undefined;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  do {
    // The client paces LookupEvents to 2 requests per second per account and region.
    const page = await lookupPage(
      client,
      {
        LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "cognito-idp.amazonaws.com" }],
        StartTime: options.start,
        EndTime: options.end,
        MaxResults: 50,
        NextToken,
      },
      sleep,
    );
    for (const event of page.Events ?? []) {
      if (count >= options.maxEvents) {
        options.onCapReached?.(count);
        return;
      }
      if (!event.CloudTrailEvent) continue;
      count++;
      yield JSON.parse(event.CloudTrailEvent) as CloudTrailRecord;
    }
    NextToken = page.NextToken;
  } while (NextToken);
}

const LOG_FILE = /\.json(\.gz)?$/i;
const gunzipAsync = promisify(gunzip);

/** Every CloudTrail log file under `path` (a file or a directory tree), in name order. */
export async function* logFiles(path: string): AsyncGenerator<string> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputError(`--cloudtrail ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a CloudTrail log file (.json or .json.gz) or a directory of them.`);
  }
  if (info.isFile()) {
    yield path;
    return;
  }
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* logFiles(child);
    else if (entry.isFile() && LOG_FILE.test(entry.name)) yield child;
  }
}

/** One log file's text. A file is small (CloudTrail writes one every few minutes): read it whole, then inflate it in one call. */
async function readLogFile(file: string): Promise<string> {
  try {
    const raw = await readFile(file);
    const data = file.toLowerCase().endsWith(".gz") ? await gunzipAsync(raw) : raw;
    // CloudTrail JSON is almost always ASCII, which decodes much faster as latin1.
    return isAscii(data) ? data.toString("latin1") : data.toString("utf8");
  } catch (error) {
    throw new InputError(`${file}: cannot be read as a CloudTrail log file (${(error as Error).message}).`);
  }
}

/** The records of CloudTrail log files, one file in memory at a time. */
export async function* logFileRecords(path: string): AsyncGenerator<CloudTrailRecord> {
  for await (const file of logFiles(path)) {
    let data: unknown;
    try {
      data = JSON.parse(await readLogFile(file));
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${file}: is not valid JSON (${(error as Error).message}); expected a CloudTrail log file {"Records": [...]}.`);
    }
    assertNestingDepth(data, file);
    const records = (data as { Records?: unknown } | null)?.Records;
    if (!Array.isArray(records)) throw new InputError(`${file}: at $.Records expected an array of CloudTrail records (the format CloudTrail delivers to S3).`);
    for (const record of records) if (record && typeof record === "object") yield record as CloudTrailRecord;
  }
}

/**
 * Drops records whose eventID was already seen. CloudTrail may deliver an event twice, close in
 * time; ids are remembered for `windowMs` of event time behind the latest event, so memory stays
 * bounded however many events there are.
 */
export async function* dropDuplicates(records: AsyncIterable<CloudTrailRecord>, windowMs = 24 * 3600_000): AsyncGenerator<CloudTrailRecord> {
  const HOUR = 3600_000;
  const buckets = new Map<number, Set<string>>();
  let latest = -Infinity;
  for await (const record of records) {
    const id = typeof record.eventID === "string" ? record.eventID : undefined;
    const time = Date.parse(String(record.eventTime ?? ""));
    if (!id || Number.isNaN(time)) {
      yield record;
      continue;
    }
    const bucket = Math.floor(time / HOUR);
    // A re-delivered event carries the same eventTime, so it lands in the same bucket.
    if (buckets.get(bucket)?.has(id)) continue;
    let ids = buckets.get(bucket);
    if (!ids) buckets.set(bucket, (ids = new Set()));
    ids.add(id);
    if (time > latest) {
      // Prune only when the latest hour moves on: at most once an hour of event time.
      const hourChanged = Math.floor(time / HOUR) !== Math.floor(latest / HOUR);
      latest = time;
      if (hourChanged) for (const b of buckets.keys()) if ((b + 2) * HOUR < latest - windowMs) buckets.delete(b);
    }
    yield record;
  }
}
