// One measured scan of a snapshot file, in a process of its own: load and validate, then the scan
// pipeline (every rule, score, report) and the JSON rendering. Prints wall time and peak memory as JSON.
import { RULES } from "../rules/index.js";
import { scanSnapshot } from "../src/pipeline.js";
import { renderJsonChunks } from "../src/report/json.js";
import { loadSnapshot } from "../src/snapshot/io.js";
import type { Snapshot } from "../src/snapshot/types.js";

const file = process.argv[2];
if (!file) throw new Error("usage: scan-once SNAPSHOT");
const started = process.hrtime.bigint();
// Held only until the pipeline has run, as in the scan command: the report does not need it.
let snapshot: Snapshot | undefined = await loadSnapshot(file);
const loaded = process.hrtime.bigint();
const now = new Date("2026-11-26T12:00:00Z");
const { report } = await scanSnapshot({
  snapshot,
  events: { kind: "unavailable", reason: "not part of this benchmark" },
  rules: RULES,
  config: {},
  now,
  gate: { failOn: "high" },
});
snapshot = undefined;
const evaluated = process.hrtime.bigint();
let reportBytes = 0;
for (const chunk of renderJsonChunks(report)) reportBytes += chunk.length;
const done = process.hrtime.bigint();
const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
process.stdout.write(
  `${JSON.stringify({
    // Every (rule, resource) result, passes included, whether or not they were kept as findings.
    findings: Object.values(report.score.counts).reduce((a, b) => a + b, 0),
    reportBytes,
    loadMs: ms(started, loaded),
    rulesMs: ms(loaded, evaluated),
    reportMs: ms(evaluated, done),
    totalMs: ms(started, done),
    // CPU time of the whole process: steadier than wall time on a machine shared with other work.
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
