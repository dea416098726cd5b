// Generates docs/rules.md and the option table of every rules/<id>.md from the rule registry
// (`npm run docs`). The rule modules are the truth; the checked-in pages are tested to be what this
// produces now, so the documentation cannot drift from the code.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { RULES } from "../rules/index.js";
import { RESOURCE_LABELS } from "../src/snapshot/identifiers.js";
import type { Rule } from "../src/engine/rule.js";
import { anchorKind, anchorLabel, anchorMarkdown } from "../src/engine/anchors.js";
import { OPTIONS_END, OPTIONS_START, PACKAGE_ROOT, REFERENCES_END, REFERENCES_START, ruleDocPath } from "../src/package.js";

export { OPTIONS_END, OPTIONS_START, REFERENCES_END, REFERENCES_START };
export const RULES_INDEX_PATH = join(PACKAGE_ROOT, "docs", "rules.md");


/** The part of a JSON Schema an option table shows. */
interface OptionSchemaView {
  type?: string | string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  items?: OptionSchemaView;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

/** Keywords that only annotate; every other keyword the table does not show is an error, so it never hides a constraint. */
const ANNOTATIONS = new Set(["title", "$comment", "examples", "deprecated", "readOnly", "writeOnly"]);
const SHOWN = new Set(["type", "description", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "format", "enum", "items", "minItems", "maxItems", "uniqueItems"]);

/**
 * A table cell. The text is the project's own metadata, written as Markdown (code spans included),
 * not data from AWS: only what would break the table is escaped.
 */
const cell = (text: string) => text.replace(/\s+/g, " ").trim().replace(/\|/g, "\\|");
const code = (value: unknown) => `\`${cell(JSON.stringify(value))}\``;

function checkKeywords(where: string, schema: OptionSchemaView): void {
  for (const keyword of Object.keys(schema)) {
    if (!SHOWN.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`${where}: the docs generator cannot show the schema keyword ${JSON.stringify(keyword)}; teach scripts/docs.ts to`);
  }
  if (schema.items) checkKeywords(`${where} items`, schema.items);
}

function typeOf(schema: OptionSchemaView): string {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return types.map((t) => (t === "array" && schema.items ? `array of ${typeOf(schema.items)}s` : t)).join(" or ") || "any";
}

/** The constraints of a schema in words, e.g. "6–99", "≥ 2", "each non-empty". */
function rangeOf(schema: OptionSchemaView): string[] {
  const parts: string[] = [];
  const low = schema.minimum !== undefined ? `${schema.minimum}` : undefined;
  const high = schema.maximum !== undefined ? `${schema.maximum}` : undefined;
  if (low !== undefined && high !== undefined) parts.push(`${low}–${high}`);
  else if (low !== undefined) parts.push(`≥ ${low}`);
  else if (high !== undefined) parts.push(`≤ ${high}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minLength === 1 && schema.maxLength === undefined) parts.push("non-empty");
  else {
    if (schema.minLength !== undefined) parts.push(`at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  }
  if (schema.pattern !== undefined) parts.push(`matches ${code(schema.pattern)}`);
  if (schema.format !== undefined) parts.push(`format ${schema.format}`);
  if (schema.enum !== undefined) parts.push(`one of ${schema.enum.map(code).join(", ")}`);
  if (schema.minItems !== undefined) parts.push(`at least ${schema.minItems} entries`);
  if (schema.maxItems !== undefined) parts.push(`at most ${schema.maxItems} entries`);
  if (schema.uniqueItems) parts.push("no duplicates");
  if (schema.items) {
    const each = rangeOf(schema.items);
    if (each.length) parts.push(`each ${each.join(", ")}`);
  }
  return parts;
}

function optionsOf(rule: Rule): [string, OptionSchemaView][] {
  const { properties = {} } = rule.optionsSchema as { properties?: Record<string, OptionSchemaView> };
  const options = Object.entries(properties);
  for (const [name, schema] of options) checkKeywords(`${rule.id} option ${name}`, schema);
  return options;
}

/** The Markdown between a rule page's option markers: a table of its options, or "None.". */
export function optionsTable(rule: Rule): string {
  const options = optionsOf(rule);
  if (options.length === 0) return "None.";
  return [
    "| option | type | default | range | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...options.map(([name, schema]) => {
      const range = rangeOf(schema);
      const byDefault = schema.default === undefined ? "none" : code(schema.default);
      return `| \`${name}\` | ${cell(typeOf(schema))} | ${byDefault} | ${range.length ? cell(range.join(", ")) : "any"} | ${cell(schema.description ?? "")} |`;
    }),
  ].join("\n");
}

