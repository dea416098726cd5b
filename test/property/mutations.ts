// Arbitraries that damage a real snapshot: pick a place in its JSON and break it there, or break
// the file's text itself. Each mutation names its JSON path, so a shrunk counterexample reads well.
import fc from "fast-check";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Key = string | number;

/** Control characters and escape sequences a hostile pool or client name could carry. */
export const NASTY_FRAGMENTS = [
  "\u001b[31m",
  "\u001b[2J\u001b[H",
  "\u001b]0;owned\u0007",
  "\u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\",
  "\u009b31m",
  "\u0085",
  "\u0000",
  "\r",
  "\b\b\b",
  "\u007f",
  "\u202e",
  "\u2066",
  "\u001bP+q\u001b\\",
];

export const nastyString = fc
  .array(fc.oneof(fc.constantFrom(...NASTY_FRAGMENTS), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 6 })
  .map((parts) => `pool${parts.join("")}`);

const WRONG_TYPES: Json[] = ["x", "", 42, -1, 0, 1.5, 1e308, [], {}, true, false, ["x"], [{}], { x: 1 }];

export type Mutation =
  | { kind: "delete"; path: Key[] }
  | { kind: "set"; path: Key[]; value: Json }
  | { kind: "hugeString"; path: Key[]; length: number }
  | { kind: "controlString"; path: Key[]; value: string }
  | { kind: "duplicate"; path: Key[] }
  | { kind: "deepNesting"; path: Key[]; depth: number }
  | { kind: "extraKey"; path: Key[]; key: string; value: Json };

export type TextMutation =
  | { kind: "truncate"; at: number }
  | { kind: "insertBytes"; at: number; bytes: number[] }
  | { kind: "replace"; text: string };

interface Places {
  all: Key[][];
  objects: Key[][];
  strings: Key[][];
  /** Elements of arrays: pools, clients, providers, errors, ... */
  elements: Key[][];
}

/** Every path of a JSON value (except the root), sorted by kind of place. */
export function placesOf(root: Json): Places {
  const places: Places = { all: [], objects: [], strings: [], elements: [] };
  const walk = (value: Json, path: Key[]) => {
    if (path.length > 0) places.all.push(path);
    if (typeof value === "string") places.strings.push(path);
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        places.elements.push([...path, i]);
        walk(item, [...path, i]);
      });
    } else if (value !== null && typeof value === "object") {
      places.objects.push(path);
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(root, []);
  return places;
}

/** `$.accounts[0].regions[0].userPools[1].mfaConfig`, as the CLI names places. */
export const pathText = (path: Key[]) => path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : `${text}.${key}`), "$");

const pick = (paths: Key[][]) => fc.constantFrom(...(paths.length > 0 ? paths : [[]]));

