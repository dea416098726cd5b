import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { init, initConfigText } from "../../src/commands/init.js";
import type { CommandIo } from "../../src/commands/io.js";
import { loadConfig, parseConfig, resolveRules } from "../../src/engine/config.js";
import { runCli } from "../helpers/cli.js";

let dir: string;
let told: string;
const io = (): CommandIo => ({ stdout: { write: () => true }, stderr: { write: (s: string) => (told += s) }, env: {}, cwd: dir, now: () => new Date("2026-12-03T12:00:00Z") });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-init-"));
  told = "";
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every example line enabled: the bare "#" in front of YAML removed, explanations ("# text") kept. */
const uncommented = (text: string) => text.replace(/^#(?! \S)/gm, "");

const defaults = resolveRules({}, RULES);

describe("cognito-audit init", () => {
  it("writes .cognito-audit.yml that the loader reads as the default behaviour", async () => {
    expect(init({ force: false }, io())).toBe(0);
    const { config, source } = await loadConfig(undefined, dir, RULES);
    expect(source).toBe(join(dir, ".cognito-audit.yml"));
    expect(config).toEqual({ preset: "default" });
    const resolved = resolveRules(config, RULES);
    expect(resolved.rules.map((r) => r.id)).toEqual(defaults.rules.map((r) => r.id));
    expect(resolved.settings).toEqual(defaults.settings);
    expect(told).toContain(`wrote ${join(dir, ".cognito-audit.yml")}`);
  });

  it("lists every rule with its real options and defaults: enabled, they validate and change nothing", () => {
    const text = initConfigText(RULES, new Date("2026-12-03T12:00:00Z"));
    const lines = text.split("\n");
    const long = lines.filter((line) => line.length > 100 && !/^# {6}\w+: \[/.test(line));
    expect(long, long.join("\n")).toEqual([]);
    const config = parseConfig(uncommented(text), "all.yml", RULES);
    expect(Object.keys(config.rules ?? {})).toEqual(RULES.map((r) => r.id));
    for (const rule of RULES) expect(config.rules?.[rule.id], rule.id).toEqual({ enabled: true, ...(Object.keys(rule.defaultOptions).length > 0 ? { options: rule.defaultOptions } : {}) });
    expect(config.authorizationAttributes).toEqual(["custom:customer_segment"]);
    expect(config.suppressions).toEqual([{ rule: "mfa-required", resource: "arn:aws:cognito-idp:*:*:userpool/eu-west-1_Kiosk*", reason: "Kiosk pool without personal data (RISK-1234)", expires: "2027-03-03" }]);
    const resolved = resolveRules(config, RULES);
    expect(resolved.settings).toEqual(defaults.settings);
    // The presets' summaries come from the presets themselves.
    expect(text).toContain("# - strict: access-token-validity maxMinutes 5, refresh-token-validity maxDays 14, mfa-required");
    expect(text).toContain("# - nist: password-complexity off, password-min-length singleFactorMinLength 15.");
  });

  it("refuses to overwrite a file, or to shadow another configuration, unless --force", async () => {
    const yml = join(dir, ".cognito-audit.yml");
    await writeFile(yml, "preset: strict\n");
    expect(() => init({ force: false }, io())).toThrow(`init: ${yml} already exists; nothing was written. Pass --force to replace it, or --output FILE to write elsewhere.`);
    expect(await readFile(yml, "utf8")).toBe("preset: strict\n");
    expect(init({ force: true }, io())).toBe(0);
    expect(await readFile(yml, "utf8")).toMatch(/^# cognito-audit configuration/);

    await rm(yml);
    await writeFile(join(dir, ".cognito-audit.json"), "{}");
    expect(() => init({ force: false }, io())).toThrow(`init: ${join(dir, ".cognito-audit.json")} already exists`);
    expect(init({ force: false, output: "other.yml" }, io())).toBe(0);
    expect((await loadConfig(join(dir, "other.yml"), dir, RULES)).config).toEqual({ preset: "default" });
  });

  it("ends with exit 2 and one line on the command line when the file exists", async () => {
    expect((await runCli(["init", "--output", "c.yml"], {}, dir)).code).toBe(0);
    const again = await runCli(["init", "--output", "c.yml"], {}, dir);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe("");
    expect(again.stderr).toBe(`cognito-audit: init: ${join(dir, "c.yml")} already exists; nothing was written. Pass --force to replace it, or --output FILE to write elsewhere.\n`);
    expect((await runCli(["init", "--output", "c.yml", "--force"], {}, dir)).code).toBe(0);
  });
});
