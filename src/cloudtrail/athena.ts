// CloudTrail records from an Athena table over the trail's bucket (--cloudtrail athena:DATABASE.TABLE):
// for organization trails too big to read on one machine, Athena scans the bucket and returns only
// the Cognito events of the window. The table is the one of docs/athena.md (AWS's CloudTrail table
// with partition projection); its partition columns narrow the scan when the table has them.
//
// Everything in the query text is either a constant of this file or a value checked against a
// strict pattern here (identifiers, regions, account ids, dates this code formats): no text from
// the user or from AWS reaches the SQL unchecked. Every value in the answer is hostile data.
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type Datum,
  type QueryExecution,
} from "@aws-sdk/client-athena";
import { randomUUID } from "node:crypto";
import { InputError } from "../errors.js";
import { parseJsonText } from "../snapshot/json.js";
import { terminalSafe } from "../util/terminal.js";
import type { CloudTrailRecord } from "./sources.js";
import { COGNITO_EVENT_SOURCES } from "./normalise.js";
import { ACCOUNT, checkAthenaOptions, NAME, parseAthenaTarget, REGION, shown, type AthenaTable } from "./athenaTarget.js";

/** The event sources the query keeps: user pools, and identity pools. */
export const ATHENA_EVENT_SOURCES = COGNITO_EVENT_SOURCES;

/** Athena's own catalog of Glue tables. */
const CATALOG = "AwsDataCatalog";

/**
 * How long the query may take before it is stopped: Athena's default DML timeout (30 minutes).
 * A query past it keeps scanning, and billing, for nobody: it is stopped.
 */
export const DEFAULT_ATHENA_DEADLINE_MS = 30 * 60_000;
/** Polls of GetQueryExecution: quickly at first (small windows finish in seconds), then every 5 s. */
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 5_000;
/** GetQueryResults' largest page. */
const PAGE_ROWS = 1000;

/** A partition column of the table, as Glue names and types it. */
export interface PartitionColumn {
  name: string;
  /** Glue's type, e.g. "string" or "int" (default "string"). */
  type?: string;
}

