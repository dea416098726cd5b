// A directory the scan cannot list fails the scan (fail closed). The tests run as root, which
// can list anything, so the refusal is simulated at readdir.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { logFileBatches } from "../../src/cloudtrail/sources.js";
import { InputError } from "../../src/errors.js";

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const readdir = (async (path: string, options?: object) => {
    if (String(path).endsWith("locked")) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: "EACCES" });
    return actual.readdir(path, options as never);
  }) as typeof actual.readdir;
  return { ...actual, readdir };
});

describe("an unreadable directory under the path", () => {
  it("is an input error naming it, even when other directories hold log files", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ca-ct-locked-"));
    await writeFile(join(dir, "a.json"), JSON.stringify({ Records: [] }));
    await mkdir(join(dir, "locked"));
    const read = async () => {
      for await (const _ of logFileBatches(dir));
    };
    await expect(read()).rejects.toThrow(InputError);
    await expect(read()).rejects.toThrow(`--cloudtrail: the directory ${join(dir, "locked")} cannot be read (EACCES); every directory under the path must be readable.`);
  });
});
