// Lint: typescript-eslint's strictTypeChecked (type-aware), less the rules listed below with why,
// and the project's layering (eslint/layers.js).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layers } from "./eslint/layers.js";

export default tseslint.config(
  // The generated validator is ajv's code (scripts/validators.ts), tested to be current instead.
  { ignores: ["dist/", "node_modules/", "coverage/", "src/snapshot/poolValidator.generated.ts"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
      parserOptions: { project: ["./tsconfig.test.json"], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Terminal-control stripping matches control characters on purpose.
      "no-control-regex": "off",
      // Values typed from AWS's models (and CloudTrail records) are still checked at run time: input
      // is hostile and the types say only what AWS promises, so "unnecessary" checks stay.
      "@typescript-eslint/no-unnecessary-condition": "off",
      "@typescript-eslint/no-unnecessary-type-conversion": "off",
      "@typescript-eslint/no-unnecessary-boolean-literal-compare": "off",
      // With noUncheckedIndexedAccess, `!` marks an index the code has just checked.
      "@typescript-eslint/no-non-null-assertion": "off",
      // Numbers and booleans read well in messages.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // Async functions that implement an async interface need no await.
      "@typescript-eslint/require-await": "off",
    },
  },
  { files: ["src/**/*.ts", "rules/**/*.ts"], plugins: { layers }, rules: { "layers/allowed-imports": "error" } },
  {
    // Tests read JSON fixtures and reports as untyped data, and take objects apart on purpose.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-dynamic-delete": "off",
    },
  },
  // The lint configuration itself is plain JavaScript outside the TypeScript project.
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