export interface AthenaEventOptions extends AthenaTable {
  client: AthenaClient;
  /** The workgroup to run in (Athena's default: "primary"). */
  workgroup?: string;
  /** Where Athena writes the results (s3://BUCKET/PREFIX/); without it, the workgroup's location. */
  output?: string;
  window: { start: Date; end: Date };
  /** The scanned regions, or "all". */
  regions: readonly string[] | "all";
  /** Only these accounts' events (an organization trail holds every member's); all when absent. */
  accounts?: readonly string[];
  /** The table's partition columns; when absent they are read with GetTableMetadata. */
  partitions?: readonly PartitionColumn[];
  /** The whole query's deadline (default DEFAULT_ATHENA_DEADLINE_MS). */
  deadlineMs?: number;
  /** Told about the scan: partitions not used, the bytes Athena scanned (for the report's notes). */
  onNote?: (line: string) => void;
  /** Stops the query (StopQueryExecution) when aborted while it runs. */
  signal?: AbortSignal;
  /** For tests: waiting between polls, and the clock of the deadline. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

// --- The query -------------------------------------------------------------------------------

/** A string literal of a value already checked against `pattern` (quotes doubled all the same). */
function literal(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new InputError(`--cloudtrail athena: ${what} ${shown(value)} is not valid.`);
  return `'${value.replace(/'/g, "''")}'`;
}
const identifier = (name: string) => {
  if (!NAME.test(name)) throw new InputError(`--cloudtrail athena: ${shown(name)} is not a valid Glue name.`);
  return `"${name.toLowerCase()}"`;
};

const DAY_MS = 86_400_000;
const FIRST_TRAIL_DAY = Date.UTC(2013, 10, 1);
/** Four-digit years: eventtime literals must compare as CloudTrail's text does. */
const LAST_DAY = Date.UTC(9999, 11, 30);
const pad = (n: number) => String(n).padStart(2, "0");
/** CloudTrail's eventTime format: 2026-12-03T10:00:00Z (whole seconds, UTC). */
const eventTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The UTC days whose folders can hold the window's events. A log file sits under the day it was
 * delivered, minutes after its events: an event of 23:58 can be in the next day's folder, so the
 * range ends a day after the window.
 */
function windowDays(window: { start: Date; end: Date }): { year: number; month: number; day: number }[] {
  const days = [];
  // A window from the epoch (no --since) starts, for the folders, when CloudTrail did (November 2013).
  const last = Math.floor(window.end.getTime() / DAY_MS) + 1;
  const first = Math.min(last, Math.floor(Math.max(window.start.getTime(), FIRST_TRAIL_DAY) / DAY_MS));
  for (let d = first; d <= last; d++) {
    const date = new Date(d * DAY_MS);
    days.push({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
  }
  return days;
}

const INTEGER_TYPES = new Set(["tinyint", "smallint", "int", "integer", "bigint"]);
const STRING_TYPES = new Set(["string", "varchar"]);
const typeOf = (column: PartitionColumn) => (column.type ?? "string").trim().toLowerCase().replace(/\(\d+\)$/, "");
const ACCOUNT_PARTITIONS = new Set(["account", "accountid", "account_id"]);
const DATE_PARTS = ["year", "month", "day"] as const;

export interface QueryPlan extends AthenaTable {
  window: { start: Date; end: Date };
  regions: readonly string[] | "all";
  accounts?: readonly string[];
  partitions: readonly PartitionColumn[];
  /** projection.timestamp.format of the table, when it has one. */
  timestampFormat?: string;
}

/**
 * The columns the query returns, as the CloudTrail table of docs/athena.md types them: strings,
 * JSON text (requestparameters, responseelements, additionaleventdata), the useridentity struct
 * (its fields are selected one by one: Athena renders a struct as `{a=b, …}`, which a value with
 * `, ` or `=` makes ambiguous) and the resources array (as JSON, the ARNs only).
 */
const SELECT = [
  "eventtime",
  "eventsource",
  "eventname",
  "awsregion",
  "sourceipaddress",
  "useridentity.type AS useridentity_type",
  "useridentity.principalid AS useridentity_principalid",
  "useridentity.arn AS useridentity_arn",
  "useridentity.accountid AS useridentity_accountid",
  "useridentity.invokedby AS useridentity_invokedby",
  "useridentity.username AS useridentity_username",
  "requestparameters",
  "responseelements",
  "additionaleventdata",
  "errorcode",
  "errormessage",
  "recipientaccountid",
  "eventtype",
  "eventid",
  "json_format(CAST(transform(resources, r -> r.arn) AS JSON)) AS resource_arns",
];
/** The result's column names, in the order of SELECT. */
export const RESULT_COLUMNS = SELECT.map((s) => s.split(" AS ").at(-1)!);

/**
 * The query text and what it could not narrow. Events are kept by eventtime, compared as text:
 * CloudTrail always writes it as 2026-12-03T10:00:00Z, so text order is time order, and no row
 * is dropped for a time Athena could not parse. Rows come in time order: the analyses slide their
 * windows forward in time.
 */
export function athenaQuery(plan: QueryPlan): { text: string; notes: string[] } {
  const { window } = plan;
  if (!(window.start instanceof Date) || !(window.end instanceof Date) || Number.isNaN(window.start.getTime()) || Number.isNaN(window.end.getTime()) || window.start > window.end || window.start.getTime() < 0 || window.end.getTime() > LAST_DAY) {
    throw new InputError("--cloudtrail athena: the window of events must be two valid dates, its start before its end.");
  }
  if (plan.regions !== "all" && plan.regions.length === 0) throw new InputError("--cloudtrail athena: no region to read events of.");
  const regions = plan.regions === "all" ? undefined : plan.regions.map((r) => literal(r, REGION, "the region"));
  const accounts = plan.accounts?.map((a) => literal(a, ACCOUNT, "the account id"));
  const where = [
    `eventsource IN (${ATHENA_EVENT_SOURCES.map((s) => `'${s}'`).join(", ")})`,
    `eventtime BETWEEN '${eventTime(window.start)}' AND '${eventTime(window.end)}'`,
  ];
  if (regions) where.push(`awsregion IN (${regions.join(", ")})`);
  if (accounts) where.push(`recipientaccountid IN (${accounts.join(", ")})`);

  const notes: string[] = [];
  const partitions = new Map(plan.partitions.map((p) => [p.name.toLowerCase(), p]));
  const used = new Set<string>();
  const unusable = (column: PartitionColumn, why: string) => notes.push(`Athena: the query does not narrow on the partition column ${shown(column.name)} of ${plan.database}.${plan.table} (${why}): Athena reads all of its partitions.`);
  const days = windowDays(window);

  const region = partitions.get("region");
  if (region && regions) {
    used.add("region");
    if (STRING_TYPES.has(typeOf(region))) where.push(`"region" IN (${regions.join(", ")})`);
    else unusable(region, `of type ${typeOf(region)}, not string`);
  } else if (region) used.add("region");
  for (const name of ACCOUNT_PARTITIONS) {
    const column = partitions.get(name);
    if (!column) continue;
    used.add(name);
    if (!accounts) continue;
    if (STRING_TYPES.has(typeOf(column))) where.push(`"${name}" IN (${accounts.join(", ")})`);
    else unusable(column, `of type ${typeOf(column)}, not string`);
  }

  let dated = false;
  const timestamp = partitions.get("timestamp");
  if (timestamp) {
    used.add("timestamp");
    const format = plan.timestampFormat?.trim();
    if (!STRING_TYPES.has(typeOf(timestamp))) unusable(timestamp, `of type ${typeOf(timestamp)}, not string`);
    else if (format !== undefined && format !== "yyyy/MM/dd") unusable(timestamp, `its projection format is ${shown(format)}, not yyyy/MM/dd`);
    else {
      const day = (d: (typeof days)[number]) => `'${d.year}/${pad(d.month)}/${pad(d.day)}'`;
      where.push(`"timestamp" BETWEEN ${day(days[0]!)} AND ${day(days.at(-1)!)}`);
      dated = true;
    }
  }
  const dateParts = DATE_PARTS.filter((p) => partitions.has(p));
  // year, year/month or year/month/day: the folders CloudTrail writes, partitioned by hand.
  if (dateParts.length > 0 && !dated) {
    dateParts.forEach((p) => used.add(p));
    const columns = dateParts.map((p) => partitions.get(p)!);
    const wrongType = columns.find((c) => !STRING_TYPES.has(typeOf(c)) && !INTEGER_TYPES.has(typeOf(c)));
    if (dateParts.join() !== DATE_PARTS.slice(0, dateParts.length).join()) {
      columns.forEach((c) => unusable(c, "year, month and day are used together, from the year down"));
    } else if (wrongType) {
      unusable(wrongType, `of type ${typeOf(wrongType)}, neither string nor integer`);
    } else {
      const value = (part: (typeof DATE_PARTS)[number], n: number) => (INTEGER_TYPES.has(typeOf(partitions.get(part)!)) ? String(n) : `'${part === "year" ? n : pad(n)}'`);
      // One clause per month (or year): short whatever the window's length.
      const groups = new Map<string, { fixed: string[]; last: Set<string> }>();
      for (const d of days) {
        const values = dateParts.map((p) => `"${p}" = ${value(p, d[p])}`);
        const key = values.slice(0, -1).join(" AND ");
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { fixed: values.slice(0, -1), last: new Set() }));
        group.last.add(value(dateParts.at(-1)!, d[dateParts.at(-1)!]));
      }
      const lastPart = dateParts.at(-1)!;
      const clauses = [...groups.values()].map((g) => [...g.fixed, `"${lastPart}" IN (${[...g.last].join(", ")})`].join(" AND "));
      where.push(clauses.length === 1 ? clauses[0]! : `(${clauses.map((c) => `(${c})`).join(" OR ")})`);
      dated = true;
    }
  } else if (dateParts.length > 0) {
    dateParts.forEach((p) => used.add(p));
  }
  for (const column of plan.partitions) {
    if (!used.has(column.name.toLowerCase())) unusable(column, "not one cognito-audit knows: region, account, accountid, account_id, timestamp, year/month/day");
  }
  if (!dated) {
    notes.push(`Athena: ${plan.database}.${plan.table} has no date partition the query can use: Athena reads the whole trail, every day of it, to find the window's events (docs/athena.md shows a table partitioned by date).`);
  }
  const text = [`SELECT ${SELECT.join(", ")}`, `FROM ${identifier(plan.database)}.${identifier(plan.table)}`, `WHERE ${where.join("\n  AND ")}`, "ORDER BY eventtime, eventid"].join("\n");
  return { text, notes };
}

// --- The table -------------------------------------------------------------------------------

/** The columns the query reads, with the type family the CloudTrail table gives them. */
const NEEDED_COLUMNS: Readonly<Record<string, RegExp>> = {
  eventtime: /^string$/,
  eventsource: /^string$/,
  eventname: /^string$/,
  awsregion: /^string$/,
  sourceipaddress: /^string$/,
  useridentity: /^struct<(?=.*\btype:)(?=.*\bprincipalid:)(?=.*\barn:)(?=.*\baccountid:)(?=.*\binvokedby:)(?=.*\busername:)/,
  requestparameters: /^string$/,
  responseelements: /^string$/,
  additionaleventdata: /^string$/,
  errorcode: /^string$/,
  errormessage: /^string$/,
  recipientaccountid: /^string$/,
  eventtype: /^string$/,
  eventid: /^string$/,
  resources: /^array<struct<.*\barn:/,
};

interface TableShape {
  partitions: PartitionColumn[];
  timestampFormat?: string;
}

// --- Running it ------------------------------------------------------------------------------

/** Every Athena operation this source sends (the read-only guard must allow exactly these). */
export const ATHENA_OPERATIONS = ["GetTableMetadata", "StartQueryExecution", "GetQueryExecution", "GetQueryResults", "StopQueryExecution"] as const;

const ACCESS_DENIED = /AccessDenied|UnauthorizedOperation|not authorized|Insufficient permissions|Access denied/i;
const PERMISSIONS =
  ` The caller needs athena:${ATHENA_OPERATIONS.join(", ")} on the workgroup; glue:GetDatabase, GetTable and GetPartitions on the table; ` +
  "s3:GetObject and s3:ListBucket on the trail's bucket; s3:PutObject, GetObject and GetBucketLocation on the results location (docs/athena.md).";
const NO_OUTPUT = /output location|OutputLocation/i;
const OUTPUT_HINT = " Name a results location with --athena-output s3://BUCKET/PREFIX/, or set one in the workgroup.";
const NO_TABLE = /does not exist|not found|EntityNotFound|SCHEMA_NOT_FOUND|TABLE_NOT_FOUND/i;
const NO_COLUMN = /COLUMN_NOT_FOUND|cannot be resolved/i;

function hintFor(text: string): string {
  if (ACCESS_DENIED.test(text)) return PERMISSIONS;
  if (NO_OUTPUT.test(text)) return OUTPUT_HINT;
  if (NO_COLUMN.test(text)) return " The table lacks a column of AWS's CloudTrail table: create it with the statement of docs/athena.md.";
  if (NO_TABLE.test(text)) return " Check DATABASE.TABLE, that the table is in the region Athena runs in, and docs/athena.md for the table to create.";
  return "";
}

/** AWS text for a message: terminal-safe, bounded, without its own final period (the message adds one). */
const clip = (text: string, max = 500) => terminalSafe(text.length > max ? `${text.slice(0, max)}…` : text).replace(/[.\s]+$/, "");
const bytesText = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${bytes} bytes`);

/** Errors the guards throw on purpose (and the project's own) pass as they are. */
const OWN_ERRORS = new Set(["InputError", "ReadOnlyViolation"]);

class Run {
  readonly label: string;
  constructor(readonly options: AthenaEventOptions) {
    this.label = `--cloudtrail athena:${options.database}.${options.table}`;
  }

  async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (OWN_ERRORS.has((error as Error)?.name)) throw error;
      const name = terminalSafe(String((error as Error)?.name ?? "Error"));
      const message = clip(String((error as Error)?.message ?? error));
      throw new InputError(`${this.label}: athena:${operation} failed with ${name}${message ? `: ${message}` : ""}.${hintFor(`${name} ${message}`)}`);
    }
  }

  async tableShape(): Promise<TableShape> {
    const { client, database, table, workgroup } = this.options;
    const answer = await this.call("GetTableMetadata", () =>
      client.send(new GetTableMetadataCommand({ CatalogName: CATALOG, DatabaseName: database, TableName: table, ...(workgroup ? { WorkGroup: workgroup } : {}) })),
    );
    const metadata = answer.TableMetadata;
    const columns = new Map((metadata?.Columns ?? []).map((c) => [String(c.Name ?? "").toLowerCase(), String(c.Type ?? "").toLowerCase().replace(/\s+/g, "")]));
    const wrong = Object.entries(NEEDED_COLUMNS)
      .filter(([name, type]) => !type.test(columns.get(name) ?? ""))
      .map(([name]) => (columns.has(name) ? `${name} (${clip(columns.get(name)!, 60)})` : `${name} (missing)`));
    if (wrong.length > 0) {
      throw new InputError(
        `${this.label}: the table is not AWS's CloudTrail table: ${wrong.join(", ")}; expected the columns and types of the CREATE TABLE statement in docs/athena.md (requestparameters, responseelements and additionaleventdata as string, useridentity a struct, resources an array of structs).`,
      );
    }
    const partitions = (metadata?.PartitionKeys ?? []).map((c) => ({ name: String(c.Name ?? ""), type: String(c.Type ?? "string") }));
    const format = metadata?.Parameters?.["projection.timestamp.format"];
    return { partitions, ...(typeof format === "string" ? { timestampFormat: format } : {}) };
  }

  async start(text: string): Promise<string> {
    const { client, database, workgroup, output } = this.options;
    const answer = await this.call("StartQueryExecution", () =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: text,
          // One token for every attempt of this request (the SDK would make one too): a retry cannot start a second query.
          ClientRequestToken: randomUUID(),
          QueryExecutionContext: { Catalog: CATALOG, Database: database },
          ...(workgroup ? { WorkGroup: workgroup } : {}),
          ...(output ? { ResultConfiguration: { OutputLocation: output } } : {}),
        }),
      ),
    );
    const id = answer.QueryExecutionId;
    if (typeof id !== "string" || !/^[\w-]{1,128}$/.test(id)) throw new InputError(`${this.label}: athena:StartQueryExecution answered without a valid QueryExecutionId.`);
    return id;
  }

  /** Best effort: a query that is not waited for anymore should not scan on (nor bill). */
  async stop(id: string): Promise<string> {
    try {
      await this.options.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      return `The query ${id} was stopped.`;
    } catch (error) {
      return `The query ${id} could not be stopped (${terminalSafe(String((error as Error)?.name ?? error))}): stop it in the Athena console.`;
    }
  }

  failure(id: string, execution: QueryExecution | undefined, state: string): InputError {
    const reason = clip(String(execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage ?? "no reason given"));
    const error = execution?.Status?.AthenaError;
    const kind = error?.ErrorType !== undefined ? ` (error type ${Number(error.ErrorType)}${error.ErrorCategory === 2 ? ", a user error" : ""})` : "";
    const verb = state === "CANCELLED" ? "was cancelled (by someone, or by the workgroup's limit on data scanned)" : "failed";
    return new InputError(`${this.label}: the Athena query ${id} ${verb}: ${reason}${kind}.${hintFor(reason)}`);
  }

  /** Polls until the query is done; past the deadline, or when aborted, the query is stopped. */
  async wait(id: string): Promise<QueryExecution | undefined> {
    const { client } = this.options;
    const now = this.options.now ?? Date.now;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadlineMs = this.options.deadlineMs ?? DEFAULT_ATHENA_DEADLINE_MS;
    const deadline = now() + deadlineMs;
    let delay = FIRST_POLL_MS;
    let done = false;
    try {
      for (;;) {
        const answer = await this.call("GetQueryExecution", () => client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
        const execution = answer.QueryExecution;
        const state = String(execution?.Status?.State ?? "");
        if (state === "SUCCEEDED") {
          done = true;
          return execution;
        }
        if (state === "FAILED" || state === "CANCELLED") {
          done = true;
          throw this.failure(id, execution, state);
        }
        if (this.options.signal?.aborted) throw new InputError(`${this.label}: interrupted while the Athena query ${id} ran.`);
        if (now() + delay > deadline) throw new InputError(`${this.label}: the Athena query ${id} did not finish within ${Math.round(deadlineMs / 1000)} s.`);
        await sleep(delay);
        delay = Math.min(MAX_POLL_MS, delay * 2);
      }
    } catch (error) {
      if (done) throw error;
      const stopped = await this.stop(id);
      if (!(error instanceof InputError)) throw error;
      throw new InputError(`${error.message} ${stopped}`);
    }
  }
}

