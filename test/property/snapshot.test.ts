// Property tests over damaged snapshots: whatever the file holds, the scan ends with a known exit
// code, one clear paragraph or a well-formed report, and never a pass it could not see.
import fc from "fast-check";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import type { Finding } from "../../src/engine/findings.js";
import type { Rule } from "../../src/engine/rule.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import type { Report } from "../../src/report/model.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { runCli } from "../helpers/cli.js";
import { cliInProcess, expectWellBehaved, fcOptions, FORMATS, SEED_FILES, seedText, TEXT_FORMATS, type Format } from "./harness.js";
import { mutate, mutationOf, nastyString, pathText, placesOf, textMutationOf, type Mutation } from "./mutations.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-prop-snap-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function scanBytes(bytes: Buffer, format: Format, includePassed: boolean) {
  const file = join(dir, "snapshot.json");
  await writeFile(file, bytes);
  const args = ["scan", "--snapshot", file, "--format", format, "--no-color", ...(includePassed ? ["--include-passed"] : [])];
  return { args, result: await cliInProcess(args, dir) };
}

const seeds = new Map(SEED_FILES.map((file) => [file, seedText(file)]));
const anyCase = fc.constantFrom(...SEED_FILES).chain((file) => {
  const text = seeds.get(file)!;
  return fc.record({
    file: fc.constant(file),
    mutations: fc.array(mutationOf(JSON.parse(text)), { minLength: 1, maxLength: 3 }),
    text: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: textMutationOf(text.length) }),
    format: fc.constantFrom(...FORMATS),
    includePassed: fc.boolean(),
  });
})
  // Some places take time in the square of a string's length: they have their own tests below
  // ("a string of 100 000 characters"), so that the property stays fast.
  .map((c) => ({ ...c, mutations: c.mutations.map((m) => (m.kind === "hugeString" ? { ...m, length: Math.min(m.length, c.format === "table" ? 2_000 : 16_000) } : m)) }));

describe("a damaged snapshot", () => {
  it("ends in exit 0-3 with no stack trace, a report or one paragraph, and no control characters", async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        const { result } = await scanBytes(mutate(seeds.get(c.file)!, c.mutations, c.text ?? undefined), c.format, c.includePassed);
        expectWellBehaved(result, c.format);
      }),
      fcOptions(200),
    );
  });

  it("behaves the same through the built CLI (a sample of cases)", async () => {
    const sample = fc.sample(anyCase, { seed: 7, numRuns: 5 });
    for (const c of sample) {
      const { args, result } = await scanBytes(mutate(seeds.get(c.file)!, c.mutations, c.text ?? undefined), c.format, c.includePassed);
      const child = await runCli(args, {}, dir);
      expectWellBehaved(child, c.format);
      expect(child.code, `${c.file} ${JSON.stringify(c.mutations.map((m) => `${m.kind} ${pathText(m.path)}`))}`).toBe(result.code);
    }
  });
});

describe("a snapshot that names a pool or an app client twice", () => {
  const entries = SEED_FILES.flatMap((file) => {
    const snapshot = JSON.parse(seeds.get(file)!) as Snapshot;
    return snapshot.accounts.flatMap((account, a) =>
      account.regions.flatMap((region, r) =>
        region.userPools.flatMap((pool, p) => {
          const poolPath = ["accounts", a, "regions", r, "userPools", p];
          return [{ file, path: poolPath }, ...(pool.clients ?? []).map((_, c) => ({ file, path: [...poolPath, "clients", c] }))];
        }),
      ),
    );
  });

  it("is ambiguous: exit 2, one paragraph, nothing on stdout", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...entries), fc.constantFrom<Format>("json", "table"), async (entry, format) => {
        const { result } = await scanBytes(mutate(seeds.get(entry.file)!, [{ kind: "duplicate", path: entry.path }]), format, true);
        expectWellBehaved(result, format);
        expect(result.code, `${entry.file}: duplicate ${pathText(entry.path)}`).toBe(2);
      }),
      fcOptions(40),
    );
  });
});

