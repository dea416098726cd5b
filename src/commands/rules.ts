import Table from "cli-table3";
import { RULES } from "../../rules/index.js";
import { anchorLabel } from "../engine/anchors.js";
import { RESOURCE_LABELS } from "../snapshot/identifiers.js";
import { wrapText } from "../util/text.js";
import type { CommandIo } from "./io.js";

export interface RulesOptions {
  format: "table" | "json";
}

/** The table fits a terminal of this many columns, borders included. */
export const RULES_TABLE_WIDTH = 100;
/** Text widths of the table's columns (each cell adds a space either side, each column a border). */
const RULE_WIDTH = 31;
const SEVERITY_WIDTH = 8;
const DETAIL_WIDTH = RULES_TABLE_WIDTH - RULE_WIDTH - SEVERITY_WIDTH - 3 * 2 - 4;

interface OptionRow {
  name: string;
  type: unknown;
  default: unknown;
  description: string;
}

/** A rule's options as its schema declares them: name, type, default and meaning. */
function optionRows(optionsSchema: object): OptionRow[] {
  const { properties = {} } = optionsSchema as { properties?: Record<string, { type?: unknown; default?: unknown; description?: string }> };
  return Object.entries(properties).map(([name, schema]) => ({ name, type: schema.type, default: schema.default, description: schema.description ?? "" }));
}

export async function listRules(options: RulesOptions, io: CommandIo): Promise<number> {
  const rows = RULES.map((r) => ({
    id: r.id,
    severity: r.severity,
    resource: r.resourceType,
    title: r.title,
    anchors: r.anchors,
    /** Each option's default, by name. */
    options: r.defaultOptions,
    /** Each option with its type, default and meaning, from the rule's schema. */
    optionDetails: optionRows(r.optionsSchema),
  }));
  if (options.format === "json") {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const wrap = (text: string, width: number) => wrapText(text, width).join("\n");
  const table = new Table({
    head: ["Rule", "Severity", "Title, options (default) and anchors"],
    colWidths: [RULE_WIDTH + 2, SEVERITY_WIDTH + 2, DETAIL_WIDTH + 2],
    wordWrap: false,
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    const detail = [
      r.title,
      ...r.optionDetails.map((o) => `option ${o.name} = ${optionText(o.default)}`),
      `anchors: ${r.anchors.map(anchorLabel).join(", ")}`,
    ];
    table.push([wrap(`${r.id}\n${RESOURCE_LABELS[r.resource]}`, RULE_WIDTH), wrap(r.severity, SEVERITY_WIDTH), detail.map((line) => wrap(line, DETAIL_WIDTH)).join("\n")]);
  }
  const footer = `${rows.length} rules. \`cognito-audit explain RULE_ID\` shows a rule's documentation, its options' meaning and its references.`;
  io.stdout.write(`${table.toString()}\n${wrap(footer, RULES_TABLE_WIDTH)}\n`);
  return 0;
}

/** A default as JSON, a list with a space after each comma so that the table wraps it between items. */
const optionText = (value: unknown) => (Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(", ")}]` : JSON.stringify(value));
