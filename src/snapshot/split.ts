// Cuts a snapshot's bytes into its user pools and the rest (the frame), reading the file once and
// holding at most one pool and the frame: no size of estate makes one string. The cut follows only
// strings and brackets; it does not check the syntax. Each piece and the frame are JSON.parse'd by
// the reader, and valid pieces in a valid frame are a valid document.

import { BACKSLASH, byteTable, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, NEWLINE, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from "./jsonBytes.js";

/** The bytes that matter inside a string, and deep inside a pool. */
const IN_STRING = byteTable([QUOTE, BACKSLASH]);
const STRUCTURE = byteTable([QUOTE, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY]);

/** Nesting levels (open containers) of the document's structure down to the user pool lists. */
const ROOT = 1;
const ACCOUNT = 3;
const REGION = 5;
const POOLS = 6;

export type SplitEvent =
  /**
   * The bytes of user pool `index` of region `region` of account `account`; `ordinal` counts every
   * pool of the file. `parsed`: the pool already parsed (cut by its indentation, see indentedEnd).
   */
  | { kind: "pool"; ordinal: number; account: number; region: number; index: number; bytes: Buffer; parsed?: { value: unknown } }
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

/**
 * A pool of a pretty-printed snapshot (as `collect` writes it) ends at the first line that holds
 * its closing brace at its opening brace's indentation: found natively instead of byte by byte in
 * JavaScript (the byte loop was half of reading at 2,000 pools). The cut is confirmed by parsing:
 * text from an opening brace to a closing one parses only when the two match, so a file laid out
 * otherwise is read byte by byte as before. Returns the pool parsed and where it ends, or undefined.
 */
function indentedEnd(chunk: Buffer, open: number): { value: unknown; end: number } | undefined {
  let lineStart = open - 1;
  while (lineStart >= 0 && (chunk[lineStart] === SPACE || chunk[lineStart] === TAB)) lineStart--;
  if (lineStart < 0 || chunk[lineStart] !== NEWLINE) return undefined;
  const close = Buffer.concat([chunk.subarray(lineStart, open), CLOSE_BRACE]);
  const at = chunk.indexOf(close, open + 1);
  if (at < 0) return undefined;
  const end = at + close.length - 1;
  try {
    return { value: JSON.parse(chunk.toString("utf8", open, end + 1)), end };
  } catch {
    return undefined;
  }
}
const SPACE = 0x20;
const TAB = 0x09;
const CLOSE_BRACE = Buffer.from("}");

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
  /** The pool being cut, when it was parsed by its indentation and nothing but whitespace followed it. */
  let parsed: { value: unknown } | undefined;
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
      events.push({ kind: "pool", ordinal, account: indexes[2]!, region: indexes[4]!, index: indexes[POOLS]!, bytes: pool.end(chunk, at), ...(parsed ? { parsed } : {}) });
      parsed = undefined;
      frameParts.push(Buffer.from(String(ordinal++)));
      frame.begin(at);
    };
    // A byte other than whitespace between two commas of a pool list: the pool has bytes, and one
    // parsed before it is not the whole piece, which then is parsed (and fails) as bytes.
    const sawPoolByte = () => {
      poolHasBytes = true;
      parsed = undefined;
    };
    const poolBegins = (at: number) => {
      frameParts.push(frame.end(chunk, at));
      pool.begin(at);
      poolHasBytes = false;
      parsed = undefined;
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
          if (inPools && depth === POOLS) sawPoolByte();
          inString = true;
          if (awaitingKey && depth <= REGION) key.begin(i + 1);
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          if (inPools && depth === POOLS) {
            const cut = !poolHasBytes && byte === OPEN_OBJECT ? indentedEnd(chunk, i) : undefined;
            sawPoolByte();
            if (cut) {
              // The whole pool is read: go on after its closing brace, at the pool list's level.
              parsed = { value: cut.value };
              i = cut.end;
              break;
            }
          }
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
          if (inPools && depth === POOLS && byte !== SPACE && byte !== NEWLINE && byte !== 0x0d && byte !== TAB) sawPoolByte();
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
