// A snapshot's text, written pool by pool: JSON.stringify of a whole large estate is one string,
// and V8 refuses strings above 512 MB (about 28,000 pools of 10 clients). The text is exactly
// JSON.stringify(snapshot, null, 2) plus a newline, so SARIF results keep pointing at real lines.

import { inPieces } from "../util/pieces.js";

const INDENT = "  ";

/** Which arrays are written element by element: accounts, their regions, and the regions' user pools. */
interface Streamed {
  readonly [key: string]: Streamed;
}
const SNAPSHOT_ARRAYS: Streamed = { accounts: { regions: { userPools: {} } } };

/** `text` (JSON.stringify with 2 spaces) moved `depth` levels to the right. */
const indented = (text: string, depth: number) => (depth === 0 ? text : text.replaceAll("\n", `\n${INDENT.repeat(depth)}`));

function* valueChunks(value: unknown, depth: number, streamed: Streamed): Generator<string> {
  const plain = Object.keys(streamed).length === 0 || value === null || typeof value !== "object" || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === "function";
  if (plain) {
    // In an array, what JSON.stringify cannot write (undefined, a function) is null.
    yield indented(JSON.stringify(value, null, 2) ?? "null", depth);
    return;
  }
  const pad = `\n${INDENT.repeat(depth + 1)}`;
  let members = 0;
  yield "{";
  for (const [key, member] of Object.entries(value)) {
    const inner = streamed[key];
    if (inner && Array.isArray(member)) {
      yield `${members++ ? "," : ""}${pad}${JSON.stringify(key)}: `;
      yield* arrayChunks(member, depth + 1, inner);
      continue;
    }
    const text = JSON.stringify(member, null, 2);
    // JSON.stringify leaves out members it cannot write (undefined, functions).
    if (text !== undefined) yield `${members++ ? "," : ""}${pad}${JSON.stringify(key)}: ${indented(text, depth + 1)}`;
  }
  yield members ? `\n${INDENT.repeat(depth)}}` : "}";
}

function* arrayChunks(items: readonly unknown[], depth: number, streamed: Streamed): Generator<string> {
  if (items.length === 0) {
    yield "[]";
    return;
  }
  const pad = `\n${INDENT.repeat(depth + 1)}`;
  for (let i = 0; i < items.length; i++) {
    yield i === 0 ? `[${pad}` : `,${pad}`;
    yield* valueChunks(items[i], depth + 1, streamed);
  }
  yield `\n${INDENT.repeat(depth)}]`;
}

/**
 * The snapshot's text (JSON.stringify(snapshot, null, 2) and a newline) in pieces of about a
 * megabyte; no piece holds more than one pool beyond that, so no size of estate makes one string.
 */
export function snapshotChunks(snapshot: object): Iterable<string> {
  return inPieces(
    (function* () {
      yield* valueChunks(snapshot, 0, SNAPSHOT_ARRAYS);
      yield "\n";
    })(),
  );
}
