// `cognito-audit init`: a commented configuration file to start from. Written from the registry and
// the presets, so every rule id, option name and default in it is the one the code uses.
import { lstatSync } from "node:fs";
import { join, resolve } from "node:path";
import { findRule, RULES } from "../../rules/index.js";
import { CONFIG_FILE_NAMES, PRESET_RULES, PRESETS, type RuleConfig } from "../engine/config.js";
import type { Rule } from "../engine/rule.js";
import { SEVERITIES } from "../engine/severity.js";
import { InputError } from "../errors.js";
import { assertWritable, writeFileAtomic } from "../files.js";
import { TOOL_VERSION } from "../package.js";
import { wrapText } from "../util/text.js";
import { tell, type CommandIo } from "./io.js";

export interface InitOptions {
  output?: string;
  force: boolean;
}

/** Width of the file's lines, the "# " included. */
const WIDTH = 100;

/** Example lines are YAML behind a bare "#", so removing it enables them; explanations are "# " and a word. */
const example = (yaml: string): string => `#${yaml}`;
const explain = (text: string): string[] => wrapText(text, WIDTH - 2).map((line) => `# ${line}`);
/** A YAML comment inside an example, at the example's indentation. */
const exampleComment = (text: string, indent: string): string[] => wrapText(text, WIDTH - indent.length - 3).map((line) => example(`${indent}# ${line}`));

/** "access-token-validity maxMinutes 5, mfa-required severity high, password-complexity off" */
function presetSummary(rules: Record<string, RuleConfig>): string {
  const changes = Object.entries(rules).flatMap(([id, setting]) => [
    ...(setting.enabled === false ? [`${id} off`] : []),
    ...(setting.severity ? [`${id} severity ${setting.severity}`] : []),
    ...Object.entries(setting.options ?? {}).map(([name, value]) => `${id} ${name} ${JSON.stringify(value)}`),
  ]);
  return changes.length > 0 ? changes.join(", ") : "the rules' own defaults";
}

interface OptionDoc {
  default: unknown;
  description?: string;
}

function ruleBlock(rule: Rule): string[] {
  const options = Object.entries((rule.optionsSchema as { properties?: Record<string, OptionDoc> }).properties ?? {});
  return [
    example(`  ${rule.id}:`),
    ...exampleComment(`${rule.severity}: ${rule.title}`, "    "),
    example("    enabled: true"),
    ...(options.length > 0 ? [example("    options:")] : []),
    ...options.flatMap(([name, schema]) => [
      ...exampleComment(schema.description ?? "", "      "),
      example(`      ${name}: ${JSON.stringify(schema.default)}`),
    ]),
  ];
}

/** The configuration `init` writes: as it stands it keeps every default. */
export function initConfigText(rules: readonly Rule[], now: Date): string {
  const sample = findRule("mfa-required") ?? rules[0]!;
  const expires = new Date(now.getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
  const lines = [
    `# cognito-audit configuration, written by \`cognito-audit init\` (cognito-audit ${TOOL_VERSION}).`,
    ...explain(
      "As written it keeps every default. To use a setting, remove the # in front of its lines and keep the indentation (lines starting with \"# \" are explanations). A mistake is reported with the file, line and column. `cognito-audit rules` lists the rules; `cognito-audit explain RULE_ID` shows one's documentation.",
    ),
    "",
    ...explain(`preset: the settings applied before the rules below, one of ${PRESETS.join(", ")}.`),
    ...PRESETS.flatMap((preset) => explain(`- ${preset}: ${presetSummary(PRESET_RULES[preset])}.`)),
    "preset: default",
    "",
    ...explain(
      `rules: per rule, enabled (true or false), severity (${SEVERITIES.join(", ")}; set, it replaces the rule's own severity, escalations included) and options. Every rule is listed with its default severity and the defaults of its options.`,
    ),
    example("rules:"),
    ...rules.flatMap(ruleBlock),
    "",
    ...explain(
      "authorizationAttributes: custom attributes your applications make authorization decisions on. writable-privileged-attribute and idp-maps-privileged-attribute then treat them as privileged, besides names such as role, admin or tenant.",
    ),
    example("authorizationAttributes:"),
    example("  - custom:customer_segment"),
    "",
    ...explain(
      'suppressions: failures you accept. rule: a rule id, or "*" for every rule; resource: a glob over the resource identifier (* matches any characters, / included; ? one); reason: required, shown in the report; expires: YYYY-MM-DD, from that day on the finding counts again and the report says so.',
    ),
    example("suppressions:"),
    example(`  - rule: ${sample.id}`),
    example('    resource: "arn:aws:cognito-idp:*:*:userpool/eu-west-1_Kiosk*"'),
    example("    reason: Kiosk pool without personal data (RISK-1234)"),
    example(`    expires: ${expires}`),
  ];
  return `${lines.join("\n")}\n`;
}

/** Whether anything (a file, a directory, a dangling link) is at `path`. */
function taken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function init(options: InitOptions, io: CommandIo): number {
  const file = resolve(io.cwd, options.output ?? CONFIG_FILE_NAMES[0]!);
  if (!options.force) {
    // Without --output, a .yaml or .json already there would be shadowed by the new .yml.
    const existing = [file, ...(options.output === undefined ? CONFIG_FILE_NAMES.map((name) => join(io.cwd, name)) : [])].find(taken);
    if (existing !== undefined) {
      throw new InputError(`init: ${existing} already exists; nothing was written. Pass --force to replace it, or --output FILE to write elsewhere.`);
    }
  }
  assertWritable(file, `--output ${file}`);
  writeFileAtomic(file, [initConfigText(RULES, io.now())]);
  tell(io, `wrote ${file}: the default settings, with every rule and option commented out to edit.`);
  return 0;
}
