// One measured scan of a snapshot file, in a process of its own: load and validate, run every
// rule, score, build and render the JSON report. Prints wall time and peak memory as JSON.
import { RULES } from "../rules/index.js";
import { resolveRules } from "../src/engine/config.js";
import { evaluateGate } from "../src/engine/gate.js";
import { runRules } from "../src/engine/runner.js";
import { score } from "../src/engine/scoring.js";
import { renderJsonChunks } from "../src/report/json.js";
import { buildReport } from "../src/report/model.js";
import { loadSnapshot } from "../src/snapshot/io.js";

const file = process.argv[2];
if (!file) throw new Error("usage: scan-once SNAPSHOT");
const started = process.hrtime.bigint();
const snapshot = await loadSnapshot(file);
const loaded = process.hrtime.bigint();
const now = new Date("2026-11-26T12:00:00Z");
const { rules, settings } = resolveRules({}, RULES);
const findings = runRules(snapshot, rules, { context: { now }, settings });
const evaluated = process.hrtime.bigint();
const gate = evaluateGate(findings, score(findings), 0, { failOn: "high" });
let reportBytes = 0;
for (const chunk of renderJsonChunks(buildReport(snapshot, rules, findings, gate, now))) reportBytes += chunk.length;
const done = process.hrtime.bigint();
const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
process.stdout.write(
  `${JSON.stringify({
    findings: findings.length,
    reportBytes,
    loadMs: ms(started, loaded),
    rulesMs: ms(loaded, evaluated),
    reportMs: ms(evaluated, done),
    totalMs: ms(started, done),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