/** Where a page's block between two markers starts and ends, or undefined without exactly one well-formed pair. */
function block(page: string, startMarker: string, endMarker: string): { start: number; end: number } | undefined {
  const start = page.indexOf(startMarker);
  const end = page.indexOf(endMarker);
  const once = (marker: string, at: number) => at >= 0 && page.indexOf(marker, at + 1) < 0;
  return once(startMarker, start) && once(endMarker, end) && start < end ? { start, end } : undefined;
}

const replaceBlock = (page: string, at: { start: number; end: number }, startMarker: string, content: string) =>
  `${page.slice(0, at.start + startMarker.length)}\n${content}\n${page.slice(at.end)}`;

/** The rule page with its option table regenerated between the markers; the prose around them is kept. */
export function withOptionsTable(page: string, rule: Rule): string {
  const at = block(page, OPTIONS_START, OPTIONS_END);
  if (!at) throw new Error(`rules/${rule.id}.md needs one ${OPTIONS_START} … ${OPTIONS_END} block under "## Options"`);
  return replaceBlock(page, at, OPTIONS_START, optionsTable(rule));
}

/** The Markdown between a rule page's reference markers: one line per anchor of the rule. */
export function referencesList(rule: Rule): string {
  const wrong = rule.anchors.filter((anchor) => anchorKind(anchor) === undefined);
  if (wrong.length > 0) throw new Error(`${rule.id}: ${wrong.map((a) => JSON.stringify(a)).join(", ")} is not an anchor: use an FSBP control id, a peer scanner's check name or an AWS documentation URL`);
  return rule.anchors.map((anchor) => `- ${anchorMarkdown(anchor)}`).join("\n");
}

/**
 * The rule page with its references regenerated between the markers, for a page that has them
 * (the rule meta-test requires them of every page).
 */
export function withReferences(page: string, rule: Rule): string {
  if (!page.includes(REFERENCES_START) && !page.includes(REFERENCES_END)) return page;
  const at = block(page, REFERENCES_START, REFERENCES_END);
  if (!at) throw new Error(`rules/${rule.id}.md needs one ${REFERENCES_START} … ${REFERENCES_END} block under "## References"`);
  return replaceBlock(page, at, REFERENCES_START, referencesList(rule));
}

/** docs/rules.md: every rule, the conventions they share, and each rule's options. */
export function rulesIndex(rules: readonly Rule[]): string {
  const anchors = (rule: Rule) => cell(rule.anchors.map((anchor) => (anchorKind(anchor) === "aws-docs" ? `[${anchorLabel(anchor)}](${anchor})` : anchor)).join(", "));
  const withOptions = rules.filter((rule) => optionsOf(rule).length > 0);
  return `# Rules

<!-- Generated by \`npm run docs\` from the rule registry (rules/index.ts). Edit the rule modules, not this file. -->

cognito-audit ships ${rules.length} rules. **Rule ids are stable public ids**: they appear as the SARIF
\`ruleId\`, in JSON reports, in suppressions, baselines and configuration files, so a released id never
changes meaning, is never renamed and is never reused. Each id links to the rule's page (what it checks,
why it matters, how to fix it, when it is not evaluated); \`cognito-audit explain RULE_ID\` prints the
same page.

The severity is the default: a rule may report a finding at another severity where its page says so
(for example \`mfa-required\` at medium when MFA is optional), and a configuration file may override it
per rule. Anchors say where else the check appears or what it rests on: AWS Foundational Security
Best Practices (FSBP) controls in Security Hub, the checks of other scanners (Prowler, Checkov,
CloudSploit, Steampipe, Pacu) by their names, and the AWS documentation pages that describe the
setting. Each rule's page lists them under "References".

| id | resource | default severity | title | anchors |
| --- | --- | --- | --- | --- |
${rules.map((r) => `| [\`${r.id}\`](../rules/${r.id}.md) | ${RESOURCE_LABELS[r.resourceType]} | ${r.severity} | ${cell(r.title)} | ${anchors(r)} |`).join("\n")}

