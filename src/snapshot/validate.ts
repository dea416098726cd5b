import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { isSecretKey } from "./redact.js";
import { InputError } from "../errors.js";

// ajv-formats is CommonJS; under NodeNext its callable export sits on `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

/** A plain JSON object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** allErrors: report every problem (configuration files); off for large snapshots, where the first one is enough. */
export function compileSchema<T>(schema: object, allErrors = true): ValidateFunction<T> {
  const ajv = new Ajv({ allErrors, strict: false });
  addFormats(ajv);
  return ajv.compile<T>(schema);
}

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

/**
 * Throws an InputError when objects and arrays in `data` nest deeper than MAX_NESTING. Every later
 * step (schema validation, redaction, reports) may recurse; a `[[[[…]]]]` file must get a normal
 * input error, not a stack overflow. Iterative, so the check itself cannot overflow.
 */
export function assertNestingDepth(data: unknown, file: string, at: readonly (string | number)[] = []): void {
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

function valueAt(data: unknown, instancePath: string): unknown {
  let current: unknown = data;
  for (const raw of instancePath.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  if (typeof value === "object" && value !== null) return kind;
  return `${kind} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

function expectation(error: ErrorObject): { path: string; expected: string } {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: jsonPath(error.instancePath, String(p.missingProperty)), expected: "a value (the property is required)" };
    case "additionalProperties":
      return { path: jsonPath(error.instancePath, String(p.additionalProperty)), expected: "no such property (it is not part of the format)" };
    case "enum":
      return {
        path: jsonPath(error.instancePath),
        expected: `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "const":
      return { path: jsonPath(error.instancePath), expected: JSON.stringify(p.allowedValue) };
    case "type":
      return { path: jsonPath(error.instancePath), expected: `${/^[aeiou]/.test(String(p.type)) ? "an" : "a"} ${String(p.type)}` };
    default:
      return { path: jsonPath(error.instancePath), expected: `a value that ${error.message ?? "matches the schema"}` };
  }
}

/**
 * Validate `data` and throw an InputError naming the file, the JSON path and the expectation.
 * Of several errors, the deepest one is the most useful (anyOf branches report shallow ones).
 */
export function assertValid<T>(validate: ValidateFunction<T>, data: unknown, file: string, what: string, at = ""): asserts data is T {
  if (validate(data)) return;
  const errors = [...(validate.errors ?? [])].sort(
    (a, b) => b.instancePath.split("/").length - a.instancePath.split("/").length,
  );
  const first = errors[0];
  if (!first) throw new InputError(`${file}: not a valid ${what}.`);
  // `at`: where `data` sits in its document, as a JSON pointer ("/accounts/0/regions/0/userPools/3").
  const { path, expected } = expectation({ ...first, instancePath: at + first.instancePath });
  const key = first.instancePath.split("/").pop() ?? "";
  const found =
    first.keyword === "required" ? "nothing" : isSecretKey(key) ? "a value that is not shown (it may be a secret)" : describeFound(valueAt(data, first.instancePath));
  const more = errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length > 2 ? "s" : ""} after this one)` : "";
  throw new InputError(`${file}: not a valid ${what}: at ${path} expected ${expected}, found ${found}${more}.`);
}
