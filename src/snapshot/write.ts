// A snapshot's text, written pool by pool: JSON.stringify of a whole large estate is one string,
// and V8 refuses strings above 512 MB (about 28,000 pools of 10 clients). Two layouts, one frame:
// - pretty: exactly JSON.stringify(snapshot, null, 2) plus a newline;
// - compact: the same, except that each user pool is compact JSON on a line of its own (a third of
//   the bytes, and still a line per pool for SARIF's locator).
// The helpers below are what both this writer and the streamed one (stream.ts) build the frame
// with, so that the two cannot drift apart.

import { inPieces } from "../util/pieces.js";

const INDENT = "  ";

export type SnapshotLayout = "pretty" | "compact";

/** Which arrays are written element by element: accounts, their regions, and the regions' user pools. */
interface Streamed {
  readonly [key: string]: Streamed;
}
const SNAPSHOT_ARRAYS: Streamed = { accounts: { regions: { userPools: {} } } };

/** `text` (JSON.stringify with 2 spaces) moved `depth` levels to the right. */
const indented = (text: string, depth: number) => (depth === 0 ? text : text.replaceAll("\n", `\n${INDENT.repeat(depth)}`));

/** A newline and the indentation of a member or item at `depth`. */
export const newlineAt = (depth: number) => `\n${INDENT.repeat(depth)}`;

/**
 * `"key": value` as a member of an object at `depth` (the value pretty, indented), after a
 * newline; undefined for what JSON.stringify leaves out of objects (undefined, functions).
 */
export function memberText(key: string, value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(value, null, 2);
  return text === undefined ? undefined : `${newlineAt(depth + 1)}${JSON.stringify(key)}: ${indented(text, depth + 1)}`;
}

/** The start of a streamed member: `"key": ` after a newline (and a comma unless it is the first). */
export const streamedMemberStart = (key: string, depth: number, first: boolean) => `${first ? "" : ","}${newlineAt(depth + 1)}${JSON.stringify(key)}: `;

/** An item of a streamed array at `depth` (the array's depth), before its text: `[` or `,`, then a newline. */
export const itemStart = (depth: number, first: boolean) => `${first ? "[" : ","}${newlineAt(depth + 1)}`;

/** The end of an array at `depth`: `[]` when it had no items. */
export const arrayEnd = (depth: number, items: number) => (items === 0 ? "[]" : `${newlineAt(depth)}]`);

/** The end of an object at `depth` whose `{` is written: `}` right after it when it had no members. */
export const objectEnd = (depth: number, members: number) => (members === 0 ? "}" : `${newlineAt(depth)}}`);

/** A user pool in the compact layout: JSON on one line (JSON.stringify escapes every line break in strings). */
export const poolLine = (entry: unknown) => JSON.stringify(entry) ?? "null";

function* valueChunks(value: unknown, depth: number, streamed: Streamed, layout: SnapshotLayout): Generator<string> {
  const leaf = Object.keys(streamed).length === 0;
  if (leaf && layout === "compact" && depth > 0) {
    // Only user pools are leaves below the root.
    yield poolLine(value);
    return;
  }
  const plain = leaf || value === null || typeof value !== "object" || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === "function";
  if (plain) {
    // In an array, what JSON.stringify cannot write (undefined, a function) is null.
    yield indented(JSON.stringify(value, null, 2) ?? "null", depth);
    return;
  }
  let members = 0;
  yield "{";
  for (const [key, member] of Object.entries(value)) {
    const inner = streamed[key];
    if (inner && Array.isArray(member)) {
      yield streamedMemberStart(key, depth, members++ === 0);
      yield* arrayChunks(member, depth + 1, inner, layout);
      continue;
    }
    const text = memberText(key, member, depth);
    if (text !== undefined) yield `${members++ ? "," : ""}${text}`;
  }
  yield objectEnd(depth, members);
}

function* arrayChunks(items: readonly unknown[], depth: number, streamed: Streamed, layout: SnapshotLayout): Generator<string> {
  for (let i = 0; i < items.length; i++) {
    yield itemStart(depth, i === 0);
    yield* valueChunks(items[i], depth + 1, streamed, layout);
  }
  yield arrayEnd(depth, items.length);
}

/**
 * The snapshot's text in pieces of about a megabyte; no piece holds more than one pool beyond
 * that, so no size of estate makes one string. Pretty: JSON.stringify(snapshot, null, 2) and a
 * newline. Compact: the same frame, each user pool on one line.
 */
export function snapshotChunks(snapshot: object, layout: SnapshotLayout = "pretty"): Iterable<string> {
  return inPieces(
    (function* () {
      yield* valueChunks(snapshot, 0, SNAPSHOT_ARRAYS, layout);
      yield "\n";
    })(),
  );
}
