// Reports across accounts: per-account scores in the JSON report, an account section in the human
// formats when there are several, and an unreachable account stated in every format.
import { describe, expect, it } from "vitest";
import { exitCodeOf } from "../../src/engine/gate.js";
import { scanSnapshot } from "../../src/pipeline.js";
import { renderReport } from "../../src/report/formats.js";
import { renderJson } from "../../src/report/json.js";
import type { Report } from "../../src/report/model.js";
import { renderTable } from "../../src/report/table.js";
import { RULES } from "../../rules/index.js";
import { reportSchema } from "../../src/report/schema.js";
import { compileSchema } from "../../src/snapshot/validate.js";
import { identityPool } from "../helpers/factories.js";
import { accountOf, estateOf, poolIn, regionOf, unreachableAccount } from "../helpers/estate.js";
import { SCAN_NOW, scanReport } from "../helpers/scan.js";
import { parseXml } from "../helpers/xml.js";
import { describeArtifact } from "../../src/report/artifact.js";
import { renderSarif } from "../../src/report/sarif.js";
import { serializeSnapshot } from "../../src/snapshot/io.js";

const validate = compileSchema(reportSchema);
const A = "111111111111";
const B = "222222222222";
const C = "333333333333";

/** Account A: two regions, one weak pool; B: one hardened pool and an identity pool open to guests; C: never reached. */
const estate = () =>
  estateOf([
    accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1", { weak: true }), poolIn(A, "eu-west-1")]), regionOf("us-east-1", [poolIn(A, "us-east-1")])], { name: "prod" }),
    accountOf(B, [regionOf("eu-west-1", [poolIn(B, "eu-west-1")], { identityPools: [identityPool({ AllowUnauthenticatedIdentities: true })] })], { name: "staging" }),
    unreachableAccount(C, "sandbox"),
  ]);

/** Markdown with its backslash escapes removed: the text a reader sees. */
const unescaped = (markdown: string) => markdown.replace(/\\(.)/g, "$1");
const table = (report: Report) => [...renderTable(report, { colorLevel: 0, width: 200 })].join("");

