// A worker thread that reads CloudTrail log files for the main thread, one file per message. Two
// kinds of work: read and inflate only (`inflateOnly`: the JSON bytes go back, moved, and the main
// thread cuts, parses and normalises them), or all of it (logFile.ts), the events going back as
// the bytes of their JSON, moved rather than copied: the main thread reads JSON faster than a
// structured clone of the same objects, and a string would be copied on the way.
import { parentPort } from "node:worker_threads";
import { InputError } from "../errors.js";
import { readLogFile, readLogFileEvents } from "./logFile.js";

export interface LogFileTask {
  id: number;
  file: string;
  maxBytes: number;
  /** Only read and inflate the file: the reply holds its JSON bytes. */
  inflateOnly: boolean;
}

export type LogFileReply =
  | { id: number; bytes: Uint8Array }
  | { id: number; records: number; events: Uint8Array }
  | { id: number; inputError: string }
  | { id: number; error: string };

const encoder = new TextEncoder();

/**
 * Bytes whose memory can be moved to the other thread: a view of its whole own ArrayBuffer (or
 * nearly: zlib's output buffer may be a little larger than what it holds). Anything else, such as
 * a slice of Node's shared pool of small buffers, is copied first: moving the pool would take it
 * from under every other small buffer of this thread.
 */
function movable(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.buffer.byteLength < 2 * bytes.byteLength ? bytes : new Uint8Array(bytes);
}

parentPort?.on("message", (task: LogFileTask) => {
  let reply: LogFileReply;
  try {
    if (task.inflateOnly) reply = { id: task.id, bytes: movable(readLogFile(task.file, task.maxBytes)) };
    else {
      const { records, events } = readLogFileEvents(task.file, task.maxBytes);
      reply = { id: task.id, records, events: encoder.encode(JSON.stringify(events)) };
    }
  } catch (error) {
    reply = error instanceof InputError ? { id: task.id, inputError: error.message } : { id: task.id, error: error instanceof Error ? error.message : String(error) };
  }
  const moved = "bytes" in reply ? reply.bytes : "events" in reply ? reply.events : undefined;
  parentPort!.postMessage(reply, moved ? [moved.buffer as ArrayBuffer] : []);
});
