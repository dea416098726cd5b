// One CloudTrail log file, from its bytes to its Cognito events: the unit of work of the file
// sources. A local file is read, inflated and normalised on the calling thread, or in a reader
// thread where there are cores to spare (logFileReaders.ts); an S3 object on the calling thread.
// All go through these functions, so all give the same events.
//
// A real trail holds every service's records, and Cognito's are often a few per cent of them. A
// record that cannot be Cognito's is skipped before it is parsed: its bytes hold neither
// "cognito-i" (cognito-idp / cognito-identity) nor a \u escape (which could spell them). Only the
// records that may be Cognito's are parsed and checked, so a broken record of another service in
// a mixed file goes unnoticed; the file's frame (`{"Records":[…]}`) and every Cognito record are
// always checked, and anything the cut does not recognise is parsed whole, as JSON.parse reads it.
// A file that is mostly Cognito's is parsed a group of records at a time (parseInGroups).
import { isAscii } from "node:buffer";
import { readFileSync, statSync } from "node:fs";
import { gunzip, gunzipSync } from "node:zlib";
import { InputError } from "../errors.js";
import { assertNestingDepth, parseJsonText } from "../snapshot/json.js";
import { BACKSLASH, byteTable, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from "../snapshot/jsonBytes.js";
import { terminalSafe } from "../util/terminal.js";
import { normaliseRecord, type CloudTrailRecord, type CognitoEvent } from "./normalise.js";

/**
 * Default cap on one log file's JSON (after inflation): 256 MiB. CloudTrail writes a file per
 * region about every 5 minutes and splits busy periods over several, so real files hold a few MB
 * of JSON; a file must also fit in one string (V8 stops near 512 MiB) to be parsed at all. A gzip
 * bomb (5 MB that inflates to gigabytes) stops here, before it takes the memory of the machine.
 */
export const DEFAULT_MAX_LOG_FILE_BYTES = 256 * 2 ** 20;

const sizeText = (bytes: number) => (bytes % 2 ** 20 === 0 ? `${bytes / 2 ** 20} MiB` : `${bytes} bytes`);

/** A log file (`name`, already terminal-safe) that holds, or inflates to, more JSON than the cap. */
export const tooLargeError = (name: string, gzipped: boolean, maxBytes: number) =>
  new InputError(
    `${name}: ${gzipped ? "inflates to" : "holds"} more than ${sizeText(maxBytes)} of JSON, the cap on one CloudTrail log file (real ones hold a few MB); this is not a file as CloudTrail writes them (a gzip bomb?).`,
  );

/** A file that cannot be read or inflated, as an input error naming it. */
export function unreadableLogFile(error: unknown, name: string, gzipped: boolean, maxBytes: number): InputError {
  if (error instanceof InputError) return error;
  if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return tooLargeError(name, gzipped, maxBytes);
  return new InputError(`${name}: cannot be read as a CloudTrail log file (${terminalSafe((error as Error).message)}).`);
}

/** The largest piece zlib inflates into at once (see inflateOptions). */
const MAX_CHUNK = 8 * 2 ** 20;

/**
 * zlib's options for a gzip file: at most `maxBytes` out, and pieces the size the gzip trailer
 * gives (ISIZE, the inflated size modulo 2^32), so that a file is inflated in one piece instead of
 * hundreds of 16 KiB ones joined at the end. The trailer is only a hint (a hostile one changes
 * nothing but the piece size, which stays between zlib's default and 8 MiB).
 */
function inflateOptions(raw: Buffer, maxBytes: number): { maxOutputLength: number; chunkSize?: number } {
  if (raw.length < 18) return { maxOutputLength: maxBytes };
  const size = raw.readUInt32LE(raw.length - 4);
  return { maxOutputLength: maxBytes, chunkSize: Math.max(16 * 1024, Math.min(size + 1, MAX_CHUNK, maxBytes)) };
}

/**
 * A log file's JSON bytes from its bytes as stored (gzip when `gzipped`), at most `maxBytes` once
 * inflated: zlib's maxOutputLength stops a bomb before it is inflated whole. `name` is terminal-safe.
 */
export function inflateLogFileSync(raw: Buffer, gzipped: boolean, name: string, maxBytes: number): Buffer {
  let data: Buffer;
  try {
    data = gzipped ? gunzipSync(raw, inflateOptions(raw, maxBytes)) : raw;
  } catch (error) {
    throw unreadableLogFile(error, name, gzipped, maxBytes);
  }
  if (data.length > maxBytes) throw tooLargeError(name, gzipped, maxBytes);
  return data;
}

/** inflateLogFileSync in zlib's thread pool, for the main thread. */
export async function inflateLogFile(raw: Buffer, gzipped: boolean, name: string, maxBytes: number): Promise<Buffer> {
  if (!gzipped) return inflateLogFileSync(raw, false, name, maxBytes);
  let data: Buffer;
  try {
    data = await new Promise<Buffer>((resolve, reject) => gunzip(raw, inflateOptions(raw, maxBytes), (error, out) => (error ? reject(error) : resolve(out))));
  } catch (error) {
    throw unreadableLogFile(error, name, gzipped, maxBytes);
  }
  if (data.length > maxBytes) throw tooLargeError(name, gzipped, maxBytes);
  return data;
}

/** What one log file held: how many records, and the Cognito events among them in file order. */
export interface LogFileEvents {
  records: number;
  events: CognitoEvent[];
}

const IN_STRING = byteTable([QUOTE, BACKSLASH]);
const STRUCTURE = byteTable([QUOTE, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY]);
const WHITESPACE = byteTable([0x20, 0x09, 0x0a, 0x0d]);
const RECORDS_KEY = Buffer.from('"Records"');
const COGNITO = Buffer.from("cognito-i");
const UNICODE_ESCAPE = Buffer.from("\\u");
/** Records looked at before deciding how to read a file: cut record by record, or parse it whole. */
const SAMPLE = 16;

const skipWhitespace = (data: Buffer, i: number) => {
  while (i < data.length && WHITESPACE[data[i]!]) i++;
  return i;
};

/** Where the object starting at `start` ends (one past its `}`), or -1 when the bytes end first. */
function objectEnd(data: Buffer, start: number): number {
  const n = data.length;
  let depth = 0;
  for (let i = start; i < n; i++) {
    while (i < n && !STRUCTURE[data[i]!]) i++;
    if (i === n) break;
    const byte = data[i]!;
    if (byte === QUOTE) {
      for (i++; i < n; i++) {
        while (i < n && !IN_STRING[data[i]!]) i++;
        if (data[i] === BACKSLASH) i++;
        else break;
      }
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
    else if (--depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The records of a file laid out as CloudTrail writes it, `{"Records":[{…},{…}]}`, as they are cut:
 * the bytes of each record, and whether they may hold a Cognito event. Undefined when the layout is
 * another (or broken): the caller then parses the file whole, which names any syntax error.
 */
class RecordCutter {
  private at: number;
  private nextCognito = -2;
  private nextEscape = -2;
  private ended = false;
  start = 0;
  end = 0;

  private constructor(
    private readonly data: Buffer,
    /** Where the list's first record may start (just after its `[`). */
    readonly listStart: number,
  ) {
    this.at = listStart;
  }

  static open(data: Buffer): RecordCutter | undefined {
    let i = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
    i = skipWhitespace(data, i);
    if (data[i] !== OPEN_OBJECT) return undefined;
    i = skipWhitespace(data, i + 1);
    if (!data.subarray(i, i + RECORDS_KEY.length).equals(RECORDS_KEY)) return undefined;
    i = skipWhitespace(data, i + RECORDS_KEY.length);
    if (data[i] !== 0x3a) return undefined;
    i = skipWhitespace(data, i + 1);
    if (data[i] !== OPEN_ARRAY) return undefined;
    return new RecordCutter(data, i + 1);
  }

  /** Cuts the next record into start/end: true; false at the end of the list; undefined when the layout is not CloudTrail's. */
  next(): boolean | undefined {
    if (this.ended) return false;
    const { data } = this;
    let i = skipWhitespace(data, this.at);
    if (data[i] === CLOSE_ARRAY && this.end === 0) return this.close(i);
    if (this.end !== 0) {
      if (data[i] === CLOSE_ARRAY) return this.close(i);
      if (data[i] !== COMMA) return undefined;
      i = skipWhitespace(data, i + 1);
    }
    if (data[i] !== OPEN_OBJECT) return undefined;
    const end = objectEnd(data, i);
    if (end < 0) return undefined;
    this.start = i;
    this.end = end;
    this.at = end;
    return true;
  }

  /** Whether the record just cut may be a Cognito event (see the top of this file). */
  mayBeCognito(): boolean {
    if (this.nextCognito !== -1 && this.nextCognito < this.start) this.nextCognito = this.data.indexOf(COGNITO, this.start);
    if (this.nextCognito !== -1 && this.nextCognito < this.end) return true;
    if (this.nextEscape !== -1 && this.nextEscape < this.start) this.nextEscape = this.data.indexOf(UNICODE_ESCAPE, this.start);
    return this.nextEscape !== -1 && this.nextEscape < this.end;
  }

  /** After the list's `]`: only the frame's `}` and whitespace may follow. */
  private close(i: number): boolean | undefined {
    const after = skipWhitespace(this.data, i + 1);
    if (this.data[after] !== CLOSE_OBJECT || skipWhitespace(this.data, after + 1) !== this.data.length) return undefined;
    this.ended = true;
    return false;
  }
}

/**
 * A Cognito event of a parsed record, or undefined when the record is another service's. The
 * request is the one part of a record that is kept, and later steps may recurse into it: its
 * nesting is bounded here.
 */
function eventOf(record: unknown, index: number, name: string): CognitoEvent | undefined {
  if (record === null || typeof record !== "object" || Array.isArray(record)) return undefined;
  const event = normaliseRecord(record as CloudTrailRecord);
  if (event) {
    const at = event.kind === "managed-login" ? ["Records", index, "additionalEventData", "requestParameters"] : ["Records", index, "requestParameters"];
    assertNestingDepth(event.request, name, at);
  }
  return event;
}

/** The whole file through the shared JSON reader (positioned syntax errors), then each record. */
function parseWhole(data: Buffer, name: string, ascii: boolean): LogFileEvents {
  const text = data.toString(ascii ? "latin1" : "utf8");
  const records = (parseJsonText(text, name, false) as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) throw new InputError(`${name}: at $.Records expected an array of CloudTrail records (the format CloudTrail delivers to S3).`);
  const events: CognitoEvent[] = [];
  for (let i = 0; i < records.length; i++) {
    const event = eventOf(records[i], i, name);
    if (event) events.push(event);
  }
  return { records: records.length, events };
}

/** How a record starts as CloudTrail writes them, after the comma that ends the one before. */
const RECORD_START = Buffer.from(',{"eventVersion"');
/** About how many bytes of records are parsed at once by parseInGroups. */
const GROUP_BYTES = 64 * 1024;

/**
 * A file laid out as CloudTrail writes it, parsed a group of records (about GROUP_BYTES) at a time
 * instead of whole: the text of a few records is a small string, and their objects are garbage
 * before the next group is read, where a whole file is one large string and one large tree (memory
 * that only a full collection gives back). Groups are cut where a record starts
 * (`,{"eventVersion"`: inside a string its quote would be escaped, so there it is structure); a cut
 * inside a nested value leaves a group that is not a JSON array, and then, as with anything else
 * unexpected, the file is parsed whole, which names any syntax error. When every group is an
 * array, their records are exactly the file's list.
 */
function parseInGroups(data: Buffer, listStart: number, name: string, ascii: boolean): LogFileEvents {
  // The end of the list: the `]` before the frame's `}`, with only whitespace after them.
  let end = data.length - 1;
  while (end >= listStart && WHITESPACE[data[end]!]) end--;
  if (end < listStart || data[end] !== CLOSE_OBJECT) return parseWhole(data, name, ascii);
  end--;
  while (end >= listStart && WHITESPACE[data[end]!]) end--;
  if (end < listStart || data[end] !== CLOSE_ARRAY) return parseWhole(data, name, ascii);
  const encoding = ascii ? "latin1" : "utf8";
  const events: CognitoEvent[] = [];
  let records = 0;
  for (let from = listStart; from < end; ) {
    let cut = from + GROUP_BYTES < end ? data.indexOf(RECORD_START, from + GROUP_BYTES) : -1;
    if (cut < 0 || cut > end) cut = end;
    let group: unknown[];
    try {
      group = JSON.parse(`[${data.toString(encoding, from, cut)}]`) as unknown[];
    } catch {
      return parseWhole(data, name, ascii);
    }
    for (const record of group) {
      const event = eventOf(record, records++, name);
      if (event) events.push(event);
    }
    // Past the comma that ends the group's last record.
    from = cut + 1;
  }
  return { records, events };
}

/**
 * The Cognito events of one log file's JSON bytes, in file order. `name` (terminal-safe) names the
 * file in errors. A file that is mostly Cognito's is parsed in groups of records (JSON.parse is
 * faster than cutting every record out); otherwise records are cut out and only those that may be
 * Cognito's are parsed.
 */
export function eventsOfLogFile(data: Buffer, name: string): LogFileEvents {
  const ascii = isAscii(data);
  const cutter = RecordCutter.open(data);
  if (!cutter) return parseWhole(data, name, ascii);
  const events: CognitoEvent[] = [];
  let records = 0;
  let candidates = 0;
  for (let more = cutter.next(); more !== false; more = cutter.next()) {
    if (more === undefined) return parseWhole(data, name, ascii);
    const index = records++;
    if (!cutter.mayBeCognito()) continue;
    // Mostly Cognito: parsing the file whole costs less than cutting it.
    if (++candidates > SAMPLE / 2 && records <= SAMPLE) return parseInGroups(data, cutter.listStart, name, ascii);
    let record: unknown;
    try {
      record = JSON.parse(data.toString(ascii ? "latin1" : "utf8", cutter.start, cutter.end));
    } catch {
      // The whole file through the shared reader: it names the line and column.
      return parseWhole(data, name, ascii);
    }
    const event = eventOf(record, index, name);
    if (event) events.push(event);
  }
  return { records, events };
}

/**
 * A local log file's JSON bytes (inflated when named .gz), at most `maxBytes`. A file is small
 * (CloudTrail writes one every few minutes): read whole, it costs less than a stream per file.
 */
export function readLogFile(file: string, maxBytes: number): Buffer {
  const gzipped = file.toLowerCase().endsWith(".gz");
  const name = terminalSafe(file);
  let raw: Buffer;
  try {
    // Compressed or not, a file larger than the cap holds more JSON than the cap.
    if (statSync(file).size > maxBytes) throw tooLargeError(name, gzipped, maxBytes);
    raw = readFileSync(file);
  } catch (error) {
    throw unreadableLogFile(error, name, gzipped, maxBytes);
  }
  // A file that grew after the check above is caught by the cap on the inflated bytes.
  if (raw.length > maxBytes) throw tooLargeError(name, gzipped, maxBytes);
  return inflateLogFileSync(raw, gzipped, name, maxBytes);
}

/** The events of a local log file (gzip when named .gz), at most `maxBytes` of JSON. */
export const readLogFileEvents = (file: string, maxBytes: number): LogFileEvents => eventsOfLogFile(readLogFile(file, maxBytes), terminalSafe(file));
