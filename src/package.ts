// Where cognito-audit is installed, and its version: found from this file, in src/ or dist/src/.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "cognito-audit") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the cognito-audit package.json");
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const TOOL_NAME = "cognito-audit";
export const TOOL_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
export const TOOL_URI = "https://github.com/cognito-audit/cognito-audit";

/** Where a rule's documentation is published (the same page as rules/<id>.md). */
export const ruleHelpUri = (ruleId: string) => `${TOOL_URI}/blob/main/rules/${ruleId}.md`;

/** The doc page of a rule: rules/<id>.md in the package. */
export const ruleDocPath = (ruleId: string) => join(PACKAGE_ROOT, "rules", `${ruleId}.md`);

/** The markers around a rule page's generated option table (`npm run docs` rewrites what is between them). */
export const OPTIONS_START = "<!-- options:start -->";
export const OPTIONS_END = "<!-- options:end -->";

/** The markers around a rule page's generated list of references (its anchors). */
export const REFERENCES_START = "<!-- references:start -->";
export const REFERENCES_END = "<!-- references:end -->";

/** A rule page as a reader sees it: without the generator's markers. */
export const withoutDocMarkers = (page: string) =>
  [OPTIONS_START, OPTIONS_END, REFERENCES_START, REFERENCES_END].reduce((text, marker) => text.replaceAll(`${marker}\n`, ""), page);