/** One structural mutation of the snapshot `root`. */
export function mutationOf(root: Json): fc.Arbitrary<Mutation> {
  const places = placesOf(root);
  return fc.oneof(
    { weight: 3, arbitrary: pick(places.all).map((path): Mutation => ({ kind: "delete", path })) },
    { weight: 2, arbitrary: pick(places.all).map((path): Mutation => ({ kind: "set", path, value: null })) },
    { weight: 3, arbitrary: fc.tuple(pick(places.all), fc.constantFrom(...WRONG_TYPES)).map(([path, value]): Mutation => ({ kind: "set", path, value })) },
    { weight: 1, arbitrary: fc.tuple(pick(places.strings), fc.integer({ min: 10_000, max: 300_000 })).map(([path, length]): Mutation => ({ kind: "hugeString", path, length })) },
    { weight: 3, arbitrary: fc.tuple(pick(places.strings), nastyString).map(([path, value]): Mutation => ({ kind: "controlString", path, value })) },
    { weight: 2, arbitrary: pick(places.elements).map((path): Mutation => ({ kind: "duplicate", path })) },
    { weight: 1, arbitrary: fc.tuple(pick(places.all), fc.integer({ min: 500, max: 20_000 })).map(([path, depth]): Mutation => ({ kind: "deepNesting", path, depth })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(pick(places.objects), fc.oneof(fc.constantFrom("__proto__", "constructor", "toString", "x-extra", "Id"), nastyString), fc.constantFrom<Json>("v", 1, null, {}, []))
        .map(([path, key, value]): Mutation => ({ kind: "extraKey", path, key, value })),
    },
    { weight: 1, arbitrary: pick(places.all.filter((p) => p.length > 0)).map((path): Mutation => ({ kind: "set", path, value: [] })) },
  );
}

/** One mutation of the file's text (applied after the structural ones). */
export function textMutationOf(length: number): fc.Arbitrary<TextMutation> {
  return fc.oneof(
    fc.integer({ min: 0, max: length - 1 }).map((at): TextMutation => ({ kind: "truncate", at })),
    fc
      .tuple(fc.integer({ min: 0, max: length }), fc.array(fc.constantFrom(0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x00, 0x1b, 0x22, 0x7b), { minLength: 1, maxLength: 4 }))
      .map(([at, bytes]): TextMutation => ({ kind: "insertBytes", at, bytes })),
    fc.constantFrom("", " ", "null", "[]", "{}", "0", '"x"', "\ufeff{}", "{\"format\":\"cognito-audit/snapshot\"}").map((text): TextMutation => ({ kind: "replace", text })),
  );
}

const DEEP = "__DEEP_NESTING__";

/** The parent of `path` and its last key, or undefined when the place is gone (an earlier mutation removed it). */
function locate(root: Json, path: Key[]): { parent: Json[] | { [key: string]: Json }; key: Key } | undefined {
  let current: Json = root;
  for (const key of path.slice(0, -1)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<Key, Json>)[key] as Json;
  }
  if (current === null || typeof current !== "object" || path.length === 0) return undefined;
  return { parent: current, key: path[path.length - 1]! };
}

function setAt(root: Json, path: Key[], value: Json): void {
  const at = locate(root, path);
  if (at) (at.parent as Record<Key, Json>)[at.key] = value;
}

/** Applies the mutations to a copy of `text` and returns the bytes to write. */
export function mutate(text: string, mutations: readonly Mutation[], textMutation?: TextMutation): Buffer {
  const root = JSON.parse(text) as Json;
  let deepDepth = 0;
  for (const m of mutations) {
    const at = locate(root, m.path);
    if (!at) continue;
    const current = (at.parent as Record<Key, Json>)[at.key];
    switch (m.kind) {
      case "delete":
        if (Array.isArray(at.parent)) at.parent.splice(Number(at.key), 1);
        else delete at.parent[at.key];
        break;
      case "set":
        setAt(root, m.path, m.value);
        break;
      case "hugeString":
        setAt(root, m.path, `${typeof current === "string" ? current : ""}${"A".repeat(m.length)}`);
        break;
      case "controlString":
        setAt(root, m.path, `${typeof current === "string" ? current : ""}${m.value}`);
        break;
      case "duplicate":
        if (Array.isArray(at.parent) && current !== undefined) at.parent.splice(Number(at.key), 0, JSON.parse(JSON.stringify(current)) as Json);
        break;
      case "deepNesting":
        // Built in the text: JSON.stringify of the nested value would itself overflow the stack.
        deepDepth = m.depth;
        setAt(root, m.path, DEEP);
        break;
      case "extraKey":
        if (current !== null && typeof current === "object" && !Array.isArray(current)) {
          Object.defineProperty(current, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
        }
        break;
    }
  }
  let out = JSON.stringify(root, null, 2);
  if (deepDepth > 0) out = out.replace(JSON.stringify(DEEP), `${"[".repeat(deepDepth)}${"]".repeat(deepDepth)}`);
  let bytes = Buffer.from(out, "utf8");
  if (textMutation?.kind === "truncate") bytes = bytes.subarray(0, Math.min(textMutation.at, bytes.length - 1));
  if (textMutation?.kind === "insertBytes") {
    const at = Math.min(textMutation.at, bytes.length);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(textMutation.bytes), bytes.subarray(at)]);
  }
  if (textMutation?.kind === "replace") bytes = Buffer.from(textMutation.text, "utf8");
  return bytes;
}

export const describeMutation = (m: Mutation) => `${m.kind} ${pathText(m.path)}`;
