// Log file input that cannot be seen never passes: empty trees, digests, other names, symbolic
// links (followed, never in a loop), special files, oversized and gzip-bomb files.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_LOG_FILE_BYTES } from "../../src/cloudtrail/logFile.js";
import { logFileBatches, type LogFileOptions } from "../../src/cloudtrail/sources.js";
import { InputError } from "../../src/errors.js";
import { apiEvent } from "../helpers/events.js";
import { ACCOUNT } from "../helpers/factories.js";

const root = () => mkdtemp(join(tmpdir(), "ca-ct-files-"));

/** The event names read, and the note of what was skipped (undefined: nothing). */
async function read(path: string, options: LogFileOptions = {}) {
  const names: unknown[] = [];
  let skipped: string | undefined;
  for await (const batch of logFileBatches(path, { ...options, onSkipped: (s) => (skipped = s) })) names.push(...batch.map((e) => e.name));
  return { names, skipped };
}

const logJson = (...names: string[]) => JSON.stringify({ Records: names.map((name, i) => apiEvent(name, { time: `2026-11-25T10:0${i}:00Z`, clientId: "c1" })) });

/** A bucket synced to disk: AWSLogs/<account>/CloudTrail/… and AWSLogs/<account>/CloudTrail-Digest/…. */
async function bucket(dir: string, { logs, digests }: { logs: boolean; digests: number }) {
  const day = join(dir, "AWSLogs", ACCOUNT, "CloudTrail", "eu-west-1", "2026", "11", "25");
  const digestDay = join(dir, "AWSLogs", ACCOUNT, "CloudTrail-Digest", "eu-west-1", "2026", "11", "25");
  await mkdir(day, { recursive: true });
  await mkdir(digestDay, { recursive: true });
  if (logs) await writeFile(join(day, `${ACCOUNT}_CloudTrail_eu-west-1_20261125T1000Z_a1b2.json.gz`), gzipSync(logJson("SignUp")));
  for (let i = 0; i < digests; i++) {
    const digest = { awsAccountId: ACCOUNT, digestStartTime: "2026-11-25T09:00:00Z", logFiles: [] };
    await writeFile(join(digestDay, `${ACCOUNT}_CloudTrail-Digest_eu-west-1_trail_eu-west-1_20261125T10${i}0Z.json.gz`), gzipSync(JSON.stringify(digest)));
  }
  return join(dir, "AWSLogs");
}

/**
 * A gzip bomb: `members` copies of one gzip member of `memberBytes` spaces after `{"Records":[`
 * (gzip allows members back to back). Cheap to build, large to inflate.
 */
function gzipBomb(memberBytes: number, members: number): Buffer {
  const member = gzipSync(Buffer.alloc(memberBytes, " "), { level: 9 });
  return Buffer.concat([gzipSync('{"Records":['), ...Array.from({ length: members }, () => member)]);
}

