import {
  AthenaClient,
  AthenaServiceException,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsOutput,
  type Row,
} from "@aws-sdk/client-athena";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { athenaEvents, athenaQuery, RESULT_COLUMNS, type AthenaEventOptions } from "../../src/cloudtrail/athena.js";
import { parseAthenaTarget } from "../../src/cloudtrail/athenaTarget.js";
import { normalise } from "../../src/cloudtrail/normalise.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { InputError } from "../../src/errors.js";
import { apiEvent, managedLoginEvent } from "../helpers/events.js";

const athena = mockClient(AthenaClient);
afterEach(() => athena.reset());

const collectAll = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

const WINDOW = { start: new Date("2026-11-29T10:00:00.250Z"), end: new Date("2026-12-03T10:00:00Z") };
const ID = "0b4c7a52-1f9e-4d1e-9a51-6d0c2a7f0e11";

/** The columns of AWS's CloudTrail table with partition projection (docs/athena.md), as Glue types them. */
const CLOUDTRAIL_COLUMNS = [
  ["eventversion", "string"],
  [
    "useridentity",
    "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>",
  ],
  ["eventtime", "string"],
  ["eventsource", "string"],
  ["eventname", "string"],
  ["awsregion", "string"],
  ["sourceipaddress", "string"],
  ["useragent", "string"],
  ["errorcode", "string"],
  ["errormessage", "string"],
  ["requestparameters", "string"],
  ["responseelements", "string"],
  ["additionaleventdata", "string"],
  ["requestid", "string"],
  ["eventid", "string"],
  ["readonly", "string"],
  ["resources", "array<struct<arn:string,accountid:string,type:string>>"],
  ["eventtype", "string"],
  ["apiversion", "string"],
  ["recipientaccountid", "string"],
  ["serviceeventdetails", "string"],
  ["sharedeventid", "string"],
  ["vpcendpointid", "string"],
].map(([Name, Type]) => ({ Name, Type }));

const tableMetadata = (partitions: { Name: string; Type: string }[], parameters: Record<string, string> = {}, columns = CLOUDTRAIL_COLUMNS) => ({
  TableMetadata: { Name: "org_trail", Columns: columns, PartitionKeys: partitions, Parameters: parameters },
});
const PROJECTED = tableMetadata([{ Name: "timestamp", Type: "string" }], { "projection.enabled": "true", "projection.timestamp.format": "yyyy/MM/dd" });

const SELECT =
  "SELECT eventtime, eventsource, eventname, awsregion, sourceipaddress, useridentity.type AS useridentity_type, useridentity.principalid AS useridentity_principalid, " +
  "useridentity.arn AS useridentity_arn, useridentity.accountid AS useridentity_accountid, useridentity.invokedby AS useridentity_invokedby, useridentity.username AS useridentity_username, " +
  "requestparameters, responseelements, additionaleventdata, errorcode, errormessage, recipientaccountid, eventtype, eventid, " +
  "json_format(CAST(transform(resources, r -> r.arn) AS JSON)) AS resource_arns";

/** A CloudTrail record as the CloudTrail table returns it: strings, JSON text, the struct's fields, the ARNs as JSON. */
function athenaRow(record: CloudTrailRecord): Row {
  const identity = (record.userIdentity ?? {}) as Record<string, unknown>;
  const json = (value: unknown) => (value === undefined || value === null ? undefined : JSON.stringify(value));
  const values: Record<string, string | undefined> = {
    eventtime: record.eventTime,
    eventsource: record.eventSource as string,
    eventname: record.eventName as string,
    awsregion: record.awsRegion as string,
    sourceipaddress: record.sourceIPAddress as string,
    useridentity_type: identity.type as string,
    useridentity_principalid: identity.principalId as string,
    useridentity_arn: identity.arn as string,
    useridentity_accountid: identity.accountId as string,
    useridentity_invokedby: identity.invokedBy as string,
    useridentity_username: identity.userName as string,
    requestparameters: json(record.requestParameters),
    responseelements: json(record.responseElements),
    additionaleventdata: json(record.additionalEventData),
    errorcode: record.errorCode as string,
    errormessage: record.errorMessage as string,
    recipientaccountid: record.recipientAccountId as string,
    eventtype: record.eventType as string,
    eventid: record.eventID,
    resource_arns: Array.isArray(record.resources) ? JSON.stringify((record.resources as { ARN: string }[]).map((r) => r.ARN)) : undefined,
  };
  return { Data: RESULT_COLUMNS.map((c) => (values[c] === undefined ? {} : { VarCharValue: values[c] })) };
}