/** The text of a datum; undefined for SQL NULL (a datum without VarCharValue). */
const datumText = (datum: Datum | undefined): string | undefined => (typeof datum?.VarCharValue === "string" ? datum.VarCharValue : undefined);

const SCALARS: readonly [column: string, field: string][] = [
  ["eventtime", "eventTime"],
  ["eventsource", "eventSource"],
  ["eventname", "eventName"],
  ["awsregion", "awsRegion"],
  ["sourceipaddress", "sourceIPAddress"],
  ["errorcode", "errorCode"],
  ["errormessage", "errorMessage"],
  ["recipientaccountid", "recipientAccountId"],
  ["eventtype", "eventType"],
  ["eventid", "eventID"],
];
const JSON_TEXT: readonly [column: string, field: string][] = [
  ["requestparameters", "requestParameters"],
  ["responseelements", "responseElements"],
  ["additionaleventdata", "additionalEventData"],
];
const IDENTITY: readonly [column: string, field: string][] = [
  ["useridentity_type", "type"],
  ["useridentity_principalid", "principalId"],
  ["useridentity_arn", "arn"],
  ["useridentity_accountid", "accountId"],
  ["useridentity_invokedby", "invokedBy"],
  ["useridentity_username", "userName"],
];

/**
 * One result row as the CloudTrail record it came from (the shape of the log files): the JSON
 * columns parsed by the shared reader (bounded nesting; a syntax error names the row and column).
 */
