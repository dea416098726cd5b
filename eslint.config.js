import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layers } from "./eslint/layers.js";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-control-regex": "off",
    },
  },
  { files: ["src/**/*.ts", "rules/**/*.ts"], plugins: { layers }, rules: { "layers/allowed-imports": "error" } },
);
