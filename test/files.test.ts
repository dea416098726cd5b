import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { assertWritable, stageFile, writeFileAtomic } from "../src/files.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-files-"));
});

/** Chunks that fail after the first one was written, like a renderer throwing midway. */
function* failingChunks(): Generator<string> {
  yield '{"format": "cognito-audit/report", ';
  throw new Error("renderer exploded");
}

describe("checking an output path before any work", () => {
  it("accepts a new file in an existing directory, and an existing file", () => {
    expect(() => assertWritable(join(dir, "new.json"), "--output new.json")).not.toThrow();
    writeFileSync(join(dir, "old.json"), "{}");
    expect(() => assertWritable(join(dir, "old.json"), "--output old.json")).not.toThrow();
  });

  it.each([
    ["a directory that does not exist", () => join(dir, "missing", "r.json"), /the directory .*missing does not exist/],
    ["a directory as the target", () => dir, /is a directory/],
    ["a file where the directory should be", () => (writeFileSync(join(dir, "f"), ""), join(dir, "f", "r.json")), /\/f is not a directory/],
  ])("refuses %s, naming the option", (_, path, reason) => {
    const target = path();
    const error = (() => {
      try {
        assertWritable(target, `--report sarif=${target}`);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(new RegExp(`^--report sarif=${target.replace(/[/\\.]/g, "\\$&")}: `));
    expect((error as Error).message).toMatch(reason);
  });

  it.skipIf(process.getuid?.() === 0)("refuses a directory it may not write to", () => {
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    expect(() => assertWritable(join(locked, "r.json"), "--output r.json")).toThrow(/is not writable \(EACCES\)/);
  });
});

describe("writing whole or not at all", () => {
  it("writes the file, with the mode asked for", () => {
    const file = join(dir, "s.json");
    writeFileAtomic(file, ["{", "}"], { mode: 0o600 });
    expect(readFileSync(file, "utf8")).toBe("{}");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["s.json"]);
  });

  it("leaves no file (and no temporary file) when rendering fails midway", () => {
    const file = join(dir, "r.json");
    expect(() => writeFileAtomic(file, failingChunks())).toThrow("renderer exploded");
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps the previous file intact when the new one fails", () => {
    const file = join(dir, "r.json");
    writeFileSync(file, "previous");
    expect(() => writeFileAtomic(file, failingChunks())).toThrow("renderer exploded");
    expect(readFileSync(file, "utf8")).toBe("previous");
    expect(readdirSync(dir)).toEqual(["r.json"]);
  });

  it("puts a staged file in place only on commit, and removes it on discard", () => {
    const file = join(dir, "r.json");
    const staged = stageFile(file, ["complete"]);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toHaveLength(1);
    staged.commit();
    expect(readFileSync(file, "utf8")).toBe("complete");
    stageFile(file, ["second"]).discard();
    expect(readFileSync(file, "utf8")).toBe("complete");
    expect(readdirSync(dir)).toEqual(["r.json"]);
  });

  it("writes a pipe or device in place, since it cannot be replaced", () => {
    expect(() => assertWritable("/dev/null", "--output /dev/null")).not.toThrow();
    writeFileAtomic("/dev/null", ["discarded"]);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("writes through a symbolic link instead of replacing it", () => {
    const real = join(dir, "real.json");
    const link = join(dir, "link.json");
    writeFileSync(real, "old");
    symlinkSync(real, link);
    writeFileAtomic(link, ["new"]);
    expect(readFileSync(real, "utf8")).toBe("new");
    expect(readFileSync(link, "utf8")).toBe("new");
  });
});
