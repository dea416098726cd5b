import Table from "cli-table3";
import { RULES } from "../../rules/index.js";
import type { CommandIo } from "./io.js";

export interface RulesOptions {
  format: "table" | "json";
}

export async function listRules(options: RulesOptions, io: CommandIo): Promise<number> {
  const rows = RULES.map((r) => ({
    id: r.id,
    severity: r.severity,
    resource: r.resourceType,
    title: r.title,
    anchors: r.anchors,
    options: r.defaultOptions,
  }));
  if (options.format === "json") {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const table = new Table({ head: ["Rule", "Severity", "Resource", "Title", "Anchors"], style: { head: [], border: [] } });
  for (const r of rows) table.push([r.id, r.severity, r.resource, r.title, r.anchors.join(", ")]);
  io.stdout.write(`${table.toString()}\n${rows.length} rules. \`cognito-audit explain RULE_ID\` shows a rule's documentation.\n`);
  return 0;
}
