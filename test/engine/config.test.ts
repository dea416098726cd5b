import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { configSchema, parseConfig, PRESET_RULES, PRESETS, resolveRules } from "../../src/engine/config.js";
import type { Finding } from "../../src/engine/findings.js";
import { globMatches } from "../../src/util/glob.js";
import { applySuppressions } from "../../src/engine/suppressions.js";
import { compileSchema } from "../../src/snapshot/validate.js";

describe("configuration", () => {
  it("accepts a full configuration written in YAML", () => {
    const config = parseConfig(
      `preset: strict
rules:
  refresh-token-validity:
    severity: critical
    options: { maxDays: 7 }
  self-signup-enabled:
    enabled: false
authorizationAttributes: [custom:customer_segment]
suppressions:
  - rule: mfa-required
    resource: "arn:aws:cognito-idp:*:*:userpool/eu-west-1_Kiosk*"
    reason: Kiosk pool, no personal data (SEC-1234)
    expires: 2027-01-31
`,
      "cfg.yml",
      RULES,
    );
    expect(config.rules?.["refresh-token-validity"]?.options).toEqual({ maxDays: 7 });
    expect(config.suppressions?.[0]?.expires).toBe("2027-01-31");
  });

  it("reads rule ids, severities, presets and suppression rules in any case", () => {
    const config = parseConfig(
      `preset: Strict\nrules:\n  Mfa-Required: { severity: LOW }\nsuppressions:\n  - { rule: IMPLICIT-GRANT, resource: "*", reason: x }\n  - { rule: "*", resource: "*", reason: y }\n`,
      "c.yml",
      RULES,
    );
    expect(config).toMatchObject({ preset: "strict", rules: { "mfa-required": { severity: "low" } }, suppressions: [{ rule: "implicit-grant" }, { rule: "*" }] });
    expect(resolveRules(config, RULES).settings.get("mfa-required")?.severity).toBe("low");
  });

  it("names the rule or severity a typo probably meant", () => {
    expect(() => parseConfig(`rules:\n  mfa-requird: { enabled: false }\n`, "c.yml", RULES)).toThrow(
      'c.yml: at $.rules["mfa-requird"] (line 2, column 3) unknown rule "mfa-requird" (did you mean mfa-required?); `cognito-audit rules` lists the rule ids.',
    );
    expect(() => parseConfig(`rules:\n  mfa-required: { severity: hihg }\n`, "c.yml", RULES)).toThrow(
      'c.yml: at $.rules["mfa-required"].severity (line 2, column 29) unknown severity "hihg" (did you mean high?); expected one of critical, high, medium, low, info.',
    );
    expect(() => parseConfig(`suppressions:\n  - { rule: implicit-grnat, resource: "*", reason: x }\n`, "c.yml", RULES)).toThrow(
      /at \$\.suppressions\[0\]\.rule \(line 2, column 13\) unknown rule "implicit-grnat" \(did you mean implicit-grant\?\)/,
    );
  });

  it("refuses a rule configured twice under different cases", () => {
    expect(() => parseConfig(`rules:\n  mfa-required: { enabled: false }\n  MFA-REQUIRED: { enabled: true }\n`, "c.yml", RULES)).toThrow(
      'c.yml: at $.rules["MFA-REQUIRED"] (line 3, column 3) the rule mfa-required is configured a second time (first at $.rules["mfa-required"]); keep one entry.',
    );
  });

  it("gives line and column of a JSON configuration's syntax error without quoting it", () => {
    expect(() => parseConfig(`{\n  "rules": {\u001b[31m}\n}`, "c.json", RULES)).toThrow(
      "c.json: is not valid JSON at line 2, column 13: expected a property name in double quotes, found character U+001B.",
    );
  });

  it("names the file, the path and the expectation for a bad option", () => {
    expect(() => parseConfig(`rules:\n  refresh-token-validity:\n    options:\n      maxDays: "thirty"\n`, "cfg.yml", RULES)).toThrow(
      /cfg\.yml: not a valid cognito-audit configuration: at \$\.rules\["refresh-token-validity"\]\.options\.maxDays \(line 4, column 16\) expected a number, found string "thirty"/,
    );
  });

  it("refuses unknown rules and options, and suppressions without a reason", () => {
    expect(() => parseConfig(`rules:\n  no-such-rule: { enabled: false }\n`, "c.yml", RULES)).toThrow(/\$\.rules\["no-such-rule"\] \(line 2, column 3\) unknown rule "no-such-rule"; `cognito-audit rules` lists the rule ids\./);
    expect(() => parseConfig(`rules:\n  refresh-token-validity: { options: { maxDayz: 3 } }\n`, "c.yml", RULES)).toThrow(
      'c.yml: at $.rules["refresh-token-validity"].options.maxDayz (line 2, column 40) unknown option "maxDayz" for rule refresh-token-validity (did you mean maxDays?); expected one of maxDays.',
    );
    expect(() => parseConfig(`suppressions:\n  - { rule: mfa-required, resource: "*" }\n`, "c.yml", RULES)).toThrow(/\$\.suppressions\[0\]\.reason \(line 2, column 5\) expected a value/);
    expect(() => parseConfig(`suppressions:\n  - { rule: mfa-required, resource: "*", reason: x, expires: "next year" }\n`, "c.yml", RULES)).toThrow(/expires/);
    expect(() => parseConfig(`preset: paranoid\n`, "c.yml", RULES)).toThrow(/\$\.preset \(line 1, column 9\) unknown preset "paranoid"; expected one of default, strict, nist\./);
  });

  it("names the line and column of every problem, in YAML and in JSON", () => {
    // The offending value; a misspelt key points at the key itself, even behind a differently cased rule id.
    expect(() => parseConfig(`rules:\n  Mfa-Required:\n    enabled: maybe\n`, "c.yml", RULES)).toThrow(
      'c.yml: not a valid cognito-audit configuration: at $.rules["mfa-required"].enabled (line 3, column 14) expected a boolean, found string "maybe".',
    );
    expect(() => parseConfig(`rules:\n  mfa-required: { severty: high }\n`, "c.yml", RULES)).toThrow(
      'c.yml: at $.rules["mfa-required"].severty (line 2, column 19) unknown setting "severty" for rule mfa-required (did you mean severity?); expected one of enabled, severity, options.',
    );
    expect(() => parseConfig(`preset: strict\nsuppresions: []\n`, "c.yml", RULES)).toThrow(/at \$\.suppresions \(line 2, column 1\) unknown setting "suppresions" \(did you mean suppressions\?\)/);
    expect(() => parseConfig(`suppressions:\n  - rule: mfa-required\n    resource: "*"\n    reason: x\n    expire: 2027-01-01\n`, "c.yml", RULES)).toThrow(
      /at \$\.suppressions\[0\]\.expire \(line 5, column 5\) unknown suppression field "expire" \(did you mean expires\?\)/,
    );
    expect(() => parseConfig(`authorizationAttributes:\n  - custom:tier\n  - ""\n`, "c.yml", RULES)).toThrow(/at \$\.authorizationAttributes\[1\] \(line 3, column 5\) expected a value that must NOT have fewer than 1 characters/);
    const json = `{\n  "rules": {\n    "mfa-required": { "severity": "hihg" }\n  },\n  "suppressions": [{ "rule": "mfa-required", "resource": "*", "reason": "x", "expires": "soon" }]\n}\n`;
    expect(() => parseConfig(json, "c.json", RULES)).toThrow(/^c\.json: at \$\.rules\["mfa-required"\]\.severity \(line 3, column 35\) unknown severity "hihg"/);
    expect(() => parseConfig(`\uFEFF{"preset": "x"}`, "c.json", RULES)).toThrow(/^c\.json: at \$\.preset \(line 1, column 12\) unknown preset "x"/);
    expect(() => parseConfig(json.replace("hihg", "high"), "c.json", RULES)).toThrow(/^c\.json: not a valid cognito-audit configuration: at \$\.suppressions\[0\]\.expires \(line 5, column 89\) expected a value that must match format "date"/);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(() => parseConfig(`rules:\n  mfa-required: { enabled: false\n`, "c.yml", RULES)).toThrow(/c\.yml: is not valid YAML at line \d+, column \d+/);
  });

  it("generates its schema from the rules, so every preset is valid configuration", () => {
    const validate = compileSchema(configSchema(RULES));
    for (const preset of PRESETS) {
      const rules = Object.fromEntries(Object.entries(PRESET_RULES[preset]).filter(([id]) => RULES.some((r) => r.id === id)));
      expect(validate({ preset, rules }), `${preset}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    for (const preset of PRESETS) {
      for (const id of Object.keys(PRESET_RULES[preset])) expect(RULES.map((r) => r.id), `preset ${preset} names ${id}`).toContain(id);
    }
  });

  it("layers defaults, preset and file", () => {
    const strict = resolveRules({ preset: "strict" }, RULES);
    expect(strict.settings.get("access-token-validity")?.options).toEqual({ maxMinutes: 5 });
    expect(strict.settings.get("refresh-token-validity")?.options).toEqual({ maxDays: 14 });
    const file = resolveRules({ preset: "strict", rules: { "refresh-token-validity": { options: { maxDays: 3 }, severity: "low" }, "implicit-grant": { enabled: false } } }, RULES);
    expect(file.settings.get("refresh-token-validity")).toEqual({ options: { maxDays: 3 }, severity: "low" });
    expect(file.rules.map((r) => r.id)).not.toContain("implicit-grant");
    const nist = resolveRules({ preset: "nist" }, RULES);
    expect(nist.rules.map((r) => r.id)).not.toContain("password-complexity");
    expect(resolveRules({ preset: "nist", rules: { "password-complexity": { enabled: true } } }, RULES).rules.map((r) => r.id)).toContain("password-complexity");
  });
});

const failing = (ruleId: string, arn: string, name = "n"): Finding => ({
  ruleId,
  severity: "high",
  status: "fail",
  resource: { arn, type: "AWS::Cognito::UserPool", name, accountId: "1", region: "eu-west-1" },
  message: "m",
  remediation: "r",
});

describe("suppressions", () => {
  const now = new Date("2026-11-26T12:00:00Z");
  it("matches globs across slashes", () => {
    expect(globMatches("arn:aws:cognito-idp:*:*:userpool/eu-west-1_Kiosk*", "arn:aws:cognito-idp:eu-west-1:1:userpool/eu-west-1_Kiosk1/client/abc")).toBe(true);
    expect(globMatches("a?c", "abc")).toBe(true);
    expect(globMatches("a.c", "abc")).toBe(false);
  });

  it("suppresses matching failures with their reason, and nothing else", () => {
    const findings = [failing("mfa-required", "arn:pool/kiosk"), failing("mfa-required", "arn:pool/shop"), { ...failing("deletion-protection", "arn:pool/kiosk"), status: "pass" as const }];
    const { findings: out, notes } = applySuppressions(findings, [{ rule: "mfa-required", resource: "*kiosk", reason: "kiosk pool", expires: "2027-01-01" }], now);
    expect(out.map((f) => f.status)).toEqual(["suppressed", "fail", "pass"]);
    expect(out[0]!.suppression).toEqual({ reason: "kiosk pool", expires: "2027-01-01" });
    expect(notes).toEqual([]);
  });

  it("stops an expired suppression and says so", () => {
    const { findings, notes } = applySuppressions([failing("mfa-required", "arn:pool/kiosk")], [{ rule: "*", resource: "*", reason: "temporary", expires: "2026-11-26" }], now);
    expect(findings[0]!.status).toBe("fail");
    expect(notes[0]).toMatch(/expired on 2026-11-26 .* its findings are reported again/);
  });

  it("points out a suppression that matches nothing", () => {
    expect(applySuppressions([], [{ rule: "mfa-required", resource: "arn:gone", reason: "old" }], now).notes[0]).toMatch(/matched no failing finding/);
  });
});
