import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../files.js";
import { findJsonSyntaxError, lineAndColumn } from "./jsonSyntax.js";
import { snapshotSchema } from "./schema.js";
import { assertNestingDepth, assertValid, compileSchema } from "./validate.js";
import type { Snapshot } from "./types.js";
import { assertUniqueIds } from "./unique.js";

let validator: ReturnType<typeof compileSchema<Snapshot>> | undefined;
const validateSnapshot = () => (validator ??= compileSchema<Snapshot>(snapshotSchema, false));

/** Read a JSON file, turning I/O and syntax problems into InputErrors that name the file and place. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new InputError(`${file}: cannot be read (${code || (error as Error).message}); expected a readable JSON file.`);
  }
  return parseJsonText(text, file);
}

/**
 * Parses JSON text; a syntax error names the file, line and column and what was expected, but
 * quotes none of the text (it may carry terminal escapes, or secrets). Nesting is bounded too.
 */
export function parseJsonText(text: string, file: string): unknown {
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
  assertNestingDepth(data, file);
  return data;
}

/** Parse and validate snapshot v1 data; `file` names the origin in error messages. */
export function parseSnapshot(data: unknown, file: string): Snapshot {
  const format = (data as { format?: unknown } | null)?.format;
  if (data && typeof data === "object" && format !== undefined && format !== "cognito-audit/snapshot") {
    throw new InputError(`${file}: at $.format expected "cognito-audit/snapshot", found ${JSON.stringify(format)}: this is not a cognito-audit snapshot (write one with \`cognito-audit collect\`).`);
  }
  const v = (data as { version?: unknown } | null)?.version;
  if (data && typeof data === "object" && v !== undefined && v !== 1) {
    throw new InputError(`${file}: snapshot version ${JSON.stringify(v)} is not supported; this cognito-audit reads version 1.`);
  }
  assertValid(validateSnapshot(), data, file, "cognito-audit snapshot");
  assertUniqueIds(data, file);
  return data;
}

export async function loadSnapshot(file: string): Promise<Snapshot> {
  return parseSnapshot(await readJsonFile(file), file);
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

export async function saveSnapshot(snapshot: Snapshot, file: string): Promise<void> {
  // Owner-only: a snapshot describes the account's attack surface.
  writeFileAtomic(file, [serializeSnapshot(snapshot)], { mode: 0o600 });
}