export function rowRecord(value: (column: string) => string | undefined, where: string): CloudTrailRecord {
  const record: CloudTrailRecord = {};
  for (const [column, field] of SCALARS) {
    const text = value(column);
    if (text !== undefined) record[field] = text;
  }
  const at = `${where} (event ${shown(value("eventid") ?? "without an eventid")})`;
  for (const [column, field] of JSON_TEXT) {
    const text = value(column);
    record[field] = text === undefined || text === "" ? null : parseJsonText(text, `${at}, column ${column}`);
  }
  const identity: Record<string, string> = {};
  for (const [column, field] of IDENTITY) {
    const text = value(column);
    if (text !== undefined) identity[field] = text;
  }
  if (Object.keys(identity).length > 0) record.userIdentity = identity;
  const arns = value("resource_arns");
  if (arns !== undefined) {
    const list = parseJsonText(arns, `${at}, column resource_arns`);
    if (!Array.isArray(list)) throw new InputError(`${at}, column resource_arns: expected a JSON array of ARNs.`);
    record.resources = list.filter((a): a is string => typeof a === "string").map((ARN) => ({ ARN }));
  }
  return record;
}

/**
 * The CloudTrail records of the window's Cognito events (user pools and identity pools), from
 * an Athena query over the trail's table; in event-time order, one result page in memory at a time.
 * Every failure is an InputError naming the flag: Athena's reason, and what to check.
 */