const HEADER: Row = { Data: RESULT_COLUMNS.map((c) => ({ VarCharValue: c })) };
const COLUMN_INFO = RESULT_COLUMNS.map((Name) => ({ Name, Label: Name, Type: "varchar" }));
const page = (rows: Row[], NextToken?: string, first = false): GetQueryResultsOutput => ({
  ResultSet: { Rows: first ? [HEADER, ...rows] : rows, ResultSetMetadata: { ColumnInfo: COLUMN_INFO } },
  ...(NextToken ? { NextToken } : {}),
});

const succeeded = (bytes = 52_428_800) => ({ QueryExecution: { QueryExecutionId: ID, Status: { State: "SUCCEEDED" as const }, Statistics: { DataScannedInBytes: bytes } } });
const state = (State: "QUEUED" | "RUNNING" | "FAILED" | "CANCELLED", extra: Record<string, unknown> = {}) => ({ QueryExecution: { QueryExecutionId: ID, Status: { State, ...extra } } });

const options = (extra: Partial<AthenaEventOptions> = {}): AthenaEventOptions => ({
  client: new AthenaClient({ region: "eu-west-1" }),
  database: "cloudtrail",
  table: "org_trail",
  window: WINDOW,
  regions: ["eu-west-1"],
  sleep: async () => {},
  ...extra,
});

const serviceError = (name: string, message: string) => new AthenaServiceException({ name, message, $fault: "client", $metadata: {} });

