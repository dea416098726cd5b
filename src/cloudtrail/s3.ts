// CloudTrail log files read straight from the trail's bucket (--cloudtrail s3://bucket/prefix).
// Only the keys of the window's days and the scanned regions are listed, with the layout
// CloudTrail delivers ("Finding your CloudTrail log files"):
//   <prefix>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<unique>.json.gz
//   <prefix>/AWSLogs/<o-org-id>/<account>/CloudTrail/…   (an organization trail)
// The client is the caller's (read-only guard, pacing, deadline); this module only sends
// ListObjectsV2 and GetObject.
import { GetObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from "@aws-sdk/client-s3";
import { InputError } from "../errors.js";
import { terminalSafe } from "../util/terminal.js";
import { DEFAULT_MAX_LOG_FILE_BYTES, eventsOfLogFile, inflateLogFile, tooLargeError } from "./logFile.js";
import type { CognitoEvent } from "./normalise.js";
import { LOG_FILE, type S3Location } from "./sources.js";

export type { S3Location } from "./sources.js";

/** What to read: the window (UTC days from start to end) and the regions, optionally the accounts. */
export interface TrailScope {
  start: Date;
  end: Date;
  regions: readonly string[];
  /** Only these accounts' logs (the scanned ones); undefined: every account the bucket holds. */
  accounts?: readonly string[];
}

export interface S3LogOptions {
  /** The most bytes of JSON one file may hold, inflated (default DEFAULT_MAX_LOG_FILE_BYTES). */
  maxFileBytes?: number;
  /** ListObjectsV2's MaxKeys (S3's default and most: 1000); tests use a small one to page. */
  pageSize?: number;
  /** GetObject calls in flight ahead of the analysis (default 4); the client's pacing still applies. */
  readAhead?: number;
  /** Told, once the read is complete, how many files and keys it read and passed over (for a report note). */
  onDone?: (summary: S3ReadSummary) => void;
}

export interface S3ReadSummary {
  /** Account directories read (after narrowing to the scanned accounts). */
  accounts: string[];
  files: number;
  /** Keys under the days' prefixes that are not .json/.json.gz log files. */
  otherKeys: number;
  /** Log files delivered before the window started (they hold only older records). */
  beforeWindow: number;
}

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** The delivery time in a log file's name: …_CloudTrail_<region>_YYYYMMDDTHHmmZ_… */
const DELIVERED = /_CloudTrail_[a-z0-9-]+_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/;
const DAY = 86_400_000;

/** An object's or prefix's URL, safe to print (keys come from the bucket, the prefix from the command line). */
const url = (location: S3Location, key = "") => terminalSafe(`s3://${location.bucket}/${key}`);
const shown = (text: string) => JSON.stringify(terminalSafe(text).slice(0, 300));

/** How messages name the flag's value. */
const flagText = (location: S3Location) => `--cloudtrail ${url(location, location.prefix).replace(/\/$/, "")}`;

/** Every UTC day from `start` to `end` as YYYY/MM/DD, oldest first. */
export function windowDays(start: Date, end: Date): string[] {
  const days: string[] = [];
  const first = Math.floor(start.getTime() / DAY);
  const last = Math.floor(end.getTime() / DAY);
  for (let day = first; day <= last; day++) days.push(new Date(day * DAY).toISOString().slice(0, 10).replace(/-/g, "/"));
  return days;
}

/**
 * An S3 error as an input error naming the flag, the call and what to fix; a refusal of the
 * read-only guard is a defect and stays what it is.
 */
function s3Failure(error: unknown, location: S3Location, call: string): Error {
  const e = error as Error & { Code?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name === "ReadOnlyViolation") return e;
  const code = e?.Code ?? e?.name ?? "Error";
  const where = flagText(location);
  const status = e?.$metadata?.httpStatusCode;
  if (code === "NoSuchBucket") return new InputError(`${where}: the bucket ${location.bucket} does not exist (NoSuchBucket); expected the trail's S3BucketName as DescribeTrails shows it.`);
  // Refused by a policy (IAM, the bucket's, the KMS key's); other 403s (a bad or expired key) say their own code below.
  if (code === "AccessDenied" || code === "AllAccessDisabled" || code === "Forbidden") {
    return new InputError(
      `${where}: ${call} was denied (${terminalSafe(code)}). Reading a trail from S3 needs s3:ListBucket on arn:aws:s3:::${location.bucket} and s3:GetObject on its log files (the README's trail bucket policy), and kms:Decrypt on the trail's key when its logs are encrypted with SSE-KMS; the bucket policy of a log-archive account must allow them too. No events were analysed.`,
    );
  }
  const message = typeof e?.message === "string" ? `: ${terminalSafe(e.message).slice(0, 300)}` : "";
  return new InputError(`${where}: ${call} failed (${terminalSafe(code).slice(0, 100)}${status ? `, HTTP ${status}` : ""}${message}); no events were analysed.`);
}

/** Every page of one listing of the keys under `prefix`. */
async function* listPages(client: S3Client, location: S3Location, prefix: string, pageSize: number): AsyncGenerator<ListObjectsV2CommandOutput> {
  let ContinuationToken: string | undefined;
  do {
    const page = await listOnce(client, location, { Prefix: prefix, MaxKeys: pageSize, ...(ContinuationToken ? { ContinuationToken } : {}) });
    yield page;
    // A truncated page without a token would loop forever: stop (S3 always sends one).
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
}

async function listOnce(client: S3Client, location: S3Location, input: { Prefix: string; MaxKeys: number; ContinuationToken?: string; StartAfter?: string }) {
  try {
    return await client.send(new ListObjectsV2Command({ Bucket: location.bucket, ...input }));
  } catch (error) {
    throw s3Failure(error, location, `ListObjectsV2 of ${shown(url(location, input.Prefix))}`);
  }
}

/**
 * The names of the "directories" right under `prefix` (which ends with "/"), one ListObjectsV2 of
 * one key per name: the first key after the previous name's keys (StartAfter `<name>0`, as "0"
 * follows "/" in S3's byte order) names the next. This does not depend on Delimiter, which S3
 * emulators implement unevenly, and costs one call per account or organization, not per file.
 */
async function childNames(client: S3Client, location: S3Location, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let StartAfter: string | undefined;
  for (;;) {
    const page = await listOnce(client, location, { Prefix: prefix, MaxKeys: 1, ...(StartAfter !== undefined ? { StartAfter } : {}) });
    const key = page.Contents?.[0]?.Key;
    if (typeof key !== "string" || !key.startsWith(prefix) || (StartAfter !== undefined && key <= StartAfter)) return names;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash <= 0) {
      // A key right under the prefix (or an empty name): not a directory; go past it.
      StartAfter = key;
      continue;
    }
    const name = rest.slice(0, slash);
    names.push(name);
    StartAfter = `${prefix}${name}0`;
  }
}

/** The AWSLogs/ directory under the location's prefix; a prefix that already ends in AWSLogs is kept. */
const awsLogsPrefix = (location: S3Location) => (/(^|\/)AWSLogs$/.test(location.prefix) ? `${location.prefix}/` : `${location.prefix ? `${location.prefix}/` : ""}AWSLogs/`);

/** `<…>/AWSLogs/[<org>/]<account>/` for every account the bucket holds logs of (narrowed to `wanted`). */
async function accountPrefixes(client: S3Client, location: S3Location, wanted: readonly string[] | undefined): Promise<{ account: string; prefix: string }[]> {
  const root = awsLogsPrefix(location);
  const found: { account: string; prefix: string }[] = [];
  for (const name of await childNames(client, location, root)) {
    if (ACCOUNT.test(name)) found.push({ account: name, prefix: `${root}${name}/` });
    else if (ORGANIZATION.test(name)) {
      for (const account of await childNames(client, location, `${root}${name}/`)) if (ACCOUNT.test(account)) found.push({ account, prefix: `${root}${name}/${account}/` });
    }
  }
  const kept = wanted ? found.filter((f) => wanted.includes(f.account)) : found;
  if (found.length > 0 && kept.length === 0) {
    const held = [...new Set(found.map((f) => f.account))];
    throw new InputError(
      `${flagText(location)}: the trail's logs there are of account(s) ${held.slice(0, 6).join(", ")}${held.length > 6 ? ", …" : ""}, not of the scanned account(s) ${wanted!.join(", ")}; no events of the scan could be read.`,
    );
  }
  if (found.length === 0) {
    throw new InputError(
      `${flagText(location)}: no CloudTrail logs under ${shown(url(location, root))} (no AWSLogs/<account>/ or AWSLogs/<o-organization>/<account>/ there); expected s3://BUCKET/PREFIX with the trail's S3KeyPrefix, or --cloudtrail none to scan without events.`,
    );
  }
  return kept;
}

/** When a log file named `key` was delivered, or undefined when its name does not say. */
function deliveredAt(key: string): number | undefined {
  const m = DELIVERED.exec(key.slice(key.lastIndexOf("/") + 1));
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) : undefined;
}

