// Reads a CloudFormation template (YAML or JSON: JSON is YAML 1.2's flow style, so one parser) into
// the JSON form of the template, with the line of every mapping key so that findings point at it.
// The short-form intrinsic tags (!Ref, !GetAtt, !Sub, …) are declared to the `yaml` package as
// custom tags: the package is already a dependency, and the tags are a fixed list from the
// CloudFormation reference ("Intrinsic function reference"), so a schema package would add nothing.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { InputError } from "../errors.js";
import { MAX_NESTING } from "../snapshot/json.js";
import { withoutControls } from "../util/terminal.js";

/** The short forms of the intrinsic functions and condition functions, as the CloudFormation reference lists them. */
const FUNCTIONS = [
  "Base64",
  "Cidr",
  "FindInMap",
  "GetAtt",
  "GetAZs",
  "ImportValue",
  "Join",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "And",
  "Equals",
  "If",
  "Not",
  "Or",
  "ToJsonString",
  "Length",
] as const;
const TAGS = ["Ref", "Condition", ...FUNCTIONS];

// Each tag on a scalar, a sequence or a mapping; resolve keeps the node, and toData reads its tag.
const CUSTOM_TAGS = TAGS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: "seq" as const, resolve: <T>(value: T) => value },
  { tag: `!${name}`, collection: "map" as const, resolve: <T>(value: T) => value },
]);

export interface ParsedTemplate {
  file: string;
  /** The template in its JSON form (short tags expanded to { "Fn::…": … } and { Ref: … }). */
  data: unknown;
  /** "Resources/UserPool/Properties/MfaConfiguration" (a path of mapping keys) → 1-based line of the key. */
  lines: Map<string, number>;
}

/** The path key of `lines`. */
export const pathKey = (steps: readonly string[]) => steps.join("/");

/** The long form of a short tag's value. */
function expandTag(tag: string, value: unknown): unknown {
  const name = tag.slice(1);
  if (name === "Ref" || name === "Condition") return { [name]: value };
  // !GetAtt Resource.Attribute: the attribute may itself hold dots (Outputs.Name).
  if (name === "GetAtt" && typeof value === "string") {
    const dot = value.indexOf(".");
    return { "Fn::GetAtt": dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

export function parseTemplateText(text: string, file: string): ParsedTemplate {
  const lineCounter = new LineCounter();
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const doc = parseDocument(body, { customTags: CUSTOM_TAGS, lineCounter, prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === "TAG_RESOLVE_FAILED");
  if (problem) {
    const { line, col } = lineCounter.linePos(problem.pos[0]);
    // The parser's own words, without the text they are about (it may carry terminal escapes or secrets).
    const what = withoutControls(problem.message.split("\n")[0]!.replace(/:\s.*$/, ""));
    throw new InputError(`${file}: is not a valid YAML or JSON template at line ${line}, column ${col}: ${what}; expected a CloudFormation template.`);
  }
  const lines = new Map<string, number>();
  const data = toData(doc, doc.contents, [], lines, lineCounter, file, { nodes: 0, inAlias: 0 });
  return { file, data, lines };
}

/**
 * Values that YAML aliases may expand to, counted each time an alias is used: real templates reuse a
 * few blocks, and an alias bomb (each alias repeating the one before) must stop here, not exhaust
 * memory. Values written out (a large JSON plan) do not count.
 */
const MAX_NODES = 1_000_000;

function toData(doc: Document, node: Node | null | undefined, path: string[], lines: Map<string, number>, counter: LineCounter, file: string, budget: { nodes: number; inAlias: number }): unknown {
  if (path.length > MAX_NESTING) throw new InputError(`${file}: nests deeper than ${MAX_NESTING} levels at ${pathKey(path.slice(0, 8))}/…; expected a CloudFormation template.`);
  if (budget.inAlias > 0 && ++budget.nodes > MAX_NODES) throw new InputError(`${file}: expands to more than ${MAX_NODES.toLocaleString("en-US")} values through YAML aliases (aliases repeating each other); expected a CloudFormation template.`);
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    budget.inAlias++;
    try {
      return toData(doc, node.resolve(doc), path, lines, counter, file, budget);
    } finally {
      budget.inAlias--;
    }
  }
  let value: unknown;
  if (isMap(node)) {
    const entries: [string, unknown][] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const steps = [...path, key];
      if (keyNode?.range) lines.set(pathKey(steps), counter.linePos(keyNode.range[0]).line);
      entries.push([key, toData(doc, pair.value as Node | null, steps, lines, counter, file, budget)]);
    }
    // fromEntries makes own properties: a "__proto__" key is data, not a prototype.
    value = Object.fromEntries(entries);
  } else if (isSeq(node)) {
    value = node.items.map((item, index) => toData(doc, item as Node | null, [...path, String(index)], lines, counter, file, budget));
  } else if (isScalar(node)) {
    value = node.value;
  } else {
    value = null;
  }
  const tag = (node as { tag?: string }).tag;
  return tag !== undefined && TAGS.includes(tag.slice(1)) && tag.startsWith("!") && !tag.startsWith("!!") ? expandTag(tag, value) : value;
}