## Resource identifiers

Each result names its resource by one identifier (\`resource.arn\` in JSON,
\`logicalLocations[0].fullyQualifiedName\` in SARIF, part of every fingerprint):

| resource | identifier |
| --- | --- |
| user pool | the pool's own ARN (\`DescribeUserPool\` \`UserPool.Arn\`) |
| app client | \`<pool ARN>/client/<ClientId>\` (not a real AWS ARN, but stable and unique) |
| identity provider | \`<pool ARN>/idp/<ProviderName>\` (not a real AWS ARN either) |
| Lambda trigger | the function ARN as configured in the pool's \`LambdaConfig\` |
| identity pool | \`arn:<partition>:cognito-identity:<region>:<account>:identitypool/<IdentityPoolId>\` |
| region | \`arn:<partition>:cloudtrail:<region>:<account>:trail/*\` (trail coverage) |

Behaviour (CloudTrail) findings belong to the user pool the events concern; an event that names only an
app client is attributed to that client's pool through the snapshot.

## Writable by a client

An attribute is writable through an app client when it is listed in the client's \`WriteAttributes\`
(certain), or when the client has no list (\`WriteAttributes\` empty or absent). For a client without
a list the AWS API reference (\`UserPoolClientType\`) says: "When you don't specify the
WriteAttributes for your app client, your app can write the values of the Standard attributes of your
user pool." Standard attributes (\`email\`, \`phone_number\`, …) are therefore writable with
certainty. For custom attributes the reference says no, but field reports say clients created without
a list could write them (aws/aws-cdk#21835): the rules keep the conservative verdict and treat them as
writable, at a lower severity or in hedged words, and quote both sources in the evidence. Reading
through \`ReadAttributes\` follows the same logic (the default adds \`email_verified\` and
\`phone_number_verified\`). Developer-only attributes are reachable with IAM credentials only, never
through a client.

## Not evaluated

A rule whose input was not collected (a missing snapshot section, \`AccessDenied\`, an endpoint that
does not support the call) reports \`not_evaluated\` with the reason, never \`pass\`. Not-evaluated
results are left out of the score and reported as coverage.

## Options

Options are set per rule in the configuration file (the README's "Configuration"), which is
validated against these schemas before any AWS call: a value out of range or an unknown option is an
input error.

${withOptions.map((rule) => `### ${rule.id}\n\n${optionsTable(rule)}`).join("\n\n")}
`;
}

/** Every generated file with the content it must have now. */
export function generatedFiles(rules: readonly Rule[] = RULES): { path: string; content: string }[] {
  return [
    { path: RULES_INDEX_PATH, content: rulesIndex(rules) },
    ...rules.map((rule) => ({ path: ruleDocPath(rule.id), content: withReferences(withOptionsTable(readFileSync(ruleDocPath(rule.id), "utf8"), rule), rule) })),
  ];
}

function main(): void {
  let written = 0;
  for (const { path, content } of generatedFiles()) {
    if (existsSync(path) && readFileSync(path, "utf8") === content) continue;
    writeFileSync(path, content);
    console.log(`wrote ${relative(PACKAGE_ROOT, path)}`);
    written += 1;
  }
  console.log(written ? `${written} file(s) regenerated.` : "docs are up to date.");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
