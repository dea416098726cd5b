// docs/athena.md is what users run: its CREATE TABLE must give a table the Athena source accepts
// and narrows on every partition, and its policy must allow exactly what the source sends.
import {
  AthenaClient,
  AthenaServiceException,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { mockClient } from "aws-sdk-client-mock";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ATHENA_OPERATIONS, athenaEvents, RESULT_COLUMNS } from "../../src/cloudtrail/athena.js";
import { PACKAGE_ROOT } from "../../src/package.js";

const doc = readFileSync(join(PACKAGE_ROOT, "docs", "athena.md"), "utf8");
const block = (marker: string, language: string) => {
  const found = new RegExp(`<!-- ${marker} -->\\n\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(doc)?.[1];
  expect(found, `docs/athena.md has a ${language} block after <!-- ${marker} -->`).toBeDefined();
  return found!;
};

/** The text inside the parentheses that open at `open`. */
function parenthesised(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error("unbalanced parentheses");
}

/** `name TYPE, …` at the top level (commas inside <…> belong to a type), as Glue reports them. */
function columns(list: string): { Name: string; Type: string }[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of list) {
    if (c === "<") depth++;
    if (c === ">") depth--;
    if (c === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [, name, type] = /^`?(\w+)`?\s+([\s\S]+)$/.exec(p)!;
      return { Name: name!.toLowerCase(), Type: type!.toLowerCase().replace(/\s+/g, "") };
    });
}

const ddl = block("athena:create-table", "sql");
const table = {
  Name: "org_trail",
  Columns: columns(parenthesised(ddl, ddl.indexOf("("))),
  PartitionKeys: columns(parenthesised(ddl, ddl.indexOf("(", ddl.indexOf("PARTITIONED BY")))),
  Parameters: Object.fromEntries([...ddl.matchAll(/'([\w.]+)'='([^']*)'/g)].map((m) => [m[1]!, m[2]!])),
};

const athena = mockClient(AthenaClient);
afterEach(() => athena.reset());
const ID = "5d2f6a0e-2b7c-4c55-8f0e-0a1b2c3d4e5f";

describe("docs/athena.md", () => {
  it("creates a table the source accepts, narrowed on account, region and day", async () => {
    expect(table.PartitionKeys.map((p) => p.Name)).toEqual(["account", "region", "timestamp"]);
    athena.on(GetTableMetadataCommand).resolves({ TableMetadata: table });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: ID, Status: { State: "SUCCEEDED" } } });
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: RESULT_COLUMNS.map((Name) => ({ Name, Type: "varchar" })) } } });
    const notes: string[] = [];
    for await (const _ of athenaEvents({
      client: new AthenaClient({ region: "eu-west-1" }),
      database: "cloudtrail",
      table: "org_trail",
      window: { start: new Date("2026-11-29T10:00:00Z"), end: new Date("2026-12-03T10:00:00Z") },
      regions: ["eu-west-1"],
      accounts: ["111122223333"],
      onNote: (n) => notes.push(n),
    }));
    expect(notes).toEqual([]);
    const text = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.QueryString!;
    expect(text).toContain(`"account" IN ('111122223333')`);
    expect(text).toContain(`"region" IN ('eu-west-1')`);
    expect(text).toContain(`"timestamp" BETWEEN '2026/11/29' AND '2026/12/04'`);
    // The query the page shows is the one sent, less the columns it elides.
    const shown = /```sql\n(SELECT [\s\S]*?)```/.exec(doc)![1]!;
    for (const line of shown.split("\n").filter((l) => l.trim().startsWith("AND") || l.startsWith("FROM") || l.startsWith("WHERE") || l.startsWith("ORDER"))) {
      if (!line.includes("account")) expect(text).toContain(line);
    }
  });

  it("grants exactly the Athena operations the source sends", async () => {
    const policy = JSON.parse(block("athena:policy", "json")) as { Statement: { Action: string[] }[] };
    const athenaActions = policy.Statement.flatMap((s) => s.Action).filter((a) => a.startsWith("athena:"));
    expect(athenaActions.sort()).toEqual(ATHENA_OPERATIONS.map((o) => `athena:${o}`).sort());

    // A run through every call: metadata, start, polls, a failed page that makes it stop nothing (done), and a deadline that stops.
    athena.on(GetTableMetadataCommand).resolves({ TableMetadata: table });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: ID, Status: { State: "RUNNING" } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    athena.on(GetQueryResultsCommand).rejects(new AthenaServiceException({ name: "InvalidRequestException", message: "x", $fault: "client", $metadata: {} }));
    let clock = 0;
    const run = athenaEvents({
      client: new AthenaClient({ region: "eu-west-1" }),
      database: "cloudtrail",
      table: "org_trail",
      window: { start: new Date("2026-11-29T10:00:00Z"), end: new Date("2026-12-03T10:00:00Z") },
      regions: "all",
      deadlineMs: 1000,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
    });
    await expect(run.next()).rejects.toThrow(/did not finish/);
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: ID, Status: { State: "SUCCEEDED" } } });
    await expect(
      athenaEvents({ client: new AthenaClient({ region: "eu-west-1" }), database: "cloudtrail", table: "org_trail", window: { start: new Date(0), end: new Date(1) }, regions: "all" }).next(),
    ).rejects.toThrow(/GetQueryResults failed/);
    const sent = new Set(athena.calls().map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, "")));
    expect([...sent].sort()).toEqual([...ATHENA_OPERATIONS].sort());
  });
});
