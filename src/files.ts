// Output files: checked before any work is done, and written whole or not at all, so that a run
// that fails midway never leaves a file that looks like a complete report or snapshot.
import { randomBytes } from "node:crypto";
import { accessSync, closeSync, constants, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "./errors.js";

/** The file's status, or undefined when nothing is there; other failures are thrown. */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

/**
 * Where writing `file` lands: a regular file through any symbolic link to it; anything else (a
 * pipe, /dev/stdout, a directory) as given; and what is there now.
 */
function targetOf(file: string): { path: string; stats?: Stats } {
  const stats = statOf(file);
  if (stats && !stats.isFile()) return { path: file, stats };
  return { path: stats ? realpathSync(file) : resolve(file), stats };
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Checks that `file` can be written: its directory exists and is writable, and it is not a
 * directory. `option` names the flag and path in the message: "--output out.json".
 */
export function assertWritable(file: string, option: string): void {
  const problem = (what: string) => new InputError(`${option}: ${what}; expected the path of a file to write.`);
  let target: Stats | undefined;
  let dir: Stats | undefined;
  let path: string;
  try {
    ({ path, stats: target } = targetOf(file));
    dir = statOf(dirname(path));
  } catch (error) {
    throw problem(`cannot be reached (${codeOf(error)})`);
  }
  if (target?.isDirectory()) throw problem("is a directory");
  if (!dir) throw problem(`the directory ${dirname(path)} does not exist`);
  if (!dir.isDirectory()) throw problem(`${dirname(path)} is not a directory`);
  // A regular file is replaced through its directory; anything else (a pipe, /dev/stdout) is written in place.
  const inPlace = target !== undefined && !target.isFile();
  try {
    accessSync(inPlace ? path : dirname(path), constants.W_OK);
  } catch (error) {
    throw problem(`${inPlace ? "it" : `the directory ${dirname(path)}`} is not writable (${codeOf(error)})`);
  }
}

export interface WriteOptions {
  /** Permissions of a new file (default: an existing file's, else 0666 less the umask). */
  mode?: number;
}

/** Output written but not yet in place: commit() puts it there, discard() removes it. */
export interface StagedFile {
  commit(): void;
  discard(): void;
}

function writeAll(fd: number, chunks: Iterable<string>): void {
  for (const chunk of chunks) writeSync(fd, chunk);
}

/**
 * Writes `chunks` (which may be produced lazily and throw) to a temporary file beside `file`. If
 * anything fails, the temporary file is removed and `file` is untouched. A target that is not a
 * regular file (a pipe, a device) cannot be replaced: it is written in place.
 */
export function stageFile(file: string, chunks: Iterable<string>, options: WriteOptions = {}): StagedFile {
  const { path: target, stats: existing } = targetOf(file);
  if (existing && !existing.isFile()) {
    const fd = openSync(target, "w");
    try {
      writeAll(fd, chunks);
    } finally {
      closeSync(fd);
    }
    return { commit: () => undefined, discard: () => undefined };
  }
  // Hidden, unique, and short enough for any file system's name limit.
  const temp = join(dirname(target), `.${basename(target).slice(0, 80)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const mode = options.mode ?? (existing ? existing.mode & 0o777 : 0o666);
  const remove = () => {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
  };
  const fd = openSync(temp, "wx", mode);
  try {
    writeAll(fd, chunks);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    remove();
    throw error;
  }
  closeSync(fd);
  return {
    commit: () => {
      try {
        renameSync(temp, target);
      } catch (error) {
        remove();
        throw error;
      }
    },
    discard: remove,
  };
}

/** Writes `file` whole or not at all (temporary file + rename). */
export function writeFileAtomic(file: string, chunks: Iterable<string>, options: WriteOptions = {}): void {
  stageFile(file, chunks, options).commit();
}
