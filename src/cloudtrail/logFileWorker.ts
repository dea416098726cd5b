// A worker thread that reads CloudTrail log files for the main thread, one file per message: read,
// inflate, cut, parse and normalise (logFile.ts). The events go back as the bytes of their JSON,
// moved rather than copied: the main thread reads JSON faster than a structured clone of the same
// objects, and a string would be copied on the way. The main thread only analyses.
import { parentPort } from "node:worker_threads";
import { InputError } from "../errors.js";
import { readLogFileEvents } from "./logFile.js";

export interface LogFileTask {
  id: number;
  file: string;
  maxBytes: number;
}

export type LogFileReply = { id: number; records: number; events: Uint8Array } | { id: number; inputError: string } | { id: number; error: string };

const encoder = new TextEncoder();

parentPort?.on("message", (task: LogFileTask) => {
  let reply: LogFileReply;
  try {
    const { records, events } = readLogFileEvents(task.file, task.maxBytes);
    reply = { id: task.id, records, events: encoder.encode(JSON.stringify(events)) };
  } catch (error) {
    reply = error instanceof InputError ? { id: task.id, inputError: error.message } : { id: task.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply, "events" in reply ? [reply.events.buffer as ArrayBuffer] : []);
});
