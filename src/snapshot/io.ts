import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../files.js";
import { assertNestingDepth, parseJsonText } from "./json.js";
import { JsonSyntaxChecker } from "./jsonSyntax.js";
import type { ValidateFunction } from "ajv";
import { validate as generatedPoolValidator } from "./poolValidator.generated.js";
import { frameSchema } from "./schema.js";
import { splitSnapshot } from "./split.js";
import { assertValid, compileSchema, isRecord } from "./validate.js";
import type { Snapshot, UserPoolEntry } from "./types.js";
import { uniqueIds } from "./unique.js";
import { snapshotChunks } from "./write.js";

// The pool's validator is generated ahead (scripts/validators.ts): compiling its schema took about
// 130 ms of every scan. The frame's schema is small and compiled when first needed.
let validators: { pool: ValidateFunction<UserPoolEntry>; frame: ValidateFunction<Snapshot> } | undefined;
const validate = () => (validators ??= { pool: generatedPoolValidator as unknown as ValidateFunction<UserPoolEntry>, frame: compileSchema<Snapshot>(frameSchema, false) });

const cannotRead = (file: string, error: unknown) =>
  new InputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code || (error as Error).message}); expected a readable JSON file.`);

/** Read a JSON file, turning I/O and syntax problems into InputErrors that name the file and place. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw cannotRead(file, error);
  }
  return parseJsonText(text, file);
}


/** The checks of snapshot v1, for a whole document (parseSnapshot) or pool by pool as a file is read. */
class SnapshotChecks {
  private readonly unique;
  constructor(private readonly file: string) {
    this.unique = uniqueIds(file);
  }

  /** The format and version first: another document gets a clear answer, not a schema error. */
  header(data: unknown): void {
    const format = (data as { format?: unknown } | null)?.format;
    if (data && typeof data === "object" && format !== undefined && format !== "cognito-audit/snapshot") {
      throw new InputError(`${this.file}: at $.format expected "cognito-audit/snapshot", found ${JSON.stringify(format)}: this is not a cognito-audit snapshot (write one with \`cognito-audit collect\`).`);
    }
    const v = (data as { version?: unknown } | null)?.version;
    if (data && typeof data === "object" && v !== undefined && v !== 1) {
      throw new InputError(`${this.file}: snapshot version ${JSON.stringify(v)} is not supported; this cognito-audit reads version 1.`);
    }
  }

  pool(entry: unknown, a: number, r: number, p: number): asserts entry is UserPoolEntry {
    assertValid(validate().pool, entry, this.file, "cognito-audit snapshot", `/accounts/${a}/regions/${r}/userPools/${p}`);
    this.unique.pool(entry, a, r, p);
  }

  /** Everything but the pools, which the schema leaves to pool(). */
  frame(data: unknown): asserts data is Snapshot {
    this.header(data);
    assertValid(validate().frame, data, this.file, "cognito-audit snapshot");
    this.unique.frame(data);
  }
}

/** Each user pool entry of a snapshot-shaped document, with its indexes; anything else is left to the schema. */
function forEachPool(data: unknown, visit: (entry: unknown, a: number, r: number, p: number) => void): void {
  if (!isRecord(data) || !Array.isArray(data.accounts)) return;
  data.accounts.forEach((account: unknown, a) => {
    if (!isRecord(account) || !Array.isArray(account.regions)) return;
    account.regions.forEach((region: unknown, r) => {
      if (isRecord(region) && Array.isArray(region.userPools)) region.userPools.forEach((entry: unknown, p) => visit(entry, a, r, p));
    });
  });
}

/** Parse and validate snapshot v1 data; `file` names the origin in error messages. */
export function parseSnapshot(data: unknown, file: string): Snapshot {
  const checks: SnapshotChecks = new SnapshotChecks(file);
  checks.header(data);
  forEachPool(data, (entry, a, r, p) => checks.pool(entry, a, r, p));
  checks.frame(data);
  return data;
}

/** Bytes to read, from the start each time it is called: a file, or a snapshot being written. */
type Source = () => AsyncIterable<Uint8Array>;

/** Big enough that a read costs little, small enough that it is not memory. */
const READ_CHUNK = 1 << 20;
const fileSource = (file: string, chunkBytes = READ_CHUNK): Source => () => createReadStream(file, { highWaterMark: chunkBytes });

