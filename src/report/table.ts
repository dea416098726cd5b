// The terminal report: per-pool scores, then the failures, most severe first.
import { Chalk, type ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { Finding } from "../engine/findings.js";
import type { Score } from "../engine/scoring.js";
import type { Severity } from "../engine/severity.js";
import { unlistedText, type Report } from "./model.js";
import { terminalSafe } from "../util/terminal.js";

export interface TableOptions {
  /** chalk colour level: 0 none … 3 truecolor. */
  colorLevel: 0 | 1 | 2 | 3;
  /** Terminal width for wrapping the message column. */
  width?: number;
}

const severityStyle = (c: ChalkInstance): Record<Severity, (s: string) => string> => ({
  critical: (s) => c.bgRed.white.bold(s),
  high: (s) => c.red.bold(s),
  medium: (s) => c.yellow(s),
  low: (s) => c.cyan(s),
  info: (s) => c.gray(s),
});

const gradeStyle = (c: ChalkInstance, grade: string | null) =>
  grade === "A" || grade === "B" ? c.green.bold : grade === "C" ? c.yellow.bold : grade === null ? c.gray : c.red.bold;

const percent = (ratio: number | null) => (ratio === null ? "n/a" : `${Math.round(ratio * 100)}%`);
const scoreText = (s: Score) => (s.value === null ? "n/a" : s.value.toFixed(1));

/** A terminal cell shows at most this many characters of one value; the machine formats keep it whole. */
const MAX_CELL_TEXT = 500;

/** Every cell goes through here: AWS-provided text is made terminal-safe and cut to a readable length before colour is added. */
const safe = (text: unknown) => {
  const clean = terminalSafe(String(text ?? ""));
  return clean.length > MAX_CELL_TEXT ? `${clean.slice(0, MAX_CELL_TEXT - 1)}…` : clean;
};

export function renderTable(report: Report, options: TableOptions): string {
  const c = new Chalk({ level: options.colorLevel });
  const sev = severityStyle(c);
  const width = Math.max(80, Math.min(options.width ?? 160, 240));
  const out: string[] = [];
  const borderless = { head: [] as string[], border: [] as string[], compact: true };
  const poolNames = new Map(report.pools.map((p) => [p.arn, p.name]));

  const source = report.snapshot.source && report.snapshot.source !== "aws" ? ` from ${safe(report.snapshot.source)}` : "";
  out.push(c.bold(`${report.tool.name} ${report.tool.version}`) + c.gray(` — ${report.pools.length} user pool(s)${source}, collected ${report.snapshot.collectedAt}`));
  const g = report.score.grade;
  out.push(
    `Overall score ${gradeStyle(c, g)(`${scoreText(report.score)} (${g ?? "n/a"})`)}` +
      c.gray(
        `  coverage ${percent(report.score.coverage)}  ·  ${report.score.counts.fail} failed, ${report.score.counts.pass} passed, ${report.score.counts.not_evaluated} not evaluated` +
          (report.score.counts.suppressed ? `, ${report.score.counts.suppressed} suppressed` : ""),
      ),
  );
  if (report.config.source || report.config.preset !== "default") {
    out.push(c.gray(`Configuration: ${report.config.source ? safe(report.config.source) : "none"} (preset ${report.config.preset})`));
  }
  out.push("");

  if (report.pools.length > 0) {
    const pools = new Table({ head: ["User pool", "Region", "Score", "Grade", "Failed", "Coverage"].map((h) => c.bold(h)), style: borderless });
    for (const pool of [...report.pools].sort((a, b) => (a.score.value ?? 101) - (b.score.value ?? 101))) {
      pools.push([
        `${safe(pool.name)}\n${c.gray(safe(pool.id))}`,
        safe(pool.region),
        scoreText(pool.score),
        gradeStyle(c, pool.score.grade)(pool.score.grade ?? "n/a"),
        String(pool.score.counts.fail),
        percent(pool.score.coverage),
      ]);
    }
    out.push(pools.toString(), "");
  } else {
    out.push(c.yellow("No user pools were found."), "");
  }

  const failures = report.findings.filter((f) => f.status === "fail");
  if (failures.length > 0) {
    // One line per finding, so that a whole estate fits on a screen; JSON carries the full text.
    out.push(c.bold(`Findings (${failures.length})`));
    const ruleWidth = Math.min(30, Math.max(...failures.map((f) => f.ruleId.length)));
    const labels = failures.map((f) => resourceLabel(f, poolNames));
    const resourceWidth = Math.min(36, Math.max(...labels.map((l) => l.length)));
    const messageWidth = Math.max(20, width - 9 - ruleWidth - resourceWidth - 6);
    failures.forEach((f, i) => {
      out.push(
        `${sev[f.severity](f.severity.toUpperCase().padEnd(8))} ${fit(safe(f.ruleId), ruleWidth).padEnd(ruleWidth)}  ${fit(labels[i]!, resourceWidth).padEnd(resourceWidth)}  ${c.gray(fit(safe(f.message), messageWidth))}`,
      );
    });
    out.push(c.gray("Full messages, evidence and remediation: --format json, or `cognito-audit explain RULE_ID`."), "");
  } else {
    out.push(c.green("No failed checks."), "");
  }

  const suppressed = report.findings.filter((f) => f.status === "suppressed");
  if (suppressed.length > 0) {
    out.push(c.bold(`Suppressed (${suppressed.length})`) + c.gray(" — accepted in the configuration:"));
    for (const f of suppressed) {
      const until = f.suppression?.expires ? ` until ${f.suppression.expires}` : "";
      out.push(`  ${c.gray("•")} ${safe(f.ruleId)} on ${resourceLabel(f, poolNames)}: ${safe(f.suppression?.reason ?? "")}${c.gray(until)}`);
    }
    out.push("");
  }

  const notEvaluated = report.findings.filter((f) => f.status === "not_evaluated");
  if (notEvaluated.length > 0) {
    out.push(c.bold(`Not evaluated (${notEvaluated.length})`) + c.gray(" — these checks could not judge their resource:"));
    // One line per cause: "X failed with Code" (the AWS message is in the JSON report).
    const byCause = new Map<string, { checks: number; rules: Set<string> }>();
    for (const f of notEvaluated) {
      const cause = safe((f.reason ?? "unknown reason").split(": ")[0]);
      const entry = byCause.get(cause) ?? { checks: 0, rules: new Set<string>() };
      entry.checks += 1;
      entry.rules.add(f.ruleId);
      byCause.set(cause, entry);
    }
    for (const [cause, { checks, rules }] of byCause) {
      const list = [...rules];
      const named = list.length > 3 ? `${list.slice(0, 3).join(", ")} and ${list.length - 3} more` : list.join(", ");
      out.push(`  ${c.yellow("•")} ${fit(`${cause} — ${checks} check(s): ${named}`, width - 4)}`);
    }
    out.push("");
  }

  out.push(...activityLines(report, poolNames, c, width), "");

  if (report.errors.length > 0) {
    const counts = new Map<string, number>();
    for (const e of report.errors) {
      const key = `${safe(e.operation)} (${safe(e.code)})`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const list = [...counts].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key)).join(", ");
    out.push(`${c.bold(`Collection errors (${report.errors.length}):`)} ${c.gray(fit(list, width - 26))}`, "");
  }
  for (const note of report.notes) out.push(c.gray(`Note: ${safe(note)}`));
  if (report.notes.length) out.push("");

  const gate = report.gate;
  const gateLine = gate.passed
    ? c.green.bold("Gate passed") + c.gray(` (fail on ${gate.failOn}${gate.minScore !== null ? `, minimum score ${gate.minScore}` : ""})`)
    : c.red.bold("Gate failed: ") + safe(gate.reasons.join("; "));
  out.push(gateLine + (gate.incomplete ? c.yellow("  — incomplete: some checks could not be evaluated") : ""));
  if (gate.unlistedRegions.length) out.push(c.yellow(safe(unlistedText(gate.unlistedRegions))));
  return `${out.join("\n")}\n`;
}

