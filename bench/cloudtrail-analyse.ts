// One measured CloudTrail analysis in a process of its own: log files → dropDuplicates →
// the scan pipeline with every registered behaviour rule. Prints the figures
// and the failing (rule, pool) pairs, then one line `RESULT {json}` for bench/cloudtrail.ts.
// Usage: node dist/bench/cloudtrail-analyse.js LOG_DIR SNAPSHOT START_ISO END_ISO
import { RULES } from "../rules/index.js";
import { dropDuplicates, logFileBatches } from "../src/cloudtrail/sources.js";
import { scanSnapshot } from "../src/pipeline.js";
import { loadSnapshot } from "../src/snapshot/io.js";

const [dir, snapshotFile, startIso, endIso] = process.argv.slice(2);
if (!dir || !snapshotFile || !startIso || !endIso) throw new Error("usage: cloudtrail-analyse LOG_DIR SNAPSHOT START_ISO END_ISO");

const behaviourRules = RULES.filter((rule) => rule.kind === "event");
const snapshot = await loadSnapshot(snapshotFile);
const start = new Date(startIso);
const end = new Date(endIso);

const rssBeforeMb = Math.round(process.memoryUsage.rss() / 2 ** 20);
// Records read, every service's (READERS=0 reads on the main thread, as the unit tests do).
const stats = { files: 0, records: 0 };
const readers = process.env.READERS === undefined ? undefined : Number(process.env.READERS);
// INFLATE_ONLY=1 or 0: the readers only read and inflate (the default on two cores), or do all of it.
const inflateOnly = process.env.INFLATE_ONLY === undefined ? undefined : process.env.INFLATE_ONLY === "1";

const cpu0 = process.cpuUsage();
const loop0 = performance.eventLoopUtilization();
const t0 = process.hrtime.bigint();
// Options and severities as a default scan resolves them.
const { report, findings } = await scanSnapshot({
  snapshot,
  events: { kind: "records", batches: dropDuplicates(logFileBatches(dir, { stats, ...(readers !== undefined ? { readers } : {}), ...(inflateOnly !== undefined ? { inflateOnly } : {}) })), source: "files", start, end, notes: [] },
  rules: behaviourRules,
  config: {},
  now: end,
  gate: { failOn: "high" },
});
if (!report.activity.available) throw new Error(`no activity analysed: ${report.activity.reason}`);
const activity = report.activity;
const t2 = process.hrtime.bigint();
const read = stats.records;

const seconds = Number(t2 - t0) / 1e9;
// How busy the main thread (the analysis) was: the rest of the time it waited for the readers.
const mainBusy = performance.eventLoopUtilization(loop0).utilization;
// CPU time of the process (main thread and zlib's thread pool): steadier than wall time on a busy machine.
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const failing = findings.filter((f) => f.status === "fail").map((f) => ({ ruleId: f.ruleId, poolArn: f.poolArn ?? f.resource.arn, resource: f.resource.arn, severity: f.severity, message: f.message }));

console.log(`behaviour rules: ${behaviourRules.map((r) => r.id).join(", ") || "(none registered)"}; RSS before streaming ${rssBeforeMb} MB`);
console.log(
  `events read ${read} (cognito-idp after de-duplication ${activity.events}, unattributed ${activity.unattributed}); ` +
    `analysis ${seconds.toFixed(2)} s (streaming, verdicts and report), ` +
    `${Math.round(read / seconds)} events/s, CPU ${cpuSeconds.toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)}), process wall ${process.uptime().toFixed(2)} s, peak RSS ${peakRssMb} MB, main thread busy ${Math.round(mainBusy * 100)} %`,
);
console.log(`failing (rule, pool): ${failing.length}`);
for (const f of failing) console.log(`  ${f.ruleId} [${f.severity}] ${f.resource.replace(/^arn:aws:cognito-idp:[^:]+:\d+:userpool\//, "")}: ${f.message}`);
console.log(`RESULT ${JSON.stringify({ rules: behaviourRules.map((r) => r.id), read, cognitoEvents: activity.events, unattributed: activity.unattributed, seconds, cpuSeconds, wall: process.uptime(), peakRssMb, failing })}`);