/** A failure to read the file, which no second reading explains better. */
class ReadError extends InputError {}

async function* bytesOf(file: string, source: Source): AsyncGenerator<Uint8Array> {
  try {
    yield* source();
  } catch (error) {
    throw error instanceof InputError ? error : new ReadError(cannotRead(file, error).message);
  }
}

/** JSON.parse of a piece of the file; a piece that does not parse sends the reader looking for the syntax error. */
function parsePiece(bytes: Buffer, file: string, what: string): unknown {
  let text: string;
  try {
    text = bytes.toString("utf8");
  } catch {
    throw new ReadError(`${file}: ${what} is ${bytes.length} bytes, more than one JSON value this cognito-audit reads (${(0x1fffffe8 / 1e6).toFixed(0)} MB); expected a snapshot written by \`cognito-audit collect\`.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(`${file}: is not valid JSON.`);
  }
}

/**
 * The first syntax error of the source, with line and column as parseJsonText gives them, read
 * in pieces; undefined when it is valid JSON.
 */
async function syntaxError(file: string, source: Source): Promise<InputError | undefined> {
  const checker = new JsonSyntaxChecker();
  const decoder = new StringDecoder("utf8");
  let started = false;
  let held = "";
  const feed = (text: string) => {
    let body = held + text;
    if (!started && body.length > 0) {
      started = true;
      if (body.startsWith("\uFEFF")) body = body.slice(1);
    }
    // A piece may not end inside a surrogate pair: the checker names a character by its code point.
    const last = body.charCodeAt(body.length - 1);
    held = last >= 0xd800 && last <= 0xdbff ? body.slice(-1) : "";
    return checker.feed(held ? body.slice(0, -1) : body);
  };
  let complete = true;
  for await (const chunk of bytesOf(file, source)) {
    if (!feed(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)))) {
      complete = false;
      break;
    }
  }
  if (complete) {
    feed(decoder.end());
    checker.feed(held);
  }
  const error = checker.end();
  if (!error || !checker.position) return undefined;
  return new InputError(`${file}: is not valid JSON at line ${checker.position.line}, column ${checker.position.column}: ${error.reason}.`);
}

/** A user pool of a snapshot being read, where it sits, and whose it is. */
export interface SnapshotPool {
  accountId: string;
  partition: string;
  region: string;
  /** JSON path: $.accounts[0].regions[1].userPools[2]. */
  path: string;
  entry: UserPoolEntry;
}

interface ReadPool {
  ordinal: number;
  pool: SnapshotPool;
}

/**
 * Reads a snapshot pool by pool: each pool's bytes are cut out of the stream, parsed, checked
 * for depth and validated on their own, then yielded. Returns the frame (the snapshot whose
 * userPools hold each pool's ordinal), validated. A pool is yielded once its account id,
 * partition and region have been read: before it in files that `collect` writes.
 * Errors are InputErrors as parseJsonText and parseSnapshot give them; a syntax error anywhere
 * in the file comes before any other problem, as if the file had been parsed whole.
 */
async function* readSnapshot(file: string, source: Source): AsyncGenerator<ReadPool, Snapshot> {
  const checks: SnapshotChecks = new SnapshotChecks(file);
  const accounts = new Map<number, { accountId?: unknown; partition?: unknown }>();
  const regions = new Map<string, unknown>();
  const header: { format?: unknown; version?: unknown } = {};
  const waiting: { ordinal: number; a: number; r: number; p: number; entry: UserPoolEntry }[] = [];
  const path = (a: number, r: number, p: number) => `$.accounts[${a}].regions[${r}].userPools[${p}]`;
  const account = (a: number) => accounts.get(a) ?? accounts.set(a, {}).get(a)!;
  const known = (a: number, r: number) => {
    const { accountId, partition } = accounts.get(a) ?? {};
    const region = regions.get(`${a}/${r}`);
    return typeof accountId === "string" && typeof partition === "string" && typeof region === "string" ? { accountId, partition, region } : undefined;
  };
  const split = splitSnapshot(bytesOf(file, source));
  try {
    let next = await split.next();
    for (; !next.done; next = await split.next()) {
      const event = next.value;
      if (event.kind === "value") {
        let value: unknown;
        try {
          value = JSON.parse(event.bytes.toString("utf8"));
        } catch {
          // The frame will not parse either: the syntax error is found there.
        }
        if (event.key === "format" || event.key === "version") {
          header[event.key] = value;
          checks.header(header);
        } else if (event.key === "region") regions.set(`${event.account}/${event.region}`, value);
        else account(event.account)[event.key as "accountId" | "partition"] = value;
      } else if (event.kind === "pool") {
        const { account: a, region: r, index: p } = event;
        const entry = event.parsed ? event.parsed.value : parsePiece(event.bytes, file, `the user pool at ${path(a, r, p)}`);
        assertNestingDepth(entry, file, ["accounts", a, "regions", r, "userPools", p]);
        checks.pool(entry, a, r, p);
        waiting.push({ ordinal: event.ordinal, a, r, p, entry });
      }
      while (waiting.length > 0 && known(waiting[0]!.a, waiting[0]!.r)) {
        const { ordinal, a, r, p, entry } = waiting.shift()!;
        yield { ordinal, pool: { ...known(a, r)!, path: path(a, r, p), entry } };
      }
    }
    const frame = parsePiece(next.value, file, "the snapshot without its user pools");
    assertNestingDepth(frame, file);
    checks.frame(frame);
    // Whatever came before its account id, partition or region: the frame has them now.
    for (const { ordinal, a, r, p, entry } of waiting) {
      const owner = frame.accounts[a];
      const region = owner?.regions[r]?.region ?? "";
      yield { ordinal, pool: { accountId: owner?.accountId ?? "", partition: owner?.partition ?? "", region, path: path(a, r, p), entry } };
    }
    return frame;
  } catch (error) {
    if (!(error instanceof InputError) || error instanceof ReadError) throw error;
    throw (await syntaxError(file, source)) ?? error;
  } finally {
    // A caller that stops early closes the file.
    await split.return(Buffer.alloc(0));
  }
}

/**
 * The user pools of a snapshot file one at a time, with their account and region, so that a
 * caller can evaluate a pool and drop it: memory holds one pool, not the estate. Returns the
 * rest of the snapshot (every userPools list empty) once all pools are read; the file's
 * problems are thrown as loadSnapshot throws them, possibly after some pools were yielded.
 */
export async function* snapshotPools(file: string, chunkBytes = READ_CHUNK): AsyncGenerator<SnapshotPool, Snapshot> {
  const read = readSnapshot(file, fileSource(file, chunkBytes));
  let next = await read.next();
  for (; !next.done; next = await read.next()) yield next.value.pool;
  for (const account of next.value.accounts) for (const region of account.regions) region.userPools = [];
  return next.value;
}

async function readWhole(file: string, source: Source): Promise<Snapshot> {
  const pools = new Map<number, UserPoolEntry>();
  const read = readSnapshot(file, source);
  let next = await read.next();
  for (; !next.done; next = await read.next()) pools.set(next.value.ordinal, next.value.pool.entry);
  const snapshot = next.value;
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      // The frame holds each pool's ordinal in place of the pool.
      region.userPools = (region.userPools as unknown as number[]).map((ordinal) => {
        const entry = pools.get(ordinal);
        if (!entry) throw new Error(`${file}: internal error: user pool ${ordinal} was not read`);
        return entry;
      });
    }
  }
  return snapshot;
}

/** Reads and validates a snapshot file of any size (it is never one string); `chunkBytes` for tests. */
export function loadSnapshot(file: string, chunkBytes = READ_CHUNK): Promise<Snapshot> {
  return readWhole(file, fileSource(file, chunkBytes));
}

/** The snapshot as a saved file of it would read back: written and read by the same code as `collect` and `scan --snapshot`. */
export function reread(snapshot: Snapshot, name: string): Promise<Snapshot> {
  return readWhole(name, async function* () {
    for (const chunk of snapshotChunks(snapshot)) yield Buffer.from(chunk, "utf8");
  });
}

/** The snapshot's text, for tests and small snapshots; files are written by saveSnapshot, never as one string. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return [...snapshotChunks(snapshot)].join("");
}

export async function saveSnapshot(snapshot: Snapshot, file: string): Promise<void> {
  // Owner-only: a snapshot describes the account's attack surface.
  writeFileAtomic(file, snapshotChunks(snapshot), { mode: 0o600 });
}
