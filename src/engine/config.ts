// The configuration file (.cognito-audit.yml / .json): presets, per-rule settings,
// authorization attributes and suppressions. Its schema is generated from the rules.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { InputError } from "../errors.js";
import { assertNestingDepth, jsonPath, MAX_NESTING, parseJsonText } from "../snapshot/json.js";
import { assertValid, compileSchema, isRecord, type Locate } from "../snapshot/validate.js";
import { didYouMean, matchName } from "../suggest.js";
import type { Rule } from "./rule.js";
import type { RuleSettings } from "./types.js";
import { SEVERITIES, type Severity } from "./severity.js";

export const PRESETS = ["default", "strict", "nist"] as const;
export type Preset = (typeof PRESETS)[number];

export interface RuleConfig {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface Suppression {
  rule: string;
  /** A glob over the resource identifier: `*` matches any run of characters, `?` one. */
  resource: string;
  reason: string;
  /** YYYY-MM-DD: from that day on the suppression stops working. */
  expires?: string;
}

export interface Config {
  preset?: Preset;
  rules?: Record<string, RuleConfig>;
  authorizationAttributes?: string[];
  suppressions?: Suppression[];
}

/** What each preset changes, as rule settings (applied before the file's own `rules`). */
export const PRESET_RULES: Record<Preset, Record<string, RuleConfig>> = {
  default: {},
  // For pools guarding sensitive data: short-lived tokens, MFA always, tighter hygiene.
  strict: {
    "access-token-validity": { options: { maxMinutes: 5 } },
    "refresh-token-validity": { options: { maxDays: 14 } },
    "mfa-required": { severity: "high" },
    "temporary-password-validity": { options: { maxDays: 1 } },
    "client-secret-age": { options: { maxAgeDays: 30 } },
  },
  // NIST SP 800-63B-4: no composition rules; 15 characters for single-factor passwords.
  nist: {
    "password-complexity": { enabled: false },
    "password-min-length": { options: { singleFactorMinLength: 15 } },
  },
};

export const CONFIG_FILE_NAMES = [".cognito-audit.yml", ".cognito-audit.yaml", ".cognito-audit.json"];

/** The JSON Schema of the configuration file, built from the registered rules' option schemas. */
export function configSchema(rules: readonly Rule[]) {
  const ruleSettings = Object.fromEntries(
    rules.map((rule) => [
      rule.id,
      {
        type: "object",
        description: rule.title,
        properties: {
          enabled: { type: "boolean" },
          severity: { enum: [...SEVERITIES] },
          options: rule.optionsSchema,
        },
        additionalProperties: false,
      },
    ]),
  );
  return {
    $id: "https://cognito-audit.dev/schemas/config.json",
    title: "cognito-audit configuration",
    type: "object",
    properties: {
      preset: { enum: [...PRESETS] },
      rules: { type: "object", properties: ruleSettings, additionalProperties: false },
      authorizationAttributes: { type: "array", items: { type: "string", minLength: 1 } },
      suppressions: {
        type: "array",
        items: {
          type: "object",
          properties: {
            rule: { enum: [...rules.map((r) => r.id), "*"] },
            resource: { type: "string", minLength: 1 },
            reason: { type: "string", minLength: 1 },
            expires: { type: "string", format: "date" },
          },
          required: ["rule", "resource", "reason"],
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  };
}

/** Aliases a configuration may expand: far more than any real one uses, far fewer than a "billion laughs" needs. */
const MAX_ALIAS_COUNT = 100;

/** Parses YAML or JSON text, naming the line of a syntax error. */
function parseConfigText(text: string, file: string): unknown {
  if (file.endsWith(".json")) {
    return parseJsonText(text, file);
  }
  const document = parseDocument(text, { prettyErrors: true });
  const [first] = document.errors;
  if (first) {
    const where = first.linePos?.[0] ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}` : "";
    // The parser reports its own stack overflow on deep nesting as RESOURCE_EXHAUSTION.
    const reason =
      first.code === "RESOURCE_EXHAUSTION"
        ? `nested too deeply (expected at most ${MAX_NESTING} levels of mappings and sequences)`
        : first.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new InputError(`${file}: is not valid YAML${where}: ${reason}.`);
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    // The yaml package throws a ReferenceError when aliases expand beyond maxAliasCount.
    throw new InputError(`${file}: is not a usable YAML configuration: its aliases (*name) expand too far (${(error as Error).message}); expected a configuration without alias chains.`);
  }
}

/** The key of a mapping entry that spells `step`: exactly, else in another case (rule ids, read in any case). */
function entryFor(map: { items: { key: unknown; value: unknown }[] }, step: string) {
  const keyText = (key: unknown) => (isScalar(key) ? String(key.value) : undefined);
  return map.items.find((pair) => keyText(pair.key) === step) ?? map.items.find((pair) => keyText(pair.key)?.trim().toLowerCase() === step.toLowerCase());
}

/**
 * Finds a key or value of the configuration text by its path, for errors that name the line. YAML
 * and JSON alike (the YAML parser reads JSON); parsed again only when there is an error to place.
 */
function textLocator(text: string): Locate {
  let parsed: { doc: ReturnType<typeof parseDocument>; counter: LineCounter } | undefined;
  return (steps, key) => {
    if (!parsed) {
      const counter = new LineCounter();
      // Columns as an editor counts them: a byte order mark is not one.
      parsed = { doc: parseDocument(text.replace(/^\uFEFF/, ""), { lineCounter: counter, uniqueKeys: false }), counter };
    }
    const { doc, counter } = parsed;
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const step of key === undefined ? steps : [...steps, key]) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = entryFor(node, step);
        if (!pair) return "";
        [keyNode, node] = [pair.key, pair.value];
      } else if (isSeq(node)) {
        [keyNode, node] = [undefined, node.items[Number(step)]];
      } else {
        return "";
      }
    }
    // The offending key itself when it is the problem (or has no value), else its value.
    const target = (key !== undefined ? keyNode : (node ?? keyNode)) as Node | undefined;
    const offset = target?.range?.[0];
    if (offset === undefined) return "";
    const { line, col } = counter.linePos(offset);
    return ` (line ${line}, column ${col})`;
  };
}

/** What a configuration problem says: the file, the path and where it is written, then the problem. */
function configError(file: string, steps: readonly string[], where: string, problem: string): InputError {
  return new InputError(`${file}: at ${jsonPath(steps.map((s) => "/" + s.replace(/~/g, "~0").replace(/\//g, "~1")).join(""))}${where} ${problem}.`);
}

/** The known name `value` (at `steps`) spells in any case; else an InputError there with the closest one. */
function canonical<T extends string>(value: string, names: readonly T[], file: string, steps: readonly string[], locate: Locate, what: string, hint: string): T {
  const match = matchName(value, names);
  if (match === undefined) throw configError(file, steps, locate(steps), `unknown ${what} ${JSON.stringify(value)}${didYouMean(value, names)}; ${hint}`);
  return match;
}

/** Every key of `record` (at `steps`) is one of `names`; else an InputError at the key with the closest one. */
function knownKeys(record: Record<string, unknown>, names: readonly string[], file: string, steps: readonly string[], locate: Locate, what: string, owner = ""): void {
  const unknown = Object.keys(record).find((key) => !names.includes(key));
  if (unknown === undefined) return;
  const expected = names.length > 0 ? `expected one of ${names.join(", ")}` : "expected none";
  throw configError(file, [...steps, unknown], locate(steps, unknown), `unknown ${what} ${JSON.stringify(unknown)}${owner}${didYouMean(unknown, names)}; ${expected}`);
}

const SUPPRESSION_FIELDS = ["rule", "resource", "reason", "expires"];

/**
 * Rule ids, severities and presets are written in any case (`Mfa-Required`, `HIGH`): spelled the
 * registry's way before validation, and a typo names the closest known one. So does a misspelt
 * setting, option or suppression field (those only in their exact case).
 */
function canonicalNames(data: unknown, file: string, rules: readonly Rule[], locate: Locate): unknown {
  if (!isRecord(data)) return data;
  const ids = rules.map((r) => r.id);
  const ruleHint = "`cognito-audit rules` lists the rule ids";
  knownKeys(data, ["preset", "rules", "authorizationAttributes", "suppressions"], file, [], locate, "setting");
  const out: Record<string, unknown> = { ...data };
  if (typeof data.preset === "string") out.preset = canonical(data.preset, PRESETS, file, ["preset"], locate, "preset", `expected one of ${PRESETS.join(", ")}`);
  if (isRecord(data.rules)) {
    const seen = new Map<string, string>();
    const entries = Object.entries(data.rules).map(([key, value]): [string, unknown] => {
      const steps = ["rules", key];
      const id = canonical(key, ids, file, steps, (s) => locate(s.slice(0, -1), key), "rule", ruleHint);
      const earlier = seen.get(id);
      if (earlier !== undefined) throw configError(file, steps, locate(["rules"], key), `the rule ${id} is configured a second time (first at ${jsonPath("/rules", earlier)}); keep one entry`);
      seen.set(id, key);
      if (!isRecord(value)) return [id, value];
      knownKeys(value, ["enabled", "severity", "options"], file, steps, locate, "setting", ` for rule ${id}`);
      if (isRecord(value.options)) knownKeys(value.options, Object.keys(rules.find((r) => r.id === id)!.defaultOptions), file, [...steps, "options"], locate, "option", ` for rule ${id}`);
      if (typeof value.severity !== "string") return [id, value];
      const severity = canonical(value.severity, SEVERITIES, file, [...steps, "severity"], locate, "severity", `expected one of ${SEVERITIES.join(", ")}`);
      return [id, { ...value, severity }];
    });
    out.rules = Object.fromEntries(entries);
  }
  if (Array.isArray(data.suppressions)) {
    out.suppressions = data.suppressions.map((s: unknown, i) => {
      if (!isRecord(s)) return s;
      const steps = ["suppressions", String(i)];
      knownKeys(s, SUPPRESSION_FIELDS, file, steps, locate, "suppression field");
      return typeof s.rule === "string" && s.rule !== "*" ? { ...s, rule: canonical(s.rule, ids, file, [...steps, "rule"], locate, "rule", `${ruleHint} ("*" matches every rule)`) } : s;
    });
  }
  return out;
}

export function parseConfig(text: string, file: string, rules: readonly Rule[]): Config {
  const raw = parseConfigText(text, file);
  assertNestingDepth(raw, file);
  const locate = textLocator(text);
  const data = canonicalNames(raw, file, rules, locate);
  // Ajv's paths use the canonical rule ids; the locator finds their keys in any case.
  assertValid(compileSchema<Config>(configSchema(rules)), data, file, "cognito-audit configuration", "", locate);
  return data;
}

/**
 * The configuration to use: `--config FILE`, else the first of CONFIG_FILE_NAMES in `cwd`, else
 * none. `source` names the file for the report.
 */
export async function loadConfig(explicit: string | undefined, cwd: string, rules: readonly Rule[]): Promise<{ config: Config; source?: string }> {
  const file = explicit ?? CONFIG_FILE_NAMES.map((name) => join(cwd, name)).find((path) => existsSync(path));
  if (!file) return { config: {} };
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a YAML or JSON configuration file.`);
  }
  return { config: parseConfig(text, file, rules), source: file };
}

export interface ResolvedRules {
  /** The rules that run, in registry order. */
  rules: Rule[];
  settings: Map<string, RuleSettings>;
}

/** Defaults ← preset ← the file's `rules`: which rules run, with which options and severity. */
export function resolveRules(config: Config, rules: readonly Rule[]): ResolvedRules {
  const preset = PRESET_RULES[config.preset ?? "default"];
  const settings = new Map<string, RuleSettings>();
  const enabled: Rule[] = [];
  for (const rule of rules) {
    const layers = [preset[rule.id], config.rules?.[rule.id]].filter((l): l is RuleConfig => l !== undefined);
    if (layers.findLast((l) => l.enabled !== undefined)?.enabled === false) continue;
    const severity = layers.findLast((l) => l.severity !== undefined)?.severity;
    const options: Record<string, unknown> = Object.assign({}, rule.defaultOptions, ...layers.map((l) => l.options ?? {})) as Record<string, unknown>;
    settings.set(rule.id, { options, ...(severity ? { severity } : {}) });
    enabled.push(rule);
  }
  return { rules: enabled, settings };
}
