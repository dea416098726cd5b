// Which CloudTrail events a scan analyses: pulled with LookupEvents (into the snapshot), read from
// log files (local, or straight from the trail's bucket), taken from a saved snapshot, or none.
import type { S3ReadSummary, TrailScope } from "../cloudtrail/s3.js";
import { checkAthenaOptions, isAthenaTarget, parseAthenaTarget, type AthenaTable } from "../cloudtrail/athenaTarget.js";
import { DEFAULT_MAX_LOG_FILE_BYTES } from "../cloudtrail/logFile.js";
import type { CognitoEvent } from "../cloudtrail/normalise.js";
import { dropDuplicates, logFileBatches, parseS3Location, recordBatches, type CloudTrailRecord, type S3Location } from "../cloudtrail/sources.js";
import type { EventWindow } from "../cloudtrail/collect.js";
import { USER_POOL_EVENTS } from "../cloudtrail/normalise.js";
import type { EventCoverage } from "../engine/types.js";
import { InputError } from "../errors.js";
import type { Snapshot } from "../snapshot/types.js";
import type { ScanEvents } from "../pipeline.js";

export interface EventOptions {
  /** "lookup", "none", s3://bucket/prefix, athena:DATABASE.TABLE, or a path to CloudTrail log files. */
  cloudtrail?: string;
  /** With athena:…: the workgroup, and where Athena writes the results. */
  athenaWorkgroup?: string;
  athenaOutput?: string;
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
export function eventMode(
  options: EventOptions & { snapshot?: string },
): "lookup" | "none" | "snapshot" | { path: string } | { s3: S3Location } | { athena: AthenaTable } {
  const value = options.cloudtrail;
  if (value === undefined) return options.snapshot ? "snapshot" : "lookup";
  if (value === "none") return "none";
  if (value === "lookup") {
    if (options.snapshot) throw new InputError("--cloudtrail lookup calls AWS and cannot be combined with --snapshot; the snapshot's own events (if it was collected with them) are used by default.");
    return "lookup";
  }
  // athena:DATABASE.TABLE and s3://bucket/prefix (checked here, before any call); anything else is a local path.
  if (isAthenaTarget(value)) return { athena: parseAthenaTarget(value) };
  const s3 = parseS3Location(value);
  return s3 ? { s3 } : { path: value };
}

/** Checks --since (whatever --cloudtrail is) and the LookupEvents window before any work is done. */
export function checkEventOptions(options: EventOptions & { snapshot?: string }, now: Date): void {
  if (options.since !== undefined) parseDuration(options.since);
  const mode = eventMode(options);
  if (mode === "lookup") lookupWindow(options, now);
  const athena = typeof mode === "object" && "athena" in mode;
  if (athena) checkAthenaOptions({ workgroup: options.athenaWorkgroup, output: options.athenaOutput });
  else if (options.athenaWorkgroup !== undefined || options.athenaOutput !== undefined) {
    throw new InputError("--athena-workgroup and --athena-output only apply with --cloudtrail athena:DATABASE.TABLE.");
  }
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


function* fromArrays(lists: Record<string, unknown>[][]): Generator<CloudTrailRecord> {
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

/** How a scan reaches AWS, for reading a trail's bucket (the scan's own flags). */
export interface TrailAccess {
  profile?: string;
  endpointUrl?: string;
  /** --timeout: seconds one call may take, retries included. */
  timeout?: number;
}

const s3Text = (location: S3Location) => `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ""}`;

/**
 * The Cognito events of a trail's bucket, through a client of the scan's kind (read-only guard,
 * pacing, deadline). The S3 SDK is loaded only when a scan reads a bucket.
 */
async function* trailBatches(
  access: TrailAccess,
  location: S3Location,
  scope: TrailScope,
  { env, maxFileBytes }: { env: NodeJS.ProcessEnv; maxFileBytes: number },
  notes: string[],
): AsyncGenerator<readonly CognitoEvent[]> {
  const [{ S3Client }, { createClient, CALL_DEFAULTS }, { RateLimits }, { s3LogFileBatches }] = await Promise.all([
    import("@aws-sdk/client-s3"),
    import("../aws/clients.js"),
    import("../aws/rateLimit.js"),
    import("../cloudtrail/s3.js"),
  ]);
  // An emulator (--endpoint-url, AWS_ENDPOINT_URL[_S3]) is addressed path-style, the form the
  // read-only guard reads on hosts other than AWS's; on AWS the SDK picks the style itself.
  const forcePathStyle = Boolean(access.endpointUrl ?? (env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL));
  class TrailS3Client extends S3Client {
    constructor(config: ConstructorParameters<typeof S3Client>[0]) {
      // The bucket's region is not known: S3's redirect names it and the SDK follows it.
      super({ ...config, forcePathStyle, followRegionRedirects: true });
    }
  }
  const client = createClient(TrailS3Client, "s3", {
    region: scope.regions[0] ?? "us-east-1",
    profile: access.profile,
    endpointUrl: access.endpointUrl,
    callTimeoutMs: access.timeout !== undefined ? access.timeout * 1000 : CALL_DEFAULTS.callTimeoutMs,
    limits: new RateLimits(),
  });
  let done: S3ReadSummary | undefined;
  try {
    yield* s3LogFileBatches(client, location, scope, {
      maxFileBytes,
      onDone: (summary) => (done = summary),
    });
  } finally {
    client.destroy();
  }
  if (done) {
    const skipped = [done.otherKeys ? `${done.otherKeys} key(s) not named .json or .json.gz` : "", done.beforeWindow ? `${done.beforeWindow} file(s) delivered before the window` : ""].filter(Boolean);
    notes.push(`CloudTrail log files read from ${s3Text(location)}: ${done.files} file(s) of account(s) ${done.accounts.join(", ")} in ${scope.regions.join(", ")}${skipped.length ? `; not read: ${skipped.join(", ")}` : ""}.`);
  }
}

/**
 * The records of a trail's Athena table: one query, through a client of the scan's kind, in the
 * first scanned region (the table's region: Athena runs where its catalog is). Loaded only then.
 */
async function* athenaRecords(access: TrailAccess, table: AthenaTable, options: EventOptions, scope: TrailScope, notes: string[]): AsyncGenerator<CloudTrailRecord> {
  const [{ AthenaClient }, { createClient, CALL_DEFAULTS }, { RateLimits }, { athenaEvents }] = await Promise.all([
    import("@aws-sdk/client-athena"),
    import("../aws/clients.js"),
    import("../aws/rateLimit.js"),
    import("../cloudtrail/athena.js"),
  ]);
  const client = createClient(AthenaClient, "athena", {
    region: scope.regions[0] ?? "us-east-1",
    profile: access.profile,
    endpointUrl: access.endpointUrl,
    callTimeoutMs: access.timeout !== undefined ? access.timeout * 1000 : CALL_DEFAULTS.callTimeoutMs,
    limits: new RateLimits(),
  });
  try {
    yield* athenaEvents({
      client,
      ...table,
      ...(options.athenaWorkgroup !== undefined ? { workgroup: options.athenaWorkgroup } : {}),
      ...(options.athenaOutput !== undefined ? { output: options.athenaOutput } : {}),
      window: { start: scope.start, end: scope.end },
      regions: scope.regions,
      ...(scope.accounts ? { accounts: scope.accounts } : {}),
      onNote: (line) => notes.push(line),
    });
  } finally {
    client.destroy();
  }
}

/**
 * What a trail source (a bucket, an Athena table) reads: the window (--since, default 7 days, to
 * now), the scanned regions, and the scanned accounts when every one of them has an account id.
 */
function trailScope(options: EventOptions, snapshot: Snapshot, now: Date): TrailScope {
  const start = new Date(now.getTime() - parseDuration(options.since ?? "7d"));
  const regions = [...new Set(snapshot.accounts.flatMap((a) => a.regions.map((r) => r.region)))].sort();
  const accounts = [...new Set(snapshot.accounts.map((a) => a.accountId).filter((id) => /^\d{12}$/.test(id)))];
  return { start, end: now, regions, ...(accounts.length === snapshot.accounts.length && accounts.length > 0 ? { accounts } : {}) };
}

/** The events to analyse for this scan, or why there are none. */
export function eventInput(options: EventOptions & TrailAccess & { snapshot?: string }, snapshot: Snapshot, now: Date, env: NodeJS.ProcessEnv = {}): ScanEvents {
  const mode = eventMode(options);
  if (mode === "none") return { kind: "off", reason: "CloudTrail analysis was switched off (--cloudtrail none)" };
  if (typeof mode === "object" && "athena" in mode) {
    // A table holds years: the query reads only the window (default 7 days) of the scanned regions and accounts.
    const scope = trailScope(options, snapshot, now);
    const { start } = scope;
    const notes: string[] = [];
    const records = athenaRecords(options, mode.athena, options, scope, notes);
    return { kind: "records", batches: dropDuplicates(recordBatches(records)), source: `athena (${mode.athena.database}.${mode.athena.table})`, start, end: now, notes };
  }
  if (typeof mode === "object" && "s3" in mode) {
    // A bucket holds years: only the window's days are listed, so the window has an end (default 7 days).
    const scope: TrailScope = trailScope(options, snapshot, now);
    const { start } = scope;
    const notes: string[] = [];
    return { kind: "records", batches: dropDuplicates(trailBatches(options, mode.s3, scope, { env, maxFileBytes: maxLogFileBytes(env) }, notes)), source: `S3 (${s3Text(mode.s3)})`, start, end: now, notes };
  }
  if (typeof mode === "object") {
    const start = options.since ? new Date(now.getTime() - parseDuration(options.since)) : new Date(0);
    // Filled once the files are read, which is before the report is built.
    const notes: string[] = [];
    const batches = logFileBatches(mode.path, {
      maxFileBytes: maxLogFileBytes(env),
      onSkipped: (summary) => notes.push(`CloudTrail files under ${mode.path} not read: ${summary}.`),
    });
    return { kind: "records", batches: dropDuplicates(batches), source: `files (${mode.path})`, start, end: now, notes };
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
  return { kind: "records", batches: recordBatches(fromArrays(pulled.map((r) => r.cloudTrailEvents!.events))), source: mode === "lookup" ? "lookup" : "snapshot", start, end, notes, coverage: lookupCoverage(snapshot) };
}

/**
 * What LookupEvents records stored in a snapshot cover, per account and region: the event sources
 * the pull recorded (a snapshot collected before identity pool events were pulled records none:
 * cognito-idp only), and never data events. A region without records is covered by nothing.
 */
export function lookupCoverage(snapshot: Snapshot): (where: { accountId: string; region: string }) => EventCoverage | undefined {
  const byRegion = new Map<string, EventCoverage>();
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      const events = region.cloudTrailEvents;
      if (events) byRegion.set(`${account.accountId} ${region.region}`, { eventSources: events.eventSources ?? [USER_POOL_EVENTS], dataEvents: false });
    }
  }
  return ({ accountId, region }) => byRegion.get(`${accountId} ${region}`);
}