describe("the Athena query", () => {
  it("reads the documented table's timestamp partition, the window's days and one more, in time order", async () => {
    athena.on(GetTableMetadataCommand).resolves(PROJECTED);
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(succeeded());
    athena.on(GetQueryResultsCommand).resolves(page([], undefined, true));
    const notes: string[] = [];
    expect(await collectAll(athenaEvents(options({ workgroup: "audit", output: "s3://audit-results/athena/", onNote: (n) => notes.push(n) })))).toEqual([]);

    expect(athena.commandCalls(GetTableMetadataCommand)[0]!.args[0].input).toEqual({ CatalogName: "AwsDataCatalog", DatabaseName: "cloudtrail", TableName: "org_trail", WorkGroup: "audit" });
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start.QueryString).toBe(
      [
        SELECT,
        'FROM "cloudtrail"."org_trail"',
        "WHERE eventsource IN ('cognito-idp.amazonaws.com', 'cognito-identity.amazonaws.com')",
        "  AND eventtime BETWEEN '2026-11-29T10:00:00Z' AND '2026-12-03T10:00:00Z'",
        "  AND awsregion IN ('eu-west-1')",
        `  AND "timestamp" BETWEEN '2026/11/29' AND '2026/12/04'`,
        "ORDER BY eventtime, eventid",
      ].join("\n"),
    );
    expect(start.QueryExecutionContext).toEqual({ Catalog: "AwsDataCatalog", Database: "cloudtrail" });
    expect(start.WorkGroup).toBe("audit");
    expect(start.ResultConfiguration).toEqual({ OutputLocation: "s3://audit-results/athena/" });
    expect(start.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(athena.commandCalls(GetQueryResultsCommand)[0]!.args[0].input).toEqual({ QueryExecutionId: ID, MaxResults: 1000, NextToken: undefined });
    expect(notes).toEqual([`Athena: the query ${ID} scanned 50.0 MiB of cloudtrail.org_trail.`]);
  });

  it("narrows an organization table on account, region and day (by hand: year/month/day across a month)", () => {
    const { text, notes } = athenaQuery({
      database: "cloudtrail",
      table: "org_trail",
      window: WINDOW,
      regions: ["eu-west-1", "us-east-1"],
      accounts: ["123456789012", "210987654321"],
      partitions: [{ name: "account" }, { name: "region" }, { name: "year" }, { name: "month" }, { name: "day" }],
    });
    expect(text.split("\n").slice(2)).toEqual([
      "WHERE eventsource IN ('cognito-idp.amazonaws.com', 'cognito-identity.amazonaws.com')",
      "  AND eventtime BETWEEN '2026-11-29T10:00:00Z' AND '2026-12-03T10:00:00Z'",
      "  AND awsregion IN ('eu-west-1', 'us-east-1')",
      "  AND recipientaccountid IN ('123456789012', '210987654321')",
      `  AND "region" IN ('eu-west-1', 'us-east-1')`,
      `  AND "account" IN ('123456789012', '210987654321')`,
      `  AND (("year" = '2026' AND "month" = '11' AND "day" IN ('29', '30')) OR ("year" = '2026' AND "month" = '12' AND "day" IN ('01', '02', '03', '04')))`,
      "ORDER BY eventtime, eventid",
    ]);
    expect(notes).toEqual([]);
  });

  it("writes integer partitions as numbers, and reads every region and account when asked for all", () => {
    const { text } = athenaQuery({
      database: "ct",
      table: "t",
      window: { start: new Date("2026-12-31T12:00:00Z"), end: new Date("2027-01-01T12:00:00Z") },
      regions: "all",
      partitions: [{ name: "accountid" }, { name: "region" }, { name: "year", type: "int" }, { name: "month", type: "int" }],
    });
    expect(text.split("\n").slice(2)).toEqual([
      "WHERE eventsource IN ('cognito-idp.amazonaws.com', 'cognito-identity.amazonaws.com')",
      "  AND eventtime BETWEEN '2026-12-31T12:00:00Z' AND '2027-01-01T12:00:00Z'",
      `  AND (("year" = 2026 AND "month" IN (12)) OR ("year" = 2027 AND "month" IN (1)))`,
      "ORDER BY eventtime, eventid",
    ]);
  });

  it("reads a window from the epoch (no --since) from the trail's first possible day", () => {
    const { text } = athenaQuery({ database: "ct", table: "t", window: { start: new Date(0), end: WINDOW.end }, regions: "all", partitions: [{ name: "timestamp" }] });
    expect(text).toContain(`eventtime BETWEEN '1970-01-01T00:00:00Z' AND '2026-12-03T10:00:00Z'\n  AND "timestamp" BETWEEN '2013/11/01' AND '2026/12/04'`);
  });

  it("says which partitions it could not use, and that a table without a date partition is read whole", () => {
    const { text, notes } = athenaQuery({
      database: "ct",
      table: "t",
      window: WINDOW,
      regions: ["eu-west-1"],
      partitions: [{ name: "timestamp" }, { name: "dt" }, { name: "region", type: "int" }],
      timestampFormat: "yyyy-MM-dd",
    });
    expect(text).not.toMatch(/"timestamp"|"dt"|"region"/);
    expect(notes).toEqual([
      'Athena: the query does not narrow on the partition column "region" of ct.t (of type int, not string): Athena reads all of its partitions.',
      'Athena: the query does not narrow on the partition column "timestamp" of ct.t (its projection format is "yyyy-MM-dd", not yyyy/MM/dd): Athena reads all of its partitions.',
      'Athena: the query does not narrow on the partition column "dt" of ct.t (not one cognito-audit knows: region, account, accountid, account_id, timestamp, year/month/day): Athena reads all of its partitions.',
      "Athena: ct.t has no date partition the query can use: Athena reads the whole trail, every day of it, to find the window's events (docs/athena.md shows a table partitioned by date).",
    ]);
  });

  it("refuses hostile names and values before any call, and never puts a partition name from AWS in the query", async () => {
    const hostile: Partial<AthenaEventOptions>[] = [
      { database: 'cloudtrail"; DROP TABLE x; --' },
      { table: "org_trail.other" },
      { regions: ["eu-west-1') OR (1=1"] },
      { regions: [] },
      { accounts: ["123456789012' OR '1'='1"] },
      { workgroup: "primary; DROP" },
      { output: "s3://bucket/prefix with space/" },
      { output: "https://bucket.s3.amazonaws.com/" },
      { window: { start: WINDOW.end, end: WINDOW.start } },
      { window: { start: new Date("nope"), end: WINDOW.end } },
      { window: { start: WINDOW.start, end: new Date(Date.UTC(10_000, 0, 1)) } },
    ];
    for (const extra of hostile) await expect(collectAll(athenaEvents(options(extra)))).rejects.toBeInstanceOf(InputError);
    expect(athena.calls()).toHaveLength(0);

    const { text, notes } = athenaQuery({ database: "ct", table: "t", window: WINDOW, regions: ["eu-west-1"], partitions: [{ name: 'dt" = dt OR "x' }] });
    expect(text).not.toContain("OR \"x");
    expect(notes[0]).toContain('"dt\\" = dt OR \\"x"');
  });

  it("checks the table has the CloudTrail columns it reads, with their types", async () => {
    const columns = CLOUDTRAIL_COLUMNS.filter((c) => c.Name !== "additionaleventdata").map((c) => (c.Name === "requestparameters" ? { ...c, Type: "struct<a:string>" } : c));
    athena.on(GetTableMetadataCommand).resolves(tableMetadata([], {}, columns));
    await expect(collectAll(athenaEvents(options()))).rejects.toThrow(
      /cloudtrail\.org_trail: the table is not AWS's CloudTrail table: requestparameters \(struct<a:string>\), additionaleventdata \(missing\); expected .*docs\/athena\.md/,
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});

describe("parseAthenaTarget", () => {
  it("reads athena:DATABASE.TABLE in Glue's lower case and refuses anything else", () => {
    expect(parseAthenaTarget("athena:CloudTrail.Org_Trail")).toEqual({ database: "cloudtrail", table: "org_trail" });
    expect(parseAthenaTarget("athena:my-db.logs")).toEqual({ database: "my-db", table: "logs" });
    for (const bad of ["athena:", "athena:table", "athena:a.b.c", "athena:a.b;", 'athena:a."b"', "athena:a .b", "athena:\u001b[31ma.b"]) {
      expect(() => parseAthenaTarget(bad), bad).toThrow(InputError);
    }
    expect(() => parseAthenaTarget("athena:\u001b[2Ja")).toThrow(/expected athena:DATABASE\.TABLE/);
    try {
      parseAthenaTarget("athena:\u001b[2Ja");
    } catch (error) {
      expect((error as Error).message).not.toContain("\u001b");
    }
  });
});

describe("running the query", () => {
  it("polls until the query succeeds, backing off, then reads every page (the header once) into CloudTrail records", async () => {
    const events = [
      apiEvent("InitiateAuth", { time: "2026-11-30T10:00:00Z", clientId: "c1", errorCode: "NotAuthorizedException", sub: "s1" }),
      { ...apiEvent("AdminDeleteUser", { time: "2026-11-30T10:01:00Z", poolId: "eu-west-1_Abc", principal: "arn:aws:sts::123456789012:assumed-role/admin/alice" }), resources: [{ ARN: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc", accountId: "123456789012", type: "AWS::Cognito::UserPool" }] },
      managedLoginEvent("Login_POST", { time: "2026-11-30T10:02:00Z", poolId: "eu-west-1_Abc", clientId: "c1", status: 200, errorCode: "400" }),
      apiEvent("SignUp", { time: "2026-11-30T10:03:00Z", clientId: "c1", response: { userSub: "s2", userConfirmed: false } }),
      apiEvent("GetCredentialsForIdentity", { time: "2026-11-30T10:04:00Z" }),
    ];
    events[4]!.eventSource = "cognito-identity.amazonaws.com";
    athena.on(GetTableMetadataCommand).resolves(PROJECTED);
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolvesOnce(state("QUEUED")).resolvesOnce(state("RUNNING")).resolvesOnce(state("RUNNING")).resolves(succeeded());
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(page(events.slice(0, 2).map(athenaRow), "t1", true))
      .resolvesOnce(page(events.slice(2, 4).map(athenaRow), "t2"))
      .resolvesOnce(page(events.slice(4).map(athenaRow)));
    const waits: number[] = [];
    const records = await collectAll(athenaEvents(options({ sleep: async (ms) => void waits.push(ms) })));

    expect(waits).toEqual([250, 500, 1000]);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(4);
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, "t1", "t2"]);
    expect(records.map((r) => r.eventName)).toEqual(["InitiateAuth", "AdminDeleteUser", "Login_POST", "SignUp", "GetCredentialsForIdentity"]);
    // What the analysis reads of each record is what it reads of the log file's.
    records.forEach((record, i) => expect(normalise(record)).toEqual(normalise(events[i]!)));
    expect(records[1]).toMatchObject({
      userIdentity: { type: "AssumedRole", principalId: "AROAEXAMPLE:admin", arn: "arn:aws:sts::123456789012:assumed-role/admin/alice", accountId: "123456789012" },
      resources: [{ ARN: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc" }],
      responseElements: null,
    });
    expect(records[2]).toMatchObject({ errorCode: "400", requestParameters: null, additionalEventData: { responseParameters: { status: 200 } } });
    expect(records[3]!.responseElements).toEqual({ userSub: "s2", userConfirmed: false });
  });

  it("skips the first row only when it is the header", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(succeeded());
    const event = apiEvent("SignUp", { time: "2026-11-30T10:03:00Z" });
    athena.on(GetQueryResultsCommand).resolves(page([athenaRow(event)]));
    expect((await collectAll(athenaEvents(options({ partitions: [] })))).map((r) => r.eventID)).toEqual([event.eventID]);
    expect(athena.commandCalls(GetTableMetadataCommand)).toHaveLength(0);
  });

  it("reports a failed query with Athena's reason (terminal-safe) and what to check", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(
      state("FAILED", { StateChangeReason: "\u001b[31mInsufficient permissions to execute the query. User is not authorized to perform glue:GetTable", AthenaError: { ErrorCategory: 2, ErrorType: 1005 } }),
    );
    const error = await collectAll(athenaEvents(options({ partitions: [] }))).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `--cloudtrail athena:cloudtrail.org_trail: the Athena query ${ID} failed: Insufficient permissions to execute the query. User is not authorized to perform glue:GetTable (error type 1005, a user error). ` +
        "The caller needs athena:GetTableMetadata, StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution on the workgroup; glue:GetDatabase, GetTable and GetPartitions on the table; s3:GetObject and s3:ListBucket on the trail's bucket; s3:PutObject, GetObject and GetBucketLocation on the results location (docs/athena.md).",
    );
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(0);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it("reports a cancelled query and a missing column", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(state("CANCELLED", { StateChangeReason: "Query cancelled: bytes scanned limit was exceeded" }));
    await expect(collectAll(athenaEvents(options({ partitions: [] })))).rejects.toThrow(`the Athena query ${ID} was cancelled (by someone, or by the workgroup's limit on data scanned): Query cancelled: bytes scanned limit was exceeded.`);
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(state("FAILED", { StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'resources' cannot be resolved" }));
    await expect(collectAll(athenaEvents(options({ partitions: [] })))).rejects.toThrow(/cannot be resolved\. The table lacks a column of AWS's CloudTrail table: create it with the statement of docs\/athena\.md\./);
  });

  it("turns AccessDenied and a missing results location into a clear error", async () => {
    athena.on(GetTableMetadataCommand).rejects(serviceError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/x is not authorized to perform: athena:GetTableMetadata"));
    await expect(collectAll(athenaEvents(options()))).rejects.toThrow(
      /^--cloudtrail athena:cloudtrail\.org_trail: athena:GetTableMetadata failed with AccessDeniedException: User: .* is not authorized to perform: athena:GetTableMetadata\. The caller needs athena:GetTableMetadata, StartQueryExecution/,
    );
    athena.on(StartQueryExecutionCommand).rejects(serviceError("InvalidRequestException", "No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input."));
    await expect(collectAll(athenaEvents(options({ partitions: [] })))).rejects.toThrow(/athena:StartQueryExecution failed with InvalidRequestException: No output location provided\..* Name a results location with --athena-output s3:\/\/BUCKET\/PREFIX\//);
  });

  it("stops a query that outlives its deadline, or whose polling fails, or that is interrupted", async () => {
    let clock = 0;
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(state("RUNNING"));
    athena.on(StopQueryExecutionCommand).resolves({});
    const slow = options({ partitions: [], deadlineMs: 10_000, now: () => clock, sleep: async (ms) => void (clock += ms) });
    await expect(collectAll(athenaEvents(slow))).rejects.toThrow(`the Athena query ${ID} did not finish within 10 s. The query ${ID} was stopped.`);
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([{ QueryExecutionId: ID }]);
    // 250 + 500 + 1000 + 2000 + 4000 ms, then the next wait would pass the deadline.
    expect(clock).toBe(7750);

    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).rejects(serviceError("InternalServerException", "boom"));
    athena.on(StopQueryExecutionCommand).rejects(serviceError("AccessDeniedException", "no"));
    await expect(collectAll(athenaEvents(options({ partitions: [] })))).rejects.toThrow(
      `athena:GetQueryExecution failed with InternalServerException: boom. The query ${ID} could not be stopped (AccessDeniedException): stop it in the Athena console.`,
    );

    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(state("RUNNING"));
    athena.on(StopQueryExecutionCommand).resolves({});
    const controller = new AbortController();
    const interrupted = options({ partitions: [], signal: controller.signal, sleep: async () => controller.abort() });
    await expect(collectAll(athenaEvents(interrupted))).rejects.toThrow(`interrupted while the Athena query ${ID} ran. The query ${ID} was stopped.`);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(2);
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it("names the row and column of bad JSON in the results, and stops on a NextToken that repeats", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(succeeded());
    const good = athenaRow(apiEvent("SignUp", { time: "2026-11-30T10:03:00Z" }));
    const bad = athenaRow({ ...apiEvent("SignUp", { time: "2026-11-30T10:04:00Z" }), eventID: "\u001b]0;pwned\u0007evil" });
    bad.Data![RESULT_COLUMNS.indexOf("requestparameters")] = { VarCharValue: "{clientId=c1, username=x}" };
    athena.on(GetQueryResultsCommand).resolves(page([good, bad], undefined, true));
    const error = await collectAll(athenaEvents(options({ partitions: [] }))).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(new RegExp(`^--cloudtrail athena:cloudtrail\\.org_trail: row 2 of the Athena query ${ID} \\(event "evil"\\), column requestparameters: is not valid JSON at line 1, column 2`));

    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(succeeded());
    athena.on(GetQueryResultsCommand).resolvesOnce(page([good], "same", true)).resolves(page([good], "same"));
    await expect(collectAll(athenaEvents(options({ partitions: [] })))).rejects.toThrow(/returned the same NextToken twice/);
  });

  it("refuses results that lack a column it asked for", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(succeeded());
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: COLUMN_INFO.filter((c) => c.Name !== "eventid") } } });
    await expect(collectAll(athenaEvents(options({ partitions: [] })))).rejects.toThrow(`the results of the Athena query ${ID} lack the columns eventid.`);
  });
});
