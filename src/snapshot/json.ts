// Reading JSON text safely, for every input file: positioned syntax errors that quote none of the
// text, and a bound on nesting. No schema library here: a worker thread that reads CloudTrail log
// files loads this and nothing heavier.
import { InputError } from "../errors.js";
import { findJsonSyntaxError, lineAndColumn } from "./jsonSyntax.js";

/** `/accounts/0/regions` → `$.accounts[0].regions` */
export function jsonPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split("/").slice(1);
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((path, raw) => {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(part)) return `${path}[${part}]`;
    return /^[A-Za-z_$][\w$]*$/.test(part) ? `${path}.${part}` : `${path}[${JSON.stringify(part)}]`;
  }, "$");
}

/** Objects and arrays nest at most this deep in any input file (real snapshots stay under 20). */
export const MAX_NESTING = 100;

interface Frame {
  value: unknown;
  depth: number;
  parent?: Frame;
  key?: string;
}

/** The JSON path of a frame; a long one keeps its first and last steps (and a hostile key its ends). */
function framePath(frame: Frame): string {
  const steps: string[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) steps.push(jsonPath(`/${f.key.replace(/~/g, "~0").replace(/\//g, "~1")}`).slice(1));
  steps.reverse();
  const path = `$${(steps.length > 12 ? [...steps.slice(0, 8), "…", ...steps.slice(-3)] : steps).join("")}`;
  return path.length > 240 ? `${path.slice(0, 120)}…${path.slice(-100)}` : path;
}

/** Whether a container in `value` (itself at `depth`) sits at MAX_NESTING or deeper. Recursion stops there, so it cannot overflow. */
function tooDeep(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (depth >= MAX_NESTING) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (tooDeep(item, depth + 1)) return true;
  } else {
    for (const key of Object.keys(value)) if (tooDeep((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/**
 * Throws an InputError when objects and arrays in `data` nest deeper than MAX_NESTING. Every later
 * step (schema validation, redaction, reports) may recurse; a `[[[[…]]]]` file must get a normal
 * input error, not a stack overflow. The check allocates nothing unless it finds too deep a place,
 * whose path the message then names.
 */
export function assertNestingDepth(data: unknown, file: string, at: readonly (string | number)[] = []): void {
  if (!tooDeep(data, at.length)) return;
  // `data` sits at `at` in its document (a user pool of a snapshot): paths and depths count from the top.
  let start: Frame = { value: data, depth: 0 };
  for (const key of at) start = { value: data, depth: start.depth + 1, parent: start, key: String(key) };
  const stack: Frame[] = [start];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { value, depth } = frame;
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_NESTING) {
      throw new InputError(`${file}: nested deeper than ${MAX_NESTING} levels at ${framePath(frame)}; expected at most ${MAX_NESTING} levels of objects and arrays.`);
    }
    for (const key of Object.keys(value)) stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: frame, key });
  }
}

/**
 * Parses JSON text; a syntax error names the file, line and column and what was expected, but
 * quotes none of the text (it may carry terminal escapes, or secrets). Nesting is bounded too.
 */
export function parseJsonText(text: string, file: string, boundNesting = true): unknown {
  // A UTF-8 byte order mark is not JSON, but editors write one.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    const error = findJsonSyntaxError(body);
    if (!error) throw new InputError(`${file}: is not valid JSON.`);
    const { line, column } = lineAndColumn(body, error.offset);
    throw new InputError(`${file}: is not valid JSON at line ${line}, column ${column}: ${error.reason}.`);
  }
  // JSON.parse itself does not recurse; a reader that keeps only part of the data may bound that part instead.
  if (boundNesting) assertNestingDepth(data, file);
  return data;
}