const KIND_LABEL: Record<string, string> = {
  "AWS::Cognito::UserPool": "pool",
  "AWS::Cognito::UserPoolClient": "client",
  "AWS::Cognito::UserPoolIdentityProvider": "IdP",
  "AWS::Lambda::Function": "trigger",
  "AWS::Cognito::IdentityPool": "identity pool",
  "AWS::CloudTrail::Trail": "region",
};

/** The "sign-in activity" section: what CloudTrail shows per pool, or why nothing was analysed. */
function activityLines(report: Report, poolNames: Map<string, string>, c: ChalkInstance, width: number): string[] {
  const activity = report.activity;
  if (!activity.available) return [`${c.bold("Sign-in activity:")} ${c.yellow(`not analysed — ${fit(safe(activity.reason), width - 30)}`)}`];
  const head = `${c.bold("Sign-in activity")} ${c.gray(`(${safe(activity.source)}, ${activity.start} → ${activity.end}): ${activity.events} event(s)${activity.unattributed ? `, ${activity.unattributed} for pools not in this scan` : ""}`)}`;
  if (activity.events === 0) return [head, c.yellow("  No cognito-idp events in the window: the behaviour checks saw nothing to judge.")];
  const lines = [head];
  for (const pool of activity.pools) {
    const ips = pool.topFailingIps.map((i) => `${safe(i.ip)} ×${i.failures}`).join(", ");
    lines.push(`  ${safe(poolNames.get(pool.poolArn) ?? pool.poolArn)}: ${pool.signIns} sign-in(s), ${pool.failedSignIns} failed, ${pool.events} event(s)${ips ? c.gray(` — top failing IPs: ${fit(ips, width - 60)}`) : ""}`);
  }
  return lines;
}

/** "client web (shop)": the resource, and for a pool's parts, the pool. */
function resourceLabel(f: Finding, poolNames: Map<string, string>): string {
  const label = `${KIND_LABEL[f.resource.type] ?? "resource"} ${safe(f.resource.name)}`;
  if (!f.poolArn || f.resource.arn === f.poolArn) return label;
  return `${label} (${safe(poolNames.get(f.poolArn) ?? f.poolArn)})`;
}

/** Cuts text to `width` characters, marking the cut. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
