// The project's layering, enforced by lint: data flows one way (collect → snapshot → rules →
// findings → score → report), so a module imports only from its own layer or the layers listed
// for it. One table, read top to bottom; tests and benchmarks may import anything.
import { dirname, relative, resolve, sep } from "node:path";

/** Layer name → the files it holds (paths from the repository root; first match wins). */
const FILES = [
  ["base", /^src\/(util\/|errors\.ts$|files\.ts$|package\.ts$|suggest\.ts$)/],
  ["snapshot", /^src\/snapshot\//],
  // Reads infrastructure code (templates, Terraform plans) into a snapshot, as snapshot loading reads a file.
  ["iac", /^src\/iac\//],
  ["aws", /^src\/aws\//],
  ["collection", /^src\/(collect\/|cloudtrail\/collect\.ts$)/],
  ["domain", /^src\/(cognito|cloudtrail)\//],
  ["engine", /^src\/(engine|behaviour)\//],
  ["rules", /^rules\//],
  ["report", /^src\/report\//],
  ["pipeline", /^src\/pipeline\.ts$/],
  ["commands", /^src\/commands\//],
  ["cli", /^src\/cli\//],
  ["demo", /^src\/demo\//],
];

/** Layer name → the other layers it may import from. */
const ALLOWED = {
  base: [],
  snapshot: ["base"],
  iac: ["base", "snapshot"],
  aws: ["base"],
  domain: ["base", "snapshot"],
  collection: ["base", "snapshot", "aws", "domain"],
  engine: ["base", "snapshot", "domain"],
  rules: ["base", "snapshot", "domain", "engine"],
  report: ["base", "snapshot", "domain", "engine"],
  pipeline: ["base", "snapshot", "domain", "engine", "report"],
  commands: ["base", "snapshot", "iac", "aws", "collection", "domain", "engine", "rules", "report", "pipeline"],
  cli: ["base", "report", "commands"],
  demo: ["base"],
};

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");

function layerOf(file) {
  const path = relative(ROOT, file).split(sep).join("/").replace(/\.js$/, ".ts");
  return FILES.find(([, pattern]) => pattern.test(path))?.[0];
}

const allowedImports = {
  meta: {
    type: "problem",
    docs: { description: "A module imports only from its own layer and the layers below it (eslint/layers.js)." },
    schema: [],
    messages: { upward: "{{from}} (layer {{fromLayer}}) may not import {{target}} (layer {{targetLayer}}): {{fromLayer}} may import {{allowed}}." },
  },
  create(context) {
    const file = context.filename;
    const fromLayer = layerOf(file);
    if (!fromLayer) return {};
    function check(node, source) {
      if (typeof source !== "string" || !source.startsWith(".")) return;
      const targetLayer = layerOf(resolve(dirname(file), source));
      if (!targetLayer || targetLayer === fromLayer || ALLOWED[fromLayer].includes(targetLayer)) return;
      context.report({
        node,
        messageId: "upward",
        data: { from: relative(ROOT, file), fromLayer, target: source, targetLayer, allowed: ALLOWED[fromLayer].join(", ") || "nothing else" },
      });
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node.source, node.source.value),
    };
  },
};

export const layers = { rules: { "allowed-imports": allowedImports } };
