// The Athena source through the real SDK client and its awsJson1_1 wire, against a loopback endpoint:
// what the SDK serialises of each call, and how it hands Athena's answers (NULLs, pages, errors) back.
import { AthenaClient } from "@aws-sdk/client-athena";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { athenaEvents, RESULT_COLUMNS } from "../../src/cloudtrail/athena.js";
import { normalise } from "../../src/cloudtrail/normalise.js";

type Answer = { status?: number; body: unknown };
let server: Server;
let endpoint: string;
let received: { target: string; body: Record<string, unknown> }[];
let answer: (target: string, body: Record<string, unknown>) => Answer;

beforeEach(async () => {
  received = [];
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const body = JSON.parse(text || "{}") as Record<string, unknown>;
      received.push({ target, body });
      const { status = 200, body: out } = answer(target, body);
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "r" });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const client = () => new AthenaClient({ region: "eu-west-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
const ID = "7e0c9a2b-55d1-4f3e-9c1a-2b3c4d5e6f70";
const WINDOW = { start: new Date("2026-11-29T00:00:00Z"), end: new Date("2026-11-30T00:00:00Z") };
const CLOUDTRAIL_COLUMNS = [
  ["useridentity", "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string>"],
  ["resources", "array<struct<arn:string,accountid:string,type:string>>"],
  ...["eventtime", "eventsource", "eventname", "awsregion", "sourceipaddress", "requestparameters", "responseelements", "additionaleventdata", "errorcode", "errormessage", "recipientaccountid", "eventtype", "eventid"].map((n) => [n, "string"]),
].map(([Name, Type]) => ({ Name, Type }));

/** A row from column values by name; absent ones are SQL NULL (a datum without VarCharValue). */
const row = (values: Record<string, string>) => ({ Data: RESULT_COLUMNS.map((c) => (c in values ? { VarCharValue: values[c] } : {})) });
const header = { Data: RESULT_COLUMNS.map((c) => ({ VarCharValue: c })) };
const metadata = { ColumnInfo: RESULT_COLUMNS.map((c) => ({ CatalogName: "hive", Name: c, Label: c, Type: "varchar", Nullable: "UNKNOWN", CaseSensitive: true })) };

describe("the Athena source on the wire", () => {
  it("sends each call as the SDK serialises it and reads NULLs, JSON text and pages back", async () => {
    let polls = 0;
    answer = (target, body) => {
      switch (target) {
        case "AmazonAthena.GetTableMetadata":
          return { body: { TableMetadata: { Name: "org_trail", Columns: CLOUDTRAIL_COLUMNS, PartitionKeys: [{ Name: "region", Type: "string" }, { Name: "timestamp", Type: "string" }] } } };
        case "AmazonAthena.StartQueryExecution":
          return { body: { QueryExecutionId: ID } };
        case "AmazonAthena.GetQueryExecution":
          return { body: { QueryExecution: { QueryExecutionId: ID, Status: { State: ++polls < 2 ? "RUNNING" : "SUCCEEDED" }, Statistics: { DataScannedInBytes: 1024 } } } };
        case "AmazonAthena.GetQueryResults":
          return body.NextToken === undefined
            ? {
                body: {
                  ResultSet: {
                    Rows: [
                      header,
                      row({
                        eventtime: "2026-11-29T08:00:00Z",
                        eventsource: "cognito-idp.amazonaws.com",
                        eventname: "InitiateAuth",
                        awsregion: "eu-west-1",
                        sourceipaddress: "203.0.113.9",
                        useridentity_type: "Unknown",
                        useridentity_principalid: "Anonymous",
                        requestparameters: '{"authFlow":"USER_PASSWORD_AUTH","clientId":"c1","authParameters":"HIDDEN_DUE_TO_SECURITY_REASONS"}',
                        errorcode: "NotAuthorizedException",
                        errormessage: "Incorrect username or password.",
                        recipientaccountid: "123456789012",
                        eventtype: "AwsApiCall",
                        eventid: "e1",
                        resource_arns: "[]",
                      }),
                    ],
                    ResultSetMetadata: metadata,
                  },
                  NextToken: "page-2",
                  UpdateCount: 0,
                },
              }
            : {
                body: {
                  ResultSet: {
                    Rows: [
                      row({
                        eventtime: "2026-11-29T09:00:00Z",
                        eventsource: "cognito-idp.amazonaws.com",
                        eventname: "AdminDeleteUser",
                        awsregion: "eu-west-1",
                        sourceipaddress: "198.51.100.1",
                        useridentity_type: "AssumedRole",
                        useridentity_arn: "arn:aws:sts::123456789012:assumed-role/admin/alice",
                        useridentity_accountid: "123456789012",
                        requestparameters: '{"userPoolId":"eu-west-1_Abc","username":"HIDDEN_DUE_TO_SECURITY_REASONS"}',
                        recipientaccountid: "123456789012",
                        eventtype: "AwsApiCall",
                        eventid: "e2",
                        resource_arns: '["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc"]',
                      }),
                    ],
                    ResultSetMetadata: metadata,
                  },
                },
              };
        default:
          return { status: 400, body: { __type: "InvalidRequestException", Message: `unexpected ${target}` } };
      }
    };
    const records = [];
    for await (const record of athenaEvents({ client: client(), database: "cloudtrail", table: "org_trail", workgroup: "audit", window: WINDOW, regions: ["eu-west-1"], sleep: async () => {} })) records.push(record);

    expect(received.map((r) => r.target.replace("AmazonAthena.", ""))).toEqual(["GetTableMetadata", "StartQueryExecution", "GetQueryExecution", "GetQueryExecution", "GetQueryResults", "GetQueryResults"]);
    expect(received[0]!.body).toEqual({ CatalogName: "AwsDataCatalog", DatabaseName: "cloudtrail", TableName: "org_trail", WorkGroup: "audit" });
    const start = received[1]!.body;
    expect(Object.keys(start).sort()).toEqual(["ClientRequestToken", "QueryExecutionContext", "QueryString", "WorkGroup"]);
    expect(start.QueryString).toContain(`AND "region" IN ('eu-west-1')\n  AND "timestamp" BETWEEN '2026/11/29' AND '2026/12/01'`);
    expect(received[4]!.body).toEqual({ QueryExecutionId: ID, MaxResults: 1000 });
    expect(received[5]!.body).toEqual({ QueryExecutionId: ID, MaxResults: 1000, NextToken: "page-2" });

    expect(records).toHaveLength(2);
    expect(records[0]).toEqual({
      eventTime: "2026-11-29T08:00:00Z",
      eventSource: "cognito-idp.amazonaws.com",
      eventName: "InitiateAuth",
      awsRegion: "eu-west-1",
      sourceIPAddress: "203.0.113.9",
      errorCode: "NotAuthorizedException",
      errorMessage: "Incorrect username or password.",
      recipientAccountId: "123456789012",
      eventType: "AwsApiCall",
      eventID: "e1",
      requestParameters: { authFlow: "USER_PASSWORD_AUTH", clientId: "c1", authParameters: "HIDDEN_DUE_TO_SECURITY_REASONS" },
      responseElements: null,
      additionalEventData: null,
      userIdentity: { type: "Unknown", principalId: "Anonymous" },
      resources: [],
    });
    expect(normalise(records[0]!)).toMatchObject({ name: "InitiateAuth", clientId: "c1", errorCode: "NotAuthorizedException", sourceIp: "203.0.113.9", accountId: "123456789012" });
    expect(normalise(records[1]!)).toMatchObject({ name: "AdminDeleteUser", poolId: "eu-west-1_Abc", principal: "arn:aws:sts::123456789012:assumed-role/admin/alice" });
  });

  it("turns Athena's error answer into one clear paragraph", async () => {
    answer = () => ({ status: 400, body: { __type: "InvalidRequestException", Message: "Database cloudtrail does not exist", AthenaErrorCode: "INVALID_INPUT" } });
    await expect(athenaEvents({ client: client(), database: "cloudtrail", table: "org_trail", window: WINDOW, regions: "all" }).next()).rejects.toThrow(
      "--cloudtrail athena:cloudtrail.org_trail: athena:GetTableMetadata failed with InvalidRequestException: Database cloudtrail does not exist. Check DATABASE.TABLE, that the table is in the region Athena runs in, and docs/athena.md for the table to create.",
    );
  });
});