/** The log files to read, day by day for each account and region, in key order. */
async function* logKeys(
  client: S3Client,
  location: S3Location,
  scope: TrailScope,
  pageSize: number,
  maxBytes: number,
  summary: S3ReadSummary,
): AsyncGenerator<string> {
  const regions = [...new Set(scope.regions)].filter((r) => REGION.test(r)).sort();
  const accounts = await accountPrefixes(client, location, scope.accounts);
  summary.accounts = accounts.map((a) => a.account);
  const days = windowDays(scope.start, scope.end);
  const start = scope.start.getTime();
  for (const { prefix } of accounts) {
    for (const region of regions) {
      for (const day of days) {
        for await (const page of listPages(client, location, `${prefix}CloudTrail/${region}/${day}/`, pageSize)) {
          for (const object of page.Contents ?? []) {
            const key = object.Key;
            if (typeof key !== "string") continue;
            if (!LOG_FILE.test(key)) {
              summary.otherKeys++;
              continue;
            }
            // "A log file delivered at a specific time can contain records written at any point
            // before that time": one delivered before the window holds nothing of it.
            const delivered = deliveredAt(key);
            if (delivered !== undefined && delivered < start) {
              summary.beforeWindow++;
              continue;
            }
            // Compressed or not, an object larger than the cap holds more JSON than the cap.
            if (typeof object.Size === "number" && object.Size > maxBytes) throw tooLargeError(terminalSafe(url(location, key)), key.toLowerCase().endsWith(".gz"), maxBytes);
            yield key;
          }
        }
      }
    }
  }
}

