// Worker threads that read local CloudTrail log files ahead of the analysis (logFileWorker.ts), so
// that the main thread spends its time on the rules: with cores to spare the readers inflate and
// parse, on two cores they only inflate (see defaultReaders). Results come back in the order files
// were asked for, whatever order the workers finish them in.
import { isAscii } from "node:buffer";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError } from "../errors.js";
import { terminalSafe } from "../util/terminal.js";
import { eventsOfLogFile, readLogFileEvents, type LogFileEvents } from "./logFile.js";
import type { LogFileReply, LogFileTask } from "./logFileWorker.js";
import type { CognitoEvent } from "./normalise.js";

const WORKER = new URL("./logFileWorker.js", import.meta.url);
/** Files each worker holds in hand: one it works on, one waiting (so it never idles between messages). */
const PER_WORKER = 2;

/** How local log files are read: by how many reader threads, and whether they only read and inflate. */
export interface ReaderPlan {
  readers: number;
  inflateOnly: boolean;
}

/**
 * The reader threads by default. On two cores or fewer, one reader that only reads and inflates
 * files, moving their bytes back: measured on a 2-core machine (npm run bench:cloudtrail, 1M
 * events), this took 7.7 s where the calling thread alone took 8.3–8.7 s, while a reader that
 * also parsed and handed the events over as JSON was no faster (the hand-over cost as much as it
 * saved, and the two threads slowed each other). With more cores, a core is left to the analysis
 * and up to 4 readers do all of it. None when the worker's compiled script is not there (running
 * from the TypeScript sources, as the unit tests do).
 */
export function defaultReaders(): ReaderPlan {
  if (!existsSync(fileURLToPath(WORKER))) return { readers: 0, inflateOnly: false };
  const cores = availableParallelism();
  return cores <= 2 ? { readers: 1, inflateOnly: true } : { readers: Math.min(4, cores - 1), inflateOnly: false };
}

interface Waiting {
  resolve: (result: LogFileEvents | Buffer) => void;
  reject: (error: Error) => void;
}

/** A pool of reader threads; `read` answers in its own time, the caller keeps the order. */
export class LogFileReaders {
  private readonly workers: { worker: Worker; inFlight: number }[] = [];
  private readonly waiting = new Map<number, Waiting & { slot: { inFlight: number } }>();
  private nextId = 0;

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER);
      const slot = { worker, inFlight: 0 };
      // A pool left behind (an interrupted scan) never keeps the process alive.
      worker.unref();
      worker.on("message", (reply: LogFileReply) => this.answer(reply));
      worker.on("error", (error) => this.failAll(error));
      this.workers.push(slot);
    }
  }

  /** How many files the pool can hold in hand at once. */
  get capacity(): number {
    return this.workers.length * PER_WORKER;
  }

  /** The events of `file`, or with `inflateOnly` its JSON bytes (the reader only reads and inflates it). */
  read(file: string, maxBytes: number, inflateOnly: boolean): Promise<LogFileEvents | Buffer> {
    const slot = this.workers.reduce((least, w) => (w.inFlight < least.inFlight ? w : least));
    const id = this.nextId++;
    slot.inFlight++;
    return new Promise<LogFileEvents | Buffer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, file, maxBytes, inflateOnly } satisfies LogFileTask);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private answer(reply: LogFileReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    waiting.slot.inFlight--;
    if ("bytes" in reply) waiting.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
    else if ("events" in reply) {
      const bytes = Buffer.from(reply.events.buffer, reply.events.byteOffset, reply.events.byteLength);
      waiting.resolve({ records: reply.records, events: JSON.parse(bytes.toString(isAscii(bytes) ? "latin1" : "utf8")) as CognitoEvent[] });
    }
    else if ("inputError" in reply) waiting.reject(new InputError(reply.inputError));
    else waiting.reject(new Error(`a CloudTrail log file reader failed: ${reply.error}`));
  }

  private failAll(error: Error): void {
    for (const [id, waiting] of this.waiting) {
      this.waiting.delete(id);
      waiting.reject(new Error(`a CloudTrail log file reader stopped: ${error.message}`));
    }
  }
}

/**
 * The events of each file of `files`, in order, read `readers` threads wide (0: on this thread).
 * At most the pool's capacity of files is read ahead of the consumer. With `inflateOnly` the
 * readers only read and inflate, and this thread cuts, parses and normalises each file.
 */
export async function* readLogFiles(files: AsyncIterable<string>, maxBytes: number, readers: number, inflateOnly: boolean): AsyncGenerator<LogFileEvents> {
  if (readers <= 0) {
    for await (const file of files) yield readLogFileEvents(file, maxBytes);
    return;
  }
  const pool = new LogFileReaders(readers);
  const pending: { file: string; read: Promise<LogFileEvents | Buffer> }[] = [];
  try {
    const walk = files[Symbol.asyncIterator]();
    let walked = false;
    for (;;) {
      while (!walked && pending.length < pool.capacity) {
        const next = await walk.next();
        if (next.done) walked = true;
        else {
          const read = pool.read(next.value, maxBytes, inflateOnly);
          // Awaited in order below; until then a failure must not count as unhandled.
          read.catch(() => undefined);
          pending.push({ file: next.value, read });
        }
      }
      const entry = pending.shift();
      if (!entry) break;
      const got = await entry.read;
      yield Buffer.isBuffer(got) ? eventsOfLogFile(got, terminalSafe(entry.file)) : got;
    }
  } finally {
    await pool.close();
  }
}
