import { readFile, writeFile } from "node:fs/promises";
import { InputError } from "../errors.js";
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
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    let where = "";
    if (position !== undefined) {
      const before = text.slice(0, Number(position));
      const line = before.split("\n").length;
      const column = Number(position) - before.lastIndexOf("\n");
      where = ` at line ${line}, column ${column}`;
    }
    const reason = message.replace(/ in JSON at position \d+.*$/, "").replace(/\.$/, "");
    throw new InputError(`${file}: is not valid JSON${where}: ${reason}.`);
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
  await writeFile(file, serializeSnapshot(snapshot), { mode: 0o600 });
}