export async function* athenaEvents(options: AthenaEventOptions): AsyncGenerator<CloudTrailRecord> {
  // Checked before any call: nothing unchecked reaches Athena.
  const { database, table } = parseAthenaTarget(`${options.database}.${options.table}`);
  checkAthenaOptions(options);
  const run = new Run({ ...options, database, table });
  const plan = { database, table, window: options.window, regions: options.regions, ...(options.accounts ? { accounts: options.accounts } : {}) };
  // Fails on bad values before the table is even looked at.
  athenaQuery({ ...plan, partitions: [] });
  const shape: TableShape = options.partitions ? { partitions: [...options.partitions] } : await run.tableShape();
  const query = athenaQuery({ ...plan, ...shape });
  query.notes.forEach((note) => options.onNote?.(note));

  const id = await run.start(query.text);
  const execution = await run.wait(id);
  const scanned = Number(execution?.Statistics?.DataScannedInBytes);
  if (Number.isFinite(scanned) && scanned >= 0) options.onNote?.(`Athena: the query ${id} scanned ${bytesText(scanned)} of ${database}.${table}.`);

  let NextToken: string | undefined;
  let page = 0;
  let rowNumber = 0;
  let columns: Map<string, number> | undefined;
  do {
    const answer = await run.call("GetQueryResults", () => options.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_ROWS, NextToken })));
    const rows = answer.ResultSet?.Rows ?? [];
    let first = 0;
    if (page === 0) {
      const names = (answer.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => String(c.Name ?? "").toLowerCase());
      const missing = RESULT_COLUMNS.filter((c) => !names.includes(c));
      if (missing.length > 0) throw new InputError(`${run.label}: the results of the Athena query ${id} lack the columns ${missing.join(", ")}.`);
      columns = new Map(names.map((n, i) => [n, i]));
      // A SELECT's first row is its header: the column labels.
      const header = rows[0]?.Data?.map((d) => datumText(d)?.toLowerCase());
      if (header && header.length === names.length && header.every((h, i) => h === names[i])) first = 1;
    }
    page++;
    for (const row of rows.slice(first)) {
      rowNumber++;
      const data = row.Data ?? [];
      yield rowRecord((column) => datumText(data[columns!.get(column)!]), `${run.label}: row ${rowNumber} of the Athena query ${id}`);
    }
    const next = answer.NextToken;
    // A token that repeats would page forever.
    if (next !== undefined && next === NextToken) throw new InputError(`${run.label}: athena:GetQueryResults returned the same NextToken twice for the query ${id}.`);
    NextToken = next || undefined;
  } while (NextToken);
}
