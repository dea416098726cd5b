// The snapshot contract at load time: which sections may be null, unique identifiers, bounded nesting.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/engine/config.js";
import { loadBaseline } from "../../src/engine/baseline.js";
import { InputError } from "../../src/errors.js";
import { loadSnapshot, parseSnapshot, readJsonFile, serializeSnapshot } from "../../src/snapshot/io.js";
import { MAX_NESTING } from "../../src/snapshot/json.js";
import { RULES } from "../../rules/index.js";
import { appClient, identityPool, poolEntry, snapshotOf, userPool } from "../helpers/factories.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const write = async (name: string, text: string) => {
  const dir = await mkdtemp(join(tmpdir(), "ca-contract-"));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
};
const errorOf = (f: () => unknown): Error => {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
};
const POOLS = "$.accounts[0].regions[0].userPools";

describe("null and absent sections", () => {
  it.each(["riskConfiguration", "clientRiskConfigurations", "logDeliveryConfiguration", "webAcl"] as const)("%s: null is valid (collected, there is none)", (section) => {
    expect(() => parseSnapshot(snapshotOf([poolEntry({ [section]: null })]), "s.json")).not.toThrow();
  });

  it.each(["mfaConfig", "clients", "identityProviders", "resourceServers", "groups", "domains", "lambdaFunctions"] as const)(
    "%s: null is refused with its path (an empty list or object says none)",
    (section) => {
      const error = errorOf(() => parseSnapshot(snapshotOf([poolEntry({ [section]: null as never })]), "s.json"));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(`${POOLS}[0].${section} expected`);
      expect(error.message).toContain("found null");
    },
  );

  it.each(["trails", "identityPools"] as const)("region %s: null is refused with its path", (section) => {
    const error = errorOf(() => parseSnapshot(snapshotOf([], [], { [section]: null as never }), "s.json"));
    expect(error.message).toMatch(new RegExp(`at \\$\\.accounts\\[0\\]\\.regions\\[0\\]\\.${section} expected an array, found null`));
  });
});