describe("per-account scores", () => {
  it("scores each account over its pools and regions, counted passes as listed ones", async () => {
    const counted = await scanReport(estate());
    const listed = await scanReport(estate(), { includePassed: true });
    expect(validate(JSON.parse(renderJson(counted))), JSON.stringify(validate.errors?.slice(0, 2))).toBe(true);
    expect(counted.accounts.map((a) => [a.accountId, a.name, a.regions, a.pools])).toEqual([
      [A, "prod", ["eu-west-1", "us-east-1"], 3],
      [B, "staging", ["eu-west-1"], 1],
      [C, "sandbox", [], 0],
    ]);
    expect(counted.accounts.map((a) => a.score)).toEqual(listed.accounts.map((a) => a.score));
    // The findings of all accounts together are the run's: the accounts' counts add up to its own.
    for (const status of ["fail", "pass", "not_evaluated", "suppressed"] as const) {
      expect(counted.accounts.reduce((n, a) => n + a.score.counts[status], 0)).toBe(counted.score.counts[status]);
    }
    const [a, b, c] = counted.accounts;
    expect(a!.score.counts.fail).toBeGreaterThan(0);
    expect(a!.score.value!).toBeLessThan(100);
    // B's identity pool failure counts for B, not for A; B's regional passes count too.
    expect(b!.score.counts.fail).toBeGreaterThan(0);
    expect(counted.findings.filter((f) => f.status === "fail" && f.resource.accountId === B).length).toBe(b!.score.counts.fail);
    expect(c).toMatchObject({ pools: 0, score: { value: null, grade: null, coverage: null }, unreachable: { operation: "AssumeRole", code: "AccessDenied" } });
  });

  it("equals the run's score when there is one account", async () => {
    const one = await scanReport(estateOf([accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1", { weak: true }), poolIn(A, "eu-west-1")], { identityPools: [identityPool()] })])]));
    expect(one.accounts).toHaveLength(1);
    expect(one.accounts[0]!.score).toEqual(one.score);
    expect(one.accounts[0]).not.toHaveProperty("unreachable");
    expect(one.accounts[0]).not.toHaveProperty("name");
  });

  it("schema: an account needs its id, regions, pools and score; unreachable has a closed shape", async () => {
    const report = JSON.parse(renderJson(await scanReport(estate()))) as Report;
    const broken = (change: (r: Report) => void) => {
      const copy = structuredClone(report);
      change(copy);
      return validate(copy);
    };
    expect(broken(() => undefined)).toBe(true);
    expect(broken((r) => delete (r.accounts[0] as Partial<Report["accounts"][0]>).score)).toBe(false);
    expect(broken((r) => ((r.accounts[0] as { pools: unknown }).pools = -1))).toBe(false);
    expect(broken((r) => ((r.accounts[2]!.unreachable as Record<string, unknown>).extra = 1))).toBe(false);
    expect(broken((r) => delete (r as Partial<Report>).accounts)).toBe(false);
    expect(broken((r) => ((r.gate.unreachableAccounts[0] as unknown as Record<string, unknown>).code = 3))).toBe(false);
  });
});

describe("an unreachable account", () => {
  it("keeps the run at exit 3 even with --allow-incomplete, and is named in the gate", async () => {
    const { gate } = await scanSnapshot({
      snapshot: estateOf([accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1")])]), unreachableAccount(C, "sandbox")]),
      events: { kind: "off", reason: "off" },
      rules: RULES,
      config: {},
      now: SCAN_NOW,
      gate: { failOn: "high" },
    });
    expect(gate.passed).toBe(true);
    expect(gate.incomplete).toBe(true);
    expect(gate.unreachableAccounts).toEqual([{ accountId: C, name: "sandbox", operation: "AssumeRole", code: "AccessDenied", message: expect.stringContaining("sts:AssumeRole") as unknown }]);
    expect(exitCodeOf(gate, true)).toBe(3);
    expect(exitCodeOf(gate, false)).toBe(3);
  });

  it("is stated in every format, with hostile names and messages escaped", async () => {
    const hostile = unreachableAccount(C, "<img src=x onerror=alert(1)>|*evil*\u001b[31m", "denied </error>]]> <script>x</script> @team\u202e");
    const report = await scanReport(estateOf([accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1")])]), hostile]));
    const out = (format: Parameters<typeof renderReport>[1]) => [...renderReport(report, format, { colorLevel: 0, width: 200 })].join("");

    const tableText = out("table");
    expect(tableText).toContain(`Not audited: account ${C} (<img src=x onerror=alert(1)>|*evil*) could not be reached: AssumeRole failed with AccessDenied`);
    expect(tableText).not.toMatch(/[\u001b\u202e]/);

    const markdown = out("markdown");
    expect(unescaped(markdown)).toContain(`⛔ Not audited: account ${C} (<img src=x onerror=alert(1)>|*evil*) could not be reached`);
    // Every character that Markdown or GitHub would act on is escaped; mentions are broken.
    expect(markdown).not.toMatch(/(?<!\\)<(img|script)/);
    expect(markdown).not.toMatch(/(?<!\\)\|\*evil/);
    expect(markdown).not.toContain("@team");

    const html = out("html");
    expect(html).toContain(`<p class="warn unreachable">Not audited: account ${C} (&lt;img src=x onerror=alert(1)&gt;`);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script>x");

    const sarif = JSON.parse(out("sarif")) as { runs: { tool: { driver: { notifications: { id: string }[] } }; invocations: { toolExecutionNotifications: { descriptor: { id: string; index: number }; level: string; message: { text: string }; properties: Record<string, string> }[] }[] }[] };
    const run = sarif.runs[0]!;
    const notes = run.invocations[0]!.toolExecutionNotifications.filter((n) => n.descriptor.id === "account-unreachable");
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ level: "error", properties: { accountId: C, operation: "AssumeRole", code: "AccessDenied" } });
    expect(run.tool.driver.notifications[notes[0]!.descriptor.index]!.id).toBe("account-unreachable");
    expect(notes[0]!.message.text).not.toMatch(/[\u001b\u202e]/);

    const junit = out("junit");
    const doc = parseXml(junit);
    expect(doc).toBeDefined();
    expect(junit).toMatch(new RegExp(`<testcase classname="account-unreachable" name="${C}" time="0">\\n {6}<error message="Not audited: account ${C} \\(&lt;img`));
    expect(junit).toMatch(/<testsuites [^>]*errors="1"/);
    expect(junit).not.toContain("]]> <script>");

    const json = JSON.parse(out("json")) as Report;
    expect(json.gate.unreachableAccounts[0]!.name).toBe(hostile.name);
  });
});

describe("SARIF with the scanned snapshot as artifact", () => {
  it("points an unreachable account's notification at the line of its accountId", async () => {
    const snapshot = estate();
    const text = serializeSnapshot(snapshot);
    const artifact = await describeArtifact("org.json", [new TextEncoder().encode(text)]);
    const sarif = JSON.parse(renderSarif(await scanReport(snapshot), { artifact })) as {
      runs: { invocations: { toolExecutionNotifications: { descriptor: { id: string }; locations?: { physicalLocation: { region: { startLine: number } } }[] }[] }[] }[];
    };
    const note = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.find((n) => n.descriptor.id === "account-unreachable")!;
    const line = note.locations![0]!.physicalLocation.region.startLine;
    expect(text.split("\n")[line - 1]).toContain(`"accountId": "${C}"`);
  });
});

describe("the human formats with several accounts", () => {
  it("table: pools grouped under each account's heading and score, in snapshot order", async () => {
    const report = await scanReport(estate());
    const text = table(report);
    expect(text.split("\n")[0]).toContain("— 4 user pool(s) in 3 accounts from test");
    const headings = text.split("\n").filter((l) => l.startsWith("Account "));
    expect(headings).toHaveLength(3);
    expect(headings[0]).toMatch(new RegExp(`^Account ${A} \\(prod\\) — score \\d+\\.\\d \\([A-F]\\) · 3 user pool\\(s\\) · \\d+ failed · coverage \\d+% · eu-west-1, us-east-1$`));
    expect(headings[1]).toContain(`Account ${B} (staging) — score`);
    expect(headings[2]).toContain(`Account ${C} (sandbox) — not reached: AssumeRole failed with AccessDenied`);
    // A's pools come right after its heading, B's after B's.
    const lines = text.split("\n");
    const at = (s: string) => lines.findIndex((l) => l.startsWith(s));
    const bPool = report.pools.find((p) => p.accountId === B)!;
    const aPools = report.pools.filter((p) => p.accountId === A);
    expect(aPools.every((p) => lines.findIndex((l) => l.includes(p.id)) > at(`Account ${A}`) && lines.findIndex((l) => l.includes(p.id)) < at(`Account ${B}`))).toBe(true);
    expect(lines.findIndex((l) => l.includes(bPool.id))).toBeGreaterThan(at(`Account ${B}`));
  });

  it("Markdown and HTML: an account section with score, grade, pools, regions and failures by severity", async () => {
    const report = await scanReport(estate());
    const markdown = unescaped([...renderReport(report, "markdown", { colorLevel: 0 })].join(""));
    expect(markdown).toContain("4 user pool(s) in 3 accounts · coverage");
    expect(markdown).toContain("### Accounts (3)\n\n| Account | Score | Grade | User pools | Regions | critical | high | medium | low | info |");
    const a = report.accounts[0]!;
    const highs = report.findings.filter((f) => f.status === "fail" && f.resource.accountId === A && f.severity === "high").length;
    expect(highs).toBeGreaterThan(0);
    expect(markdown).toContain(`| ${A} (prod) | ${a.score.value!.toFixed(1)} | ${a.score.grade!} | 3 | eu-west-1, us-east-1 | `);
    expect(markdown).toContain(`| ${C} (sandbox) | not reached: AssumeRole failed with AccessDenied | n/a | 0 |  |`);

    const html = [...renderReport(report, "html", { colorLevel: 0 })].join("");
    const section = /<section id="accounts">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
    expect(section).toContain("<h2>Accounts (3)</h2>");
    expect(section).toContain(`<tr><td>${A} (prod)</td><td class="num">${a.score.value!.toFixed(1)}</td>`);
    expect(section).toContain(`<td class="num">3</td><td>eu-west-1, us-east-1</td>`);
    expect(section).toContain(`Not reached: <code>AssumeRole</code> failed with <code>AccessDenied</code>`);
  });

  it("one account: no account heading or section (the JSON report has its field)", async () => {
    const report = await scanReport(estateOf([accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1", { weak: true })])], { name: "prod" })]));
    expect(report.accounts).toHaveLength(1);
    expect(table(report)).not.toMatch(/^Account /m);
    expect(table(report)).not.toContain(" accounts");
    expect([...renderReport(report, "markdown", { colorLevel: 0 })].join("")).not.toContain("### Accounts");
    expect([...renderReport(report, "html", { colorLevel: 0 })].join("")).not.toContain('id="accounts"');
  });

  it("escapes hostile account names in the account sections", async () => {
    const name = "<b>x</b>|`y`[z](https://e.example) \u001b]8;;x\u0007";
    const report = await scanReport(estateOf([accountOf(A, [regionOf("eu-west-1", [poolIn(A, "eu-west-1")])], { name }), accountOf(B, [regionOf("eu-west-1", [poolIn(B, "eu-west-1")])])]));
    const markdown = [...renderReport(report, "markdown", { colorLevel: 0 })].join("");
    const row = markdown.split("\n").find((l) => l.startsWith(`| ${A}`))!;
    expect(row).not.toContain("<b>");
    expect(row).not.toContain("](https");
    expect(row.split(/(?<!\\)\|/)).toHaveLength(12);
    const html = [...renderReport(report, "html", { colorLevel: 0 })].join("");
    expect(html).toContain(`<td>${A} (&lt;b&gt;x&lt;/b&gt;`);
    expect(table(report)).not.toContain("\u001b");
  });
});
