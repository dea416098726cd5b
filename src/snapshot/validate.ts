import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { isSecretKey } from "./redact.js";
import { InputError } from "../errors.js";
import { jsonPath } from "./json.js";

// ajv-formats is CommonJS; under NodeNext its callable export sits on `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

/** A plain JSON object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The options every schema is compiled with (scripts/validators.ts generates code with them too). */
export const ajvOptions = (allErrors: boolean) => ({ allErrors, strict: false });

/** allErrors: report every problem (configuration files); off for large snapshots, where the first one is enough. */
export function compileSchema<T>(schema: object, allErrors = true): ValidateFunction<T> {
  const ajv = new Ajv(ajvOptions(allErrors));
  addFormats(ajv);
  return ajv.compile<T>(schema);
}


/** `/rules/a~1b/severity` → ["rules", "a/b", "severity"] */
export function pointerSteps(instancePath: string): string[] {
  return instancePath
    .split("/")
    .slice(1)
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function valueAt(data: unknown, instancePath: string): unknown {
  let current: unknown = data;
  for (const key of pointerSteps(instancePath)) {
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
 * Where in its text a problem sits, as " (line L, column C)" (or ""): the value at `steps`, or the
 * key `key` of the mapping there. Files read from hand-written text (the configuration) pass one.
 */
export type Locate = (steps: readonly string[], key?: string) => string;

/**
 * Validate `data` and throw an InputError naming the file, the JSON path and the expectation.
 * Of several errors, the deepest one is the most useful (anyOf branches report shallow ones).
 */
export function assertValid<T>(validate: ValidateFunction<T>, data: unknown, file: string, what: string, at = "", locate?: Locate): asserts data is T {
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
  const p = first.params as Record<string, unknown>;
  const where = locate?.(pointerSteps(first.instancePath), first.keyword === "additionalProperties" ? String(p.additionalProperty) : undefined) ?? "";
  throw new InputError(`${file}: not a valid ${what}: at ${path}${where} expected ${expected}, found ${found}${more}.`);
}
