// The layering lint rule (eslint/layers.js) on made-up files at real paths of the repository.
import { RuleTester } from "eslint";
import { join } from "node:path";
import { describe, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
// @ts-expect-error: a plain JavaScript module of the lint configuration, without types.
import { layers } from "../../eslint/layers.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const at = (path: string) => join(PACKAGE_ROOT, path);
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2024, sourceType: "module" } });

tester.run("layers/allowed-imports", (layers as { rules: Record<string, never> }).rules["allowed-imports"]!, {
  valid: [
    { filename: at("src/engine/runner.ts"), code: 'import { x } from "../snapshot/types.js";' },
    { filename: at("src/engine/runner.ts"), code: 'import { x } from "./rule.js";' },
    { filename: at("rules/mfa-required.ts"), code: 'import { x } from "../src/cognito/urls.js";' },
    { filename: at("src/report/table.ts"), code: 'import { x } from "../util/terminal.js"; import "node:fs";' },
    { filename: at("src/commands/scan.ts"), code: 'export { x } from "../pipeline.js";' },
    { filename: at("test/anything.test.ts"), code: 'import { x } from "../src/cli/main.js";' },
  ],
  invalid: [
    { filename: at("src/snapshot/io.ts"), code: 'import { x } from "../engine/rule.js";', errors: [{ messageId: "upward" }] },
    { filename: at("src/engine/runner.ts"), code: 'import { RULES } from "../../rules/index.js";', errors: [{ messageId: "upward" }] },
    { filename: at("src/cognito/urls.ts"), code: 'export * from "../report/escape.js";', errors: [{ messageId: "upward" }] },
    { filename: at("src/report/model.ts"), code: 'const m = await import("../pipeline.js");', errors: [{ messageId: "upward" }] },
    { filename: at("src/collect/index.ts"), code: 'import { x } from "../engine/runner.js";', errors: [{ messageId: "upward" }] },
  ],
});
