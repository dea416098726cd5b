// A worker thread that reads CloudTrail log files for the main thread, one file per message: read,
// inflate, cut, parse and normalise (logFile.ts). The events go back as JSON text, which the main
// thread reads faster than a structured clone of the same objects; the main thread only analyses.
import { parentPort } from "node:worker_threads";
import { InputError } from "../errors.js";
import { readLogFileEvents } from "./logFile.js";

export interface LogFileTask {
  id: number;
  file: string;
  maxBytes: number;
}

export type LogFileReply = { id: number; records: number; events: string } | { id: number; inputError: string } | { id: number; error: string };

parentPort?.on("message", (task: LogFileTask) => {
  let reply: LogFileReply;
  try {
    const { records, events } = readLogFileEvents(task.file, task.maxBytes);
    reply = { id: task.id, records, events: JSON.stringify(events) };
  } catch (error) {
    reply = error instanceof InputError ? { id: task.id, inputError: error.message } : { id: task.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