describe("no CloudTrail log files is an input error", () => {
  it("an empty directory", async () => {
    const dir = await root();
    await expect(read(dir)).rejects.toThrow(InputError);
    await expect(read(dir)).rejects.toThrow(`--cloudtrail ${dir}: no CloudTrail log files under ${dir} (nothing there at all); expected .json or .json.gz`);
  });

  it("files with other names: counted, a few named, shown without terminal escapes", async () => {
    const dir = await root();
    for (const name of ["a.txt", "b.log", "c.json.bak", "d.csv", "\u001b[31mred.txt"]) await writeFile(join(dir, name), "{}");
    const error = (await read(dir).then(() => undefined, (e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('(skipped 5 files not named .json or .json.gz ("red.txt", "a.txt", "b.log", …))');
    expect(error.message).not.toContain("\u001b");
  });

  it("a bucket root that holds only digests", async () => {
    const path = await bucket(await root(), { logs: false, digests: 2 });
    await expect(read(path)).rejects.toThrow(`no CloudTrail log files under ${path} (skipped 2 CloudTrail digest files)`);
  });

  it("a digest named on the command line", async () => {
    const dir = await root();
    const file = join(dir, `${ACCOUNT}_CloudTrail-Digest_eu-west-1_trail_eu-west-1_20261125T1000Z.json.gz`);
    await writeFile(file, gzipSync("{}"));
    await expect(read(file)).rejects.toThrow("(skipped 1 CloudTrail digest file)");
  });

  it("a directory of symbolic links that lead nowhere: broken, and a cycle", async () => {
    const dir = await root();
    await symlink(join(dir, "gone.json"), join(dir, "broken.json"));
    await symlink(dir, join(dir, "loop"));
    await expect(read(dir)).rejects.toThrow("(skipped 1 broken symbolic link, 1 link to a directory already read (a cycle or a second link))");
  });

  it("a FIFO named like a log file is never opened (it would block the scan)", async () => {
    const dir = await root();
    expect(spawnSync("mkfifo", [join(dir, "pipe.json")]).status).toBe(0);
    await expect(read(dir)).rejects.toThrow("(skipped 1 special file (FIFO, socket or device))");
  });
});

describe("log file trees", () => {
  it("reads a whole bucket root: the logs, not the digests, and says what it skipped", async () => {
    const path = await bucket(await root(), { logs: true, digests: 3 });
    expect(await read(path)).toEqual({ names: ["SignUp"], skipped: "3 CloudTrail digest files" });
  });

  it("follows symbolic links to files and directories elsewhere, and reads a directory once however often it is linked", async () => {
    const elsewhere = await root();
    await writeFile(join(elsewhere, "x_CloudTrail_eu-west-1_20261125T1000Z_1.json"), logJson("SignUp"));
    const dir = await root();
    await writeFile(join(elsewhere, "y.json"), logJson("ConfirmSignUp"));
    await symlink(join(elsewhere, "y.json"), join(dir, "a-file-link.json"));
    await symlink(elsewhere, join(dir, "b-dir-link"));
    await symlink(elsewhere, join(dir, "c-second-link"));
    await symlink(dir, join(elsewhere, "back-to-the-start"));
    expect(await read(dir)).toEqual({ names: ["ConfirmSignUp", "SignUp", "ConfirmSignUp"], skipped: "2 links to a directory already read (a cycle or a second link)" });
  });

  it("no note when nothing was skipped", async () => {
    const dir = await root();
    await writeFile(join(dir, "one.json"), logJson("SignUp"));
    expect(await read(dir)).toEqual({ names: ["SignUp"], skipped: undefined });
  });
});

describe("file size caps", () => {
  it("stops a gzip bomb (5 MB that inflates to 5 GiB) at the cap, naming the file and the cap", async () => {
    const dir = await root();
    const file = join(dir, "bomb.json.gz");
    const bomb = gzipBomb(16 * 2 ** 20, 320);
    expect(bomb.length).toBeGreaterThan(5_000_000);
    await writeFile(file, bomb);
    // A cap above the file's own size: inflation itself is what stops.
    await expect(read(dir, { maxFileBytes: 8 * 2 ** 20 })).rejects.toThrow(`${file}: inflates to more than 8 MiB of JSON, the cap on one CloudTrail log file`);
    // A compressed file larger than the cap is refused before it is read.
    await expect(read(dir, { maxFileBytes: 2 ** 20 })).rejects.toThrow(`${file}: inflates to more than 1 MiB of JSON`);
  });

  it("has a default cap of 256 MiB", async () => {
    expect(DEFAULT_MAX_LOG_FILE_BYTES).toBe(256 * 2 ** 20);
    const dir = await root();
    await writeFile(join(dir, "bomb.json.gz"), gzipBomb(DEFAULT_MAX_LOG_FILE_BYTES / 4, 5));
    await expect(read(dir)).rejects.toThrow("inflates to more than 256 MiB of JSON");
  });

  it("caps plain JSON files too, and reads files at the cap", async () => {
    const dir = await root();
    const json = logJson("SignUp");
    await writeFile(join(dir, "a.json"), json);
    expect((await read(dir, { maxFileBytes: json.length })).names).toEqual(["SignUp"]);
    await expect(read(dir, { maxFileBytes: json.length - 1 })).rejects.toThrow(`a.json: holds more than ${json.length - 1} bytes of JSON`);
  });

  it("names a bad file without the terminal escapes of its name or its content", async () => {
    const dir = await root();
    await writeFile(join(dir, "\u001b]0;owned\u0007x.json"), "\u001b[2J{");
    const error = (await read(dir).then(() => undefined, (e: unknown) => e)) as Error;
    expect(error.message).toMatch(/x\.json: is not valid JSON/);
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it("a file that is not gzip is an input error", async () => {
    const dir = await root();
    await writeFile(join(dir, "a.json.gz"), "not gzip");
    await expect(read(dir)).rejects.toThrow(/a\.json\.gz: cannot be read as a CloudTrail log file \(incorrect header check\)/);
  });
});
