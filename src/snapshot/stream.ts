// The snapshot as `collect` writes it while collecting: each user pool is serialised the moment it
// is collected and appended to a spool file of its (account, region), so memory does not grow with
// the estate. close() streams the spools into the target in the compact layout (write.ts): the
// frame as JSON.stringify(…, null, 2) gives it, each pool on a line of its own, accounts sorted by
// id, regions by name, pools by Id, whatever order they were collected in.
import { compareCodeUnits } from "../util/text.js";
import { randomBytes } from "node:crypto";
import { mkdtempSync, realpathSync, statSync, type Stats } from "node:fs";
import { open, readFile, rename, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import { assertWritable } from "../files.js";
import type { AccountEntry, RegionEntry, UserPoolEntry } from "./types.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from "./types.js";
import { arrayEnd, itemStart, memberText, newlineAt, objectEnd, poolLine, streamedMemberStart } from "./write.js";

export interface SnapshotAccount {
  accountId: string;
  partition: string;
}

export interface SnapshotWriter {
  /** One collected pool; called concurrently for many (account, region) pairs, in any order. Resolves once it is in its spool. */
  pool(account: SnapshotAccount, region: string, entry: UserPoolEntry): Promise<void>;
  /** The region is done: its region-level fields. Resolves once its pools and fields are in the spool. */
  region(account: SnapshotAccount, entry: Omit<RegionEntry, "userPools">): Promise<void>;
  /** Account-level fields (accountId, partition and any others); an account may have no regions. */
  account(entry: Omit<AccountEntry, "regions">): void;
  /**
   * Writes the file atomically (mode 0600) and removes the spool: the header, then accounts sorted
   * by id, regions by name, each region's pools by Id. Every region with pools must have been
   * given to region().
   */
  close(header: { collectedAt: string; source?: string }): Promise<{ pools: number; bytes: number }>;
  /** Removes the spool; the target file is untouched. */
  abort(): Promise<void>;
}

/** Spool handles open at once: (account, region) pairs may be thousands, descriptors are not. */
const OPEN_HANDLES = 64;
/** The final file is written in pieces of about this many bytes. */
const WRITE_PIECE = 1 << 20;

/** Depths of the frame's levels (the root is 0): an account, a region, a region's pool list. */
const ACCOUNT = 2;
const REGION = 4;
const POOLS = 5;

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** A bounded set of open append handles, shared by the spools: the least recently used idle one is closed to open another. */
class Handles {
  private readonly open = new Map<Spool, FileHandle>();
  private readonly busy = new Set<Spool>();
  private reserved = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async use(spool: Spool, write: (handle: FileHandle) => Promise<void>): Promise<void> {
    this.busy.add(spool);
    try {
      let handle = this.open.get(spool);
      if (handle) {
        // Most recently used last.
        this.open.delete(spool);
        this.open.set(spool, handle);
      } else {
        await this.reserve();
        try {
          handle = await open(spool.path, "a", 0o600);
        } finally {
          this.reserved--;
        }
        this.open.set(spool, handle);
      }
      await write(handle);
    } finally {
      this.busy.delete(spool);
      this.waiting.shift()?.();
    }
  }

  /** Closes the spool's handle, if it has one. */
  async release(spool: Spool): Promise<void> {
    const handle = this.open.get(spool);
    // A handle being written through is closed later, when it is idle.
    if (!handle || this.busy.has(spool)) return;
    this.open.delete(spool);
    await handle.close();
    this.waiting.shift()?.();
  }

  async closeAll(): Promise<void> {
    const handles = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(handles.map((h) => h.close()));
  }

  /** A slot for one more handle: an idle handle is closed, or the caller waits for one to become idle. */
  private async reserve(): Promise<void> {
    while (this.open.size + this.reserved >= this.limit) {
      const idle = [...this.open.keys()].find((s) => !this.busy.has(s));
      if (idle) await this.release(idle);
      else await new Promise<void>((wake) => this.waiting.push(wake));
    }
    this.reserved++;
  }
}

/**
 * The pools of one (account, region) and its fields, appended to its spool file: a line per pool,
 * the sort key (the pool's Id as JSON) and a tab before the pool's compact JSON. Appends are queued
 * and written in batches through one handle; each caller waits for its batch.
 */
class Spool {
  /** The region's fields have been given (region()). */
  fieldsGiven = false;
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private draining?: Promise<void>;
  failure?: Error;

  constructor(
    readonly account: SnapshotAccount,
    readonly region: string,
    readonly path: string,
    private readonly handles: Handles,
  ) {}

  appendPool(id: string, entry: UserPoolEntry): Promise<void> {
    return this.append(`${JSON.stringify(id)}\t${poolLine(entry)}\n`);
  }

  /** The region's fields: a line of their text as a JSON string after a tab, where a pool's line has its Id. */
  appendFields(text: string): Promise<void> {
    return this.append(`\t${JSON.stringify(text)}\n`);
  }

  private append(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push(line);
      this.waiters.push({ resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Resolves when every append so far is written (or has failed). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = Buffer.from(this.pending.join(""), "utf8");
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.handles.use(this, async (handle) => {
          for (let at = 0; at < batch.length; ) at += (await handle.write(batch, at)).bytesWritten;
        });
        for (const w of waiters) w.resolve();
      } catch (error) {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
        for (const w of waiters) w.reject(error);
      }
    }
    this.draining = undefined;
  }
}

/** The final file's bytes, gathered into large writes. */
class Output {
  bytes = 0;
  private parts: Buffer[] = [];
  private size = 0;
  constructor(private readonly handle: FileHandle) {}

  async put(piece: string | Buffer): Promise<void> {
    const bytes = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
    this.parts.push(bytes);
    this.size += bytes.length;
    if (this.size >= WRITE_PIECE) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    for (let at = 0; at < batch.length; ) at += (await this.handle.write(batch, at)).bytesWritten;
    this.bytes += batch.length;
  }
}

/** A regular file through any symbolic link to it; anything else (a pipe, /dev/stdout) as given. */
function targetOf(file: string): { path: string; inPlace: boolean } {
  let stats: Stats | undefined;
  try {
    stats = statSync(file);
  } catch {
    // Nothing there yet (assertWritable has said the directory is fine).
  }
  if (stats && !stats.isFile()) return { path: file, inPlace: true };
  return { path: stats ? realpathSync(file) : resolve(file), inPlace: false };
}

/** A region from its spool: its fields' text, and its pool lines sorted by Id (then by their bytes, so that equal Ids have one order too). */
function regionOf(spool: Buffer): { fields: string; lines: Buffer[] } {
  let fields = "";
  const lines: { key: string; line: Buffer }[] = [];
  for (let start = 0; start < spool.length; ) {
    let end = spool.indexOf(0x0a, start);
    if (end < 0) end = spool.length;
    const tab = spool.indexOf(0x09, start);
    if (tab === start) fields = JSON.parse(spool.toString("utf8", tab + 1, end)) as string;
    else lines.push({ key: JSON.parse(spool.toString("utf8", start, tab)) as string, line: spool.subarray(tab + 1, end) });
    start = end + 1;
  }
  lines.sort((a, b) => compareCodeUnits(a.key, b.key) || Buffer.compare(a.line, b.line));
  return { fields, lines: lines.map((l) => l.line) };
}

/** The text of an object's members at `depth`, in order, with a comma before each but the first (`first`: none has been written). */
function membersText(members: [string, unknown][], depth: number, first: boolean): { text: string; written: number } {
  let text = "";
  let written = 0;
  for (const [key, value] of members) {
    const member = memberText(key, value, depth);
    if (member === undefined) continue;
    text += `${first && written === 0 ? "" : ","}${member}`;
    written++;
  }
  return { text, written };
}

/**
 * A writer for the snapshot `file`, checked now: a long collection must not end in a file that
 * cannot be written. `option` names it in messages ("--output out.json"; default: the path).
 */
export function createSnapshotWriter(file: string, option = file): SnapshotWriter {
  assertWritable(file, option);
  const target = targetOf(file);
  // Owner-only and next to the target, so that the final file is renamed into place, never copied.
  let spoolDir: string;
  try {
    spoolDir = mkdtempSync(join(target.inPlace ? tmpdir() : dirname(target.path), `.${basename(target.path).slice(0, 80)}.spool-`));
  } catch (error) {
    throw new InputError(`${option}: a spool directory cannot be made beside it (${codeOf(error)}); expected the path of a file to write in a writable directory.`);
  }
  const handles = new Handles(OPEN_HANDLES);
  const spools = new Map<string, Spool>();
  const accounts = new Map<string, { partition: string; fields?: Omit<AccountEntry, "regions"> }>();
  let state: "open" | "closing" | "done" = "open";
  let closing: Promise<unknown> | undefined;

  const usable = (what: string) => {
    if (state !== "open") throw new Error(`snapshot writer: ${what} after close() or abort()`);
  };
  const accountOf = (account: SnapshotAccount) => {
    const known = accounts.get(account.accountId);
    if (!known) accounts.set(account.accountId, { partition: account.partition });
    else if (known.partition !== account.partition) {
      throw new Error(`snapshot writer: account ${JSON.stringify(account.accountId)} given with partitions ${JSON.stringify(known.partition)} and ${JSON.stringify(account.partition)}`);
    }
  };
  const spoolOf = (account: SnapshotAccount, region: string) => {
    accountOf(account);
    const key = JSON.stringify([account.accountId, region]);
    let spool = spools.get(key);
    if (!spool) {
      // Files are numbered: no name made from what AWS said.
      spool = new Spool({ accountId: account.accountId, partition: account.partition }, region, join(spoolDir, `${spools.size}.pools`), handles);
      spools.set(key, spool);
    }
    return spool;
  };
  /** An I/O failure as the user's problem (a full disk, a directory gone), naming the file; anything else as it is. */
  const writeFailure = (error: unknown, begun: boolean) => {
    if (error instanceof InputError || !(error as NodeJS.ErrnoException).code) return error;
    const outcome = target.inPlace && begun ? `what was written to ${file} is incomplete` : `${file} is untouched`;
    return new InputError(`${option}: the snapshot could not be written (${codeOf(error)}); ${outcome}.`);
  };
  const everySettled = async () => {
    for (const spool of spools.values()) await spool.settled();
  };
  const removeSpool = async () => {
    await everySettled();
    await handles.closeAll();
    await rm(spoolDir, { recursive: true, force: true });
  };

  async function finish(header: { collectedAt: string; source?: string }): Promise<{ pools: number; bytes: number }> {
    let output: FileHandle | undefined;
    let begun = false;
    const staged = join(spoolDir, `snapshot.${randomBytes(6).toString("hex")}.json`);
    try {
      await everySettled();
      // A failed write is the cause of whatever else is missing.
      for (const spool of spools.values()) if (spool.failure !== undefined) throw spool.failure;
      for (const spool of spools.values()) {
        if (!spool.fieldsGiven) throw new Error(`snapshot writer: region ${JSON.stringify(spool.region)} of account ${JSON.stringify(spool.account.accountId)} has pools but was never given to region()`);
      }
      await handles.closeAll();
      output = target.inPlace ? await open(target.path, "w") : await open(staged, "wx", 0o600);
      begun = true;
      const out = new Output(output);
      const regionsOf = new Map<string, Spool[]>();
      for (const spool of spools.values()) {
        const list = regionsOf.get(spool.account.accountId);
        if (list) list.push(spool);
        else regionsOf.set(spool.account.accountId, [spool]);
      }
      let pools = 0;

      const top = membersText(
        [
          ["format", SNAPSHOT_FORMAT],
          ["version", SNAPSHOT_VERSION],
          ["collectedAt", header.collectedAt],
          ["source", header.source],
        ],
        0,
        true,
      );
      await out.put(`{${top.text}${streamedMemberStart("accounts", 0, false)}`);
      const ids = [...accounts.keys()].sort(compareCodeUnits);
      for (const [a, accountId] of ids.entries()) {
        const { partition, fields } = accounts.get(accountId)!;
        // The id and partition first: the reader places each pool by them as it reads.
        const rest = Object.entries(fields ?? {}).filter(([key]) => key !== "accountId" && key !== "partition" && key !== "regions");
        const own = membersText([["accountId", accountId], ["partition", partition], ...rest], ACCOUNT, true);
        await out.put(`${itemStart(1, a === 0)}{${own.text}${streamedMemberStart("regions", ACCOUNT, false)}`);
        const regions = (regionsOf.get(accountId) ?? []).sort((x, y) => compareCodeUnits(x.region, y.region));
        for (const [r, spool] of regions.entries()) {
          await out.put(`${itemStart(3, r === 0)}{${memberText("region", spool.region, REGION)}${streamedMemberStart("userPools", REGION, false)}`);
          // One region's pools in memory at a time, to sort them.
          const { fields, lines } = regionOf(await readFile(spool.path));
          for (const [p, line] of lines.entries()) {
            await out.put(itemStart(POOLS, p === 0));
            await out.put(line);
          }
          pools += lines.length;
          await out.put(arrayEnd(POOLS, lines.length));
          await out.put(fields);
          await out.put(objectEnd(REGION, 1));
        }
        await out.put(arrayEnd(3, regions.length));
        await out.put(objectEnd(ACCOUNT, 1));
      }
      await out.put(`${arrayEnd(1, ids.length)}${newlineAt(0)}}\n`);
      await out.flush();
      if (!target.inPlace) await output.sync();
      await output.close();
      output = undefined;
      if (!target.inPlace) await rename(staged, target.path);
      state = "done";
      // The snapshot is in place: a spool that cannot be removed does not undo that.
      await removeSpool().catch(() => undefined);
      return { pools, bytes: out.bytes };
    } catch (error) {
      state = "done";
      await output?.close().catch(() => undefined);
      await removeSpool().catch(() => undefined);
      throw writeFailure(error, begun);
    }
  }

  return {
    async pool(account, region, entry) {
      usable("pool()");
      const spool = spoolOf(account, region);
      const id = entry?.userPool?.Id;
      return spool.appendPool(typeof id === "string" ? id : "", entry).catch((error: unknown) => {
        throw writeFailure(error, false);
      });
    },

    async region(account, entry) {
      usable("region()");
      const spool = spoolOf(account, entry.region);
      if (spool.fieldsGiven) throw new Error(`snapshot writer: region ${JSON.stringify(entry.region)} of account ${JSON.stringify(account.accountId)} given twice`);
      spool.fieldsGiven = true;
      // Everything but the name (written first) and the pools (second), as a region's members: after them, so each starts with a comma.
      const rest = Object.entries(entry).filter(([key]) => key !== "region" && key !== "userPools");
      await spool.appendFields(membersText(rest, REGION, false).text).catch((error: unknown) => {
        throw writeFailure(error, false);
      });
      await handles.release(spool);
    },

    account(entry) {
      usable("account()");
      accountOf(entry);
      accounts.get(entry.accountId)!.fields = entry;
    },

    close(header) {
      usable("close()");
      state = "closing";
      const done = finish(header);
      closing = done;
      return done;
    },

    async abort() {
      // After close() began, its outcome stands: abort waits for it.
      if (closing) {
        await closing.catch(() => undefined);
        return;
      }
      if (state === "done") return;
      state = "done";
      await removeSpool();
    },
  };
}