describe("hostile resource names", () => {
  const names = SEED_FILES.flatMap((file) => {
    return placesOf(JSON.parse(seeds.get(file)!)).strings.filter((p) => /^(Name|ClientName|ProviderName|IdentityPoolName)$/.test(String(p[p.length - 1]))).map((path) => ({ file, path }));
  });

  it("never reach a report's text raw (the names of pools, clients, providers and identity pools)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), nastyString, fc.constantFrom<Format>(...TEXT_FORMATS), async (place, value, format) => {
        const { result } = await scanBytes(mutate(seeds.get(place.file)!, [{ kind: "controlString", path: place.path, value }]), format, true);
        expectWellBehaved(result, format);
      }),
      fcOptions(100),
    );
  });
});

/** The built CLI, killed after `ms`: a hang is a failure, not a stuck suite. */
function runCliWithin(args: string[], ms: number): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "cognito-audit.js"), ...args], { cwd: dir, env: { PATH: process.env.PATH, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, ms);
    child.stdout.on("data", (d: Buffer | string) => (stdout += String(d)));
    child.stderr.on("data", (d: Buffer | string) => (stderr += String(d)));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

/**
 * Long strings where a scan was seen to slow down with the square of their length. (A custom
 * attribute's name does too, in src/engine/names.ts, but 100 000 characters still end within the
 * bound, so it is left out here to spare the suite's time.)
 */
const LONG_STRINGS = [{ where: "a pool name", format: "table", set: (s: Snapshot, text: string) => (s.accounts[0]!.regions[0]!.userPools[0]!.userPool.Name = text) }] as const;

describe("a string of 100 000 characters", () => {
  it.each(LONG_STRINGS)("in $where is reported ($format) within 60 s", async ({ format, set }) => {
    const snapshot = JSON.parse(seeds.get("fixtures/scenarios/mobile-legacy.json")!) as Snapshot;
    set(snapshot, `legacy${"A".repeat(100_000)}`);
    const file = join(dir, `long-${format}.json`);
    await writeFile(file, JSON.stringify(snapshot));
    const child = await runCliWithin(["scan", "--snapshot", file, "--format", format, "--no-color"], 60_000);
    expect(child.killed, "the scan was still running after 60 s").toBe(false);
    expectWellBehaved({ code: child.code ?? -1, stdout: child.stdout, stderr: child.stderr }, format);
  }, 90_000);
});

// "Never a pass for a rule whose data was mutated away."
const POOL_SECTIONS = [
  "mfaConfig",
  "riskConfiguration",
  "clientRiskConfigurations",
  "clients",
  "identityProviders",
  "resourceServers",
  "groups",
  "domains",
  "logDeliveryConfiguration",
  "webAcl",
  "lambdaFunctions",
] as const;
/** null means "there is none" for these (no web ACL, no risk configuration, no log delivery). */
const NULLABLE = new Set(["riskConfiguration", "logDeliveryConfiguration", "webAcl"]);
const REGION_SECTIONS = ["trails", "identityPools"] as const;

/** The rules that cannot judge anything once `section` is gone. */
function rulesNeeding(section: string): Set<string> {
  const byKind: Partial<Record<string, Rule["resourceType"]>> = { clients: "client", identityProviders: "identityProvider", identityPools: "identityPool" };
  return new Set(
    RULES.filter((r) => (r.requires as readonly string[] | undefined)?.includes(section) || r.resourceType === byKind[section]).map((r) => r.id),
  );
}

interface Removal {
  file: string;
  /** Path of the pool entry or region entry. */
  holder: (string | number)[];
  section: string;
  /** The pool's ARN, for a pool section. */
  poolArn?: string;
  region: string;
  accountId: string;
}

const removals: Removal[] = SEED_FILES.flatMap((file) => {
  const snapshot = JSON.parse(seeds.get(file)!) as Snapshot;
  return snapshot.accounts.flatMap((account, a) =>
    account.regions.flatMap((region, r) => {
      const where = { file, region: region.region, accountId: account.accountId };
      const regionPath = ["accounts", a, "regions", r];
      return [
        ...REGION_SECTIONS.filter((s) => region[s] !== undefined).map((section): Removal => ({ ...where, holder: regionPath, section })),
        ...region.userPools.flatMap((pool, p) =>
          POOL_SECTIONS.filter((s) => pool[s] !== undefined && rulesNeeding(s).size > 0).map(
            (section): Removal => ({ ...where, holder: [...regionPath, "userPools", p], section, poolArn: pool.userPool.Arn }),
          ),
        ),
      ];
    }),
  );
});

/** How a section is taken away: deleted, or replaced by something that is not data of its kind. */
const takeAway = (removal: Removal) => {
  const path = [...removal.holder, removal.section];
  const options: Mutation[] = [{ kind: "delete", path }, { kind: "set", path, value: "REDACTED" }, { kind: "set", path, value: 0 }, { kind: "set", path, value: true }];
  if (!NULLABLE.has(removal.section)) options.push({ kind: "set", path, value: null });
  const isList = ["clients", "identityProviders", "resourceServers", "groups", "domains", "trails", "identityPools"].includes(removal.section);
  options.push({ kind: "set", path, value: isList ? { 0: {} } : [] });
  return fc.constantFrom(...options);
};

async function expectNoPassWithout(removal: Removal, mutation: Mutation, format: Format = "json") {
  const { result } = await scanBytes(mutate(seeds.get(removal.file)!, [mutation]), format, true);
  const report = expectWellBehaved(result, format);
  if (!report) return;
  const concerned = concerning(removal);
  const what = `${removal.file}: ${mutation.kind} ${pathText(mutation.path)} (exit ${result.code})`;
  const passes = report.findings.filter((f) => f.status === "pass" && concerned(f));
  expect(passes.map((f) => `${f.ruleId} ${f.resource.arn}`), what).toEqual([]);
  // The checks do not silently vanish either: what the intact snapshot judged is still accounted for.
  if ((await intactFindings(removal.file)).some(concerned)) {
    expect(report.findings.filter(concerned).length, `${what}: the checks that needed it disappeared from the report`).toBeGreaterThan(0);
    expect(result.code, `${what}: the scan could not see but passed`).not.toBe(0);
  }
}

/** Whether a finding is of a rule that needs the removed section, on the pool or region it was removed from. */
function concerning(removal: Removal): (f: Finding) => boolean {
  const needing = rulesNeeding(removal.section);
  return (f) =>
    needing.has(f.ruleId) &&
    (removal.poolArn !== undefined ? f.poolArn === removal.poolArn : f.poolArn === undefined && f.resource.region === removal.region && f.resource.accountId === removal.accountId);
}

const intact = new Map<string, Promise<Finding[]>>();
/** The findings (passes included) of a seed as it is. */
function intactFindings(file: string): Promise<Finding[]> {
  let findings = intact.get(file);
  if (!findings) {
    findings = cliInProcess(["scan", "--snapshot", join(PACKAGE_ROOT, file), "--format", "json", "--include-passed"], dir).then((r) => (JSON.parse(r.stdout) as Report).findings);
    intact.set(file, findings);
  }
  return findings;
}

describe("a snapshot section that is gone", () => {
  it("has removals to try in every seed", () => {
    expect(new Set(removals.map((r) => r.file)).size).toBe(SEED_FILES.length);
    const needed = [...POOL_SECTIONS, ...REGION_SECTIONS].filter((s) => rulesNeeding(s).size > 0);
    expect(new Set(removals.map((r) => r.section))).toEqual(new Set(needed));
  });

  it.each(removals.map((r) => [`${r.file} ${pathText([...r.holder, r.section])}`, r] as const))("deleted: no pass of a rule that needs it (%s)", async (_, removal) => {
    await expectNoPassWithout(removal, { kind: "delete", path: [...removal.holder, removal.section] });
  });

  it("replaced by null or a wrong type: exit 2, or no pass of a rule that needs it", async () => {
    const anyRemoval = fc.constantFrom(...removals).chain((removal) => fc.tuple(fc.constant(removal), takeAway(removal)));
    await fc.assert(
      fc.asyncProperty(anyRemoval, async ([removal, mutation]) => {
        await expectNoPassWithout(removal, mutation);
      }),
      fcOptions(150),
    );
  });
});
