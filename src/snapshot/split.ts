// Cuts a snapshot's bytes into its user pools and the rest (the frame), reading the file once and
// holding at most one pool and the frame: no size of estate makes one string. The cut follows only
// strings and brackets; it does not check the syntax. Each piece and the frame are JSON.parse'd by
// the reader, and valid pieces in a valid frame are a valid document.

import { BACKSLASH, byteTable, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from "./jsonBytes.js";

/** The bytes that matter inside a string, and deep inside a pool. */
const IN_STRING = byteTable([QUOTE, BACKSLASH]);
const STRUCTURE = byteTable([QUOTE, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY]);

/** Nesting levels (open containers) of the document's structure down to the user pool lists. */
const ROOT = 1;
const ACCOUNT = 3;
const REGION = 5;
const POOLS = 6;

export type SplitEvent =
  /** The bytes of user pool `index` of region `region` of account `account`; `ordinal` counts every pool of the file. */
  | { kind: "pool"; ordinal: number; account: number; region: number; index: number; bytes: Buffer }
  /** The bytes of a value the reader wants early: the format and version, an account's id and partition, a region's name. */
  | { kind: "value"; key: string; account: number; region: number; bytes: Buffer };

/** Bytes that span chunks: `start` is where they begin in the current chunk (-1: not collecting). */
class Span {
  private parts: Buffer[] = [];
  private start = -1;
  constructor(private readonly copy: boolean) {}
  get open(): boolean {
    return this.start >= 0;
  }
  begin(at: number): void {
    this.start = at;
  }
  /** At the end of a chunk: keep what is collected, and go on at the start of the next one. */
  carry(chunk: Buffer): void {
    if (this.start < 0) return;
    if (this.start < chunk.length) this.parts.push(this.take(chunk.subarray(this.start)));
    this.start = 0;
  }
  end(chunk: Buffer, at: number): Buffer {
    this.parts.push(this.take(chunk.subarray(this.start, at)));
    return this.finish();
  }
  /** What is collected (after carry(), at the end of the input). */
  finish(): Buffer {
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.start = -1;
    return bytes;
  }
  // A slice keeps its whole chunk alive: what is kept across chunks (the frame) is copied.
  private take(bytes: Buffer): Buffer {
    return this.copy ? Buffer.from(bytes) : bytes;
  }
}

/** The keys whose values are reported, by nesting level. */
const WANTED: Record<number, readonly string[]> = { [ROOT]: ["format", "version"], [ACCOUNT]: ["accountId", "partition"], [REGION]: ["region"] };

/**
 * Splits the bytes of a snapshot. Yields its pools (and a few values) as they are read; returns the
 * frame: the document with each pool replaced by its ordinal (0, 1, …), and without a byte order mark.
 */
export async function* splitSnapshot(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<SplitEvent, Buffer> {
  let depth = 0;
  // Down to the pool lists: whether each level is an object, its current key or index.
  const isObject: boolean[] = [];
  const keys: string[] = [];
  const indexes: number[] = [];
  let awaitingKey = false;
  let inString = false;
  let escaped = false;
  /** Inside a list of user pools (accounts[].regions[].userPools). */
  let inPools = false;
  let poolHasBytes = false;
  let ordinal = 0;

  const frame = new Span(true);
  const frameParts: Buffer[] = [];
  const pool = new Span(false);
  const key = new Span(true);
  const value = new Span(true);
  let valueKey = "";
  let valueDepth = 0;

  const isPoolList = () =>
    isObject[ROOT] === true && keys[ROOT] === "accounts" && isObject[2] === false && isObject[ACCOUNT] === true && keys[ACCOUNT] === "regions" && isObject[4] === false && isObject[REGION] === true && keys[REGION] === "userPools";
  const wants = (name: string) => {
    if (!WANTED[depth]?.includes(name)) return false;
    return depth === ROOT || (keys[ROOT] === "accounts" && isObject[2] === false && (depth === ACCOUNT || (keys[ACCOUNT] === "regions" && isObject[4] === false)));
  };

  frame.begin(0);
  for await (const chunk of withoutByteOrderMark(chunks)) {
    const events: SplitEvent[] = [];
    let i = 0;
    const poolEnds = (at: number) => {
      events.push({ kind: "pool", ordinal, account: indexes[2]!, region: indexes[4]!, index: indexes[POOLS]!, bytes: pool.end(chunk, at) });
      frameParts.push(Buffer.from(String(ordinal++)));
      frame.begin(at);
    };
    const poolBegins = (at: number) => {
      frameParts.push(frame.end(chunk, at));
      pool.begin(at);
      poolHasBytes = false;
    };
    for (const n = chunk.length; i < n; i++) {
      // Most bytes are inside strings or deep inside a pool: skip those that change nothing.
      if (inString) {
        if (!escaped) while (i < n && !IN_STRING[chunk[i]!]) i++;
      } else if (depth > POOLS) while (i < n && !STRUCTURE[chunk[i]!]) i++;
      if (i === n) break;
      const byte = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) {
          inString = false;
          if (key.open) {
            keys[depth] = decodeKey(key.end(chunk, i));
            awaitingKey = false;
          }
        }
        continue;
      }
      switch (byte) {
        case QUOTE:
          if (inPools && depth === POOLS) poolHasBytes = true;
          inString = true;
          if (awaitingKey && depth <= REGION) key.begin(i + 1);
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          if (inPools && depth === POOLS) poolHasBytes = true;
          depth++;
          if (depth <= POOLS) {
            isObject[depth] = byte === OPEN_OBJECT;
            keys[depth] = "";
            indexes[depth] = 0;
            awaitingKey = byte === OPEN_OBJECT && depth <= REGION;
            if (depth === POOLS && byte === OPEN_ARRAY && isPoolList()) {
              inPools = true;
              poolBegins(i + 1);
            }
          }
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (depth > POOLS) {
            depth--;
            break;
          }
          if (inPools && depth === POOLS) {
            inPools = false;
            // `[ ]` has no pool; `[{…}, ]` has an empty last one, which will not parse.
            if (poolHasBytes || indexes[POOLS]! > 0) poolEnds(i);
            else {
              pool.end(chunk, i);
              frame.begin(i);
            }
          }
          if (value.open && depth === valueDepth) events.push({ kind: "value", key: valueKey, account: indexes[2] ?? -1, region: depth === REGION ? indexes[4]! : -1, bytes: value.end(chunk, i) });
          depth--;
          awaitingKey = false;
          break;
        case COMMA:
          if (depth > POOLS) break;
          if (inPools && depth === POOLS) {
            poolEnds(i);
            indexes[POOLS]!++;
            poolBegins(i + 1);
            break;
          }
          if (value.open && depth === valueDepth) events.push({ kind: "value", key: valueKey, account: indexes[2] ?? -1, region: depth === REGION ? indexes[4]! : -1, bytes: value.end(chunk, i) });
          if (isObject[depth]) awaitingKey = depth <= REGION;
          else indexes[depth]!++;
          break;
        case COLON:
          if (depth <= REGION && isObject[depth] && !value.open && wants(keys[depth]!)) {
            valueKey = keys[depth]!;
            valueDepth = depth;
            value.begin(i + 1);
          }
          break;
        default:
          if (inPools && depth === POOLS && byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) poolHasBytes = true;
      }
    }
    for (const span of [frame, pool, key, value]) span.carry(chunk);
    yield* events;
  }
  // A file that ends inside a pool: its bytes are the frame's, which then does not parse.
  if (pool.open) frameParts.push(pool.finish());
  if (frame.open) frameParts.push(frame.finish());
  return Buffer.concat(frameParts);
}

/** The input as Buffers, without the UTF-8 byte order mark that editors write (it is not JSON). */
async function* withoutByteOrderMark(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let start: Buffer | undefined = Buffer.alloc(0);
  for await (const input of chunks) {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (start === undefined) {
      yield chunk;
      continue;
    }
    start = Buffer.concat([start, chunk]);
    if (start.length < 3) continue;
    yield start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf ? start.subarray(3) : start;
    start = undefined;
  }
  if (start !== undefined) yield start;
}

/** A property name's bytes as a string; one that does not decode cannot match a wanted key. */
function decodeKey(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  if (!text.includes("\\")) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return "\u0000";
  }
}