describe("unique identifiers", () => {
  const duplicate = (mutate: (s: Snapshot) => void) => {
    const snapshot = snapshotOf([poolEntry(), poolEntry(), poolEntry(), poolEntry()]);
    mutate(snapshot);
    return errorOf(() => parseSnapshot(snapshot, "dup.json"));
  };
  const region = (s: Snapshot) => s.accounts[0]!.regions[0]!;

  it("names both paths of a duplicate user pool ARN", () => {
    const error = duplicate((s) => {
      const pools = region(s).userPools;
      pools[3]!.userPool = { ...pools[1]!.userPool };
    });
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(new RegExp(`^dup\\.json: duplicate user pool ARN arn:aws:cognito-idp:eu-west-1:123456789012:userpool/\\S+ at \\$\\.accounts\\[0\\]\\.regions\\[0\\]\\.userPools\\[1\\] and \\$\\.accounts\\[0\\]\\.regions\\[0\\]\\.userPools\\[3\\]; `));
  });

  it("finds a user pool id twice in a region even under two ARNs", () => {
    const error = duplicate((s) => {
      const pools = region(s).userPools;
      pools[2]!.userPool = { ...pools[0]!.userPool, Arn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/other" };
    });
    expect(error.message).toMatch(/duplicate user pool id \S+ at \$\.accounts\[0\]\.regions\[0\]\.userPools\[0\] and \$\.accounts\[0\]\.regions\[0\]\.userPools\[2\]/);
  });

  it("a pool listed both as described and as failing DescribeUserPool", () => {
    const error = duplicate((s) => {
      region(s).errors.push({ operation: "DescribeUserPool", code: "AccessDeniedException", message: "denied", resource: region(s).userPools[2]!.userPool.Id! });
    });
    expect(error.message).toMatch(/duplicate user pool id \S+ at \$\.accounts\[0\]\.regions\[0\]\.userPools\[2\] and \$\.accounts\[0\]\.regions\[0\]\.errors\[0\]/);
  });

  it("app client ids and identity provider names must be unique within a pool, not across pools", () => {
    const twice = duplicate((s) => {
      region(s).userPools[1]!.clients = [appClient({ ClientId: "web" }), appClient({ ClientId: "api" }), appClient({ ClientId: "web" })];
    });
    expect(twice.message).toContain(`duplicate app client id web at ${POOLS}[1].clients[0] and ${POOLS}[1].clients[2]`);
    const providers = duplicate((s) => {
      region(s).userPools[0]!.identityProviders = [{ ProviderName: "Google" }, { ProviderName: "Google" }];
    });
    expect(providers.message).toContain(`duplicate identity provider name Google at ${POOLS}[0].identityProviders[0] and ${POOLS}[0].identityProviders[1]`);
    const pools = [poolEntry({ clients: [appClient({ ClientId: "web" })] }), poolEntry({ clients: [appClient({ ClientId: "web" })] })];
    expect(() => parseSnapshot(snapshotOf(pools), "ok.json")).not.toThrow();
  });

  it("identity pool ids in a region, regions of an account, account ids", () => {
    const identityPools = errorOf(() => parseSnapshot(snapshotOf([], [], { identityPools: [identityPool({ IdentityPoolId: "eu-west-1:1" }), identityPool({ IdentityPoolId: "eu-west-1:1" })] }), "d.json"));
    expect(identityPools.message).toContain("duplicate identity pool id eu-west-1:1 at $.accounts[0].regions[0].identityPools[0] and $.accounts[0].regions[0].identityPools[1]");
    const regions = duplicate((s) => s.accounts[0]!.regions.push({ ...region(s), userPools: [] }));
    expect(regions.message).toContain("duplicate region of account 123456789012 eu-west-1 at $.accounts[0].regions[0] and $.accounts[0].regions[1]");
    const accounts = duplicate((s) => s.accounts.push({ ...s.accounts[0]!, regions: [] }));
    expect(accounts.message).toContain("duplicate account id 123456789012 at $.accounts[0] and $.accounts[1]");
  });

  it("shows a hostile identifier escaped and bounded", () => {
    const id = `evil\u001b[31m\n${"x".repeat(500)}`;
    const error = duplicate((s) => {
      region(s).userPools[0]!.clients = [appClient({ ClientId: id }), appClient({ ClientId: id })];
    });
    expect(error.message).toContain('duplicate app client id "evil\\u001b[31m\\n');
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
    expect(error.message.length).toBeLessThan(500);
  });

  it("stays linear: 20,000 app clients in one pool load quickly enough for a test", () => {
    const clients = Array.from({ length: 20_000 }, (_, i) => appClient({ ClientId: `c${i}` }));
    expect(() => parseSnapshot(snapshotOf([poolEntry({ clients })]), "big.json")).not.toThrow();
  });
});

describe("deep nesting", () => {
  const DEEP = 100_000;
  const deepArray = "[".repeat(DEEP) + "]".repeat(DEEP);
  const deepObject = '{"a":'.repeat(DEEP) + "1" + "}".repeat(DEEP);

  it("a JSON file of arrays 100k deep is an input error with the path, not a stack overflow", async () => {
    const file = await write("deep.json", deepArray);
    const error = (await readJsonFile(file).then(() => undefined, (e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(new RegExp(`deep\\.json: nested deeper than ${MAX_NESTING} levels at \\$(\\[0\\])+…(\\[0\\])+; `));
  });

  it("so is a snapshot of objects 100k deep inside an open section", async () => {
    const snapshot = serializeSnapshot(snapshotOf([poolEntry({ userPool: userPool({ Id: "eu-west-1_Deep", Arn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Deep" }) })]));
    const file = await write("deep-snapshot.json", snapshot.replace('"LambdaConfig": {}', `"LambdaConfig": ${deepObject}`));
    const error = (await loadSnapshot(file).then(() => undefined, (e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/nested deeper than \d+ levels at \$\.accounts\[0\]\.regions\[0\]\.userPools\[0\]\.userPool\.LambdaConfig…(\.a)+; /);
  });

  it("nesting up to the limit is fine", async () => {
    const file = await write("ok.json", "[".repeat(MAX_NESTING) + "]".repeat(MAX_NESTING));
    await expect(readJsonFile(file)).resolves.toBeDefined();
    const over = await write("over.json", "[".repeat(MAX_NESTING + 1) + "]".repeat(MAX_NESTING + 1));
    await expect(readJsonFile(over)).rejects.toThrow(/nested deeper/);
  });

  it("a baseline file 100k deep is an input error", async () => {
    const file = await write("baseline.json", `{"format":"cognito-audit/report","version":1,"findings":${deepArray}}`);
    await expect(loadBaseline(file)).rejects.toThrow(/baseline\.json: nested deeper than \d+ levels at \$\.findings\[0\]/);
  });

  it("a configuration 100k deep, JSON or YAML, is an input error", () => {
    expect(() => parseConfig(`{"rules":${deepObject}}`, "c.json", RULES)).toThrow(/c\.json: nested deeper than \d+ levels at \$\.rules\.a\.a/);
    const yaml = errorOf(() => parseConfig(`rules: ${deepArray}\n`, "c.yml", RULES));
    expect(yaml).toBeInstanceOf(InputError);
    expect(yaml.message).toMatch(/^c\.yml: is not valid YAML at line 1, column \d+: nested too deeply/);
    expect(yaml.message).not.toMatch(/call stack/);
    // Deep enough for the limit, not for the parser's stack.
    const moderate = errorOf(() => parseConfig(`rules: ${"[".repeat(300)}${"]".repeat(300)}\n`, "m.yml", RULES));
    expect(moderate.message).toMatch(/^m\.yml: nested deeper than \d+ levels at \$\.rules(\[0\])+/);
  });
});

describe("YAML aliases", () => {
  it("an alias bomb is a normal input error", () => {
    const levels = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const bomb = [`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`, ...levels.slice(1).map((l, i) => `${l}: &${l} [${Array(9).fill(`*${levels[i]}`).join(",")}]`)].join("\n");
    const error = errorOf(() => parseConfig(`${bomb}\n`, "bomb.yml", RULES));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^bomb\.yml: is not a usable YAML configuration: its aliases \(\*name\) expand too far/);
  });

  it("a few aliases are fine", () => {
    const config = parseConfig(`suppressions:\n  - &s { rule: mfa-required, resource: "a*", reason: legacy }\n  - *s\n`, "ok.yml", RULES);
    expect(config.suppressions).toHaveLength(2);
  });
});