/** One object's Cognito events: fetched, size-checked, inflated when it is gzip, parsed. */
async function objectEvents(client: S3Client, location: S3Location, key: string, maxBytes: number): Promise<CognitoEvent[]> {
  const name = terminalSafe(url(location, key));
  let raw: Buffer;
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }));
    if (typeof object.ContentLength === "number" && object.ContentLength > maxBytes) {
      await object.Body?.transformToByteArray().catch(() => undefined);
      throw tooLargeError(name, key.toLowerCase().endsWith(".gz"), maxBytes);
    }
    raw = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw s3Failure(error, location, `GetObject of ${shown(url(location, key))}`);
  }
  if (raw.length > maxBytes) throw tooLargeError(name, key.toLowerCase().endsWith(".gz"), maxBytes);
  // By its bytes, not its name or Content-Encoding: gzip starts 1f 8b, JSON never does.
  const gzipped = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  return eventsOfLogFile(await inflateLogFile(raw, gzipped, name, maxBytes), name).events;
}

/**
 * The Cognito events of a trail's log files in S3 for `scope`, a batch per file in key order, with up to
 * `readAhead` files fetched ahead. S3 errors are input errors: a trail that cannot be read must
 * never pass. Listing no log file at all is fine (a quiet window), and says so through onDone.
 */
export async function* s3LogFileBatches(client: S3Client, location: S3Location, scope: TrailScope, options: S3LogOptions = {}): AsyncGenerator<readonly CognitoEvent[]> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_LOG_FILE_BYTES;
  const pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  const readAhead = Math.max(1, options.readAhead ?? 4);
  const summary: S3ReadSummary = { accounts: [], files: 0, otherKeys: 0, beforeWindow: 0 };
  const pending: Promise<CognitoEvent[]>[] = [];
  const keys = logKeys(client, location, scope, pageSize, maxBytes, summary);
  let listed = false;
  const fill = async () => {
    while (!listed && pending.length < readAhead) {
      const next = await keys.next();
      if (next.done) {
        listed = true;
        break;
      }
      const fetched = objectEvents(client, location, next.value, maxBytes);
      // Awaited in order below; until then a failure must not count as unhandled.
      fetched.catch(() => undefined);
      pending.push(fetched);
    }
  };
  await fill();
  while (pending.length > 0) {
    const events = await pending.shift()!;
    summary.files++;
    await fill();
    yield events;
  }
  if (summary.files === 0) {
    // As for local files: a scan that reads nothing must not pass.
    throw new InputError(
      `${flagText(location)}: no CloudTrail log file of ${scope.regions.join(", ") || "(no region)"} delivered between ${scope.start.toISOString()} and ${scope.end.toISOString()} under ${shown(url(location, awsLogsPrefix(location)))} (account(s) ${summary.accounts.join(", ")}); check the trail logs these regions, widen --since, or pass --cloudtrail none to scan without events.`,
    );
  }
  options.onDone?.(summary);
}
