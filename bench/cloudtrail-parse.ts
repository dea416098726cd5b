// The JSON.parse reference of bench/cloudtrail.ts: read, inflate and JSON.parse every log file
// under a directory on one thread, and nothing else. Prints the seconds it took.
// Usage: node dist/bench/cloudtrail-parse.js DIR
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const files: string[] = [];
const walk = (dir: string) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith(".json.gz")) files.push(path);
  }
};
walk(process.argv[2]!);
const started = process.hrtime.bigint();
let records = 0;
for (const file of files) records += (JSON.parse(gunzipSync(readFileSync(file)).toString("latin1")) as { Records: unknown[] }).Records.length;
if (records === 0) throw new Error("no records");
console.log(Number(process.hrtime.bigint() - started) / 1e9);
