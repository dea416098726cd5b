// Inputs are checked before any work, outputs are written whole or not at all, and hostile text
// never reaches the terminal raw: the built CLI as a child process, against a loopback endpoint
// that records every request.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/model.js";
import { serializeSnapshot } from "../../src/snapshot/io.js";
import { runCli } from "../helpers/cli.js";
import { poolEntry, snapshotOf, userPool } from "../helpers/factories.js";

const credentials = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "example" };
const HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\u001b[31m\u202e\u009b";
/** No terminal control character of any kind (tabs and newlines aside). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface Recorded {
  endpoint: string;
  requests: string[];
  close(): Promise<void>;
}

/** A loopback AWS endpoint: one user pool, empty answers to everything else in the JSON protocols, a caller identity for STS. */
async function startEndpoint(): Promise<Recorded> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer | string) => (body += String(d)));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      requests.push(target || body);
      if (!target) {
        res.writeHead(200, { "content-type": "text/xml" });
        res.end(
          "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/audit</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
        );
        return;
      }
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      const pool = { Id: "us-east-1_Creds", Name: "creds", Arn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Creds" };
      const answers: Record<string, unknown> = { ListUserPools: { UserPools: [{ Id: pool.Id, Name: pool.Name }] }, DescribeUserPool: { UserPool: pool } };
      res.end(JSON.stringify(answers[target.split(".").pop()!] ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let dir = "";
let aws: Recorded;
const file = (name: string) => join(dir, name);
const live = () => ["--endpoint-url", aws.endpoint, "--region", "us-east-1"];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-inputs-"));
  aws = await startEndpoint();
  await writeFile(file("high.json"), serializeSnapshot(snapshotOf([poolEntry({ userPool: userPool({ Name: "legacy", MfaConfiguration: "OFF" }) })])));
  await writeFile(file("hostile.json"), serializeSnapshot(snapshotOf([poolEntry({ userPool: userPool({ Name: `${HOSTILE}legacy`, MfaConfiguration: "OFF" }) })])));
  await writeFile(file("not-a-dir"), "");
});
afterAll(async () => {
  await aws?.close();
});

/** Exit 2, one paragraph on stderr matching `message`, nothing on stdout, and no AWS request. */
function expectRefusedBeforeWork(r: { code: number; stdout: string; stderr: string }, message: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(aws.requests).toEqual([]);
}

describe("output targets are checked before any AWS call", () => {
  it.each([
    ["--output in a missing directory", () => ["--output", file("missing/r.json")], /^cognito-audit: --output .*missing\/r\.json: the directory .*missing does not exist/],
    ["--output naming a directory", () => ["--output", dir], /^cognito-audit: --output .*: is a directory/],
    ["--report under a file", () => ["--report", `sarif=${file("not-a-dir/r.sarif")}`], /^cognito-audit: --report sarif=.*not-a-dir\/r\.sarif: .*not-a-dir is not a directory/],
    ["an unreadable --sarif-artifact", () => ["--report", `sarif=${file("r.sarif")}`, "--sarif-artifact", file("missing.json")], /^cognito-audit: --sarif-artifact .*missing\.json: cannot be read \(ENOENT\)/],
    ["--report and --output on one file", () => ["--output", file("same.json"), "--report", `json=${file("same.json")}`], /--report json=.*same\.json: the same file as --output .*same\.json/],
  ])("scan: %s", async (_, args, message) => {
    aws.requests.length = 0;
    expectRefusedBeforeWork(await runCli(["scan", ...live(), ...args()], credentials), message);
  });

  it("collect: --output in a missing directory", async () => {
    aws.requests.length = 0;
    expectRefusedBeforeWork(await runCli(["collect", ...live(), "--output", file("missing/s.json")], credentials), /^cognito-audit: --output .*missing\/s\.json: the directory .*missing does not exist/);
  });

  it("--since is checked whatever --cloudtrail is", async () => {
    aws.requests.length = 0;
    expectRefusedBeforeWork(await runCli(["collect", ...live(), "--cloudtrail", "none", "--since", "soon", "--output", file("s.json")], credentials), /--since "soon": expected a duration/);
    expectRefusedBeforeWork(await runCli(["scan", ...live(), "--cloudtrail", "none", "--since", "0d"], credentials), /--since "0d": expected a duration/);
    expect(existsSync(file("s.json"))).toBe(false);
  });
});

describe("outputs are written whole or not at all", () => {
  it("writes every report of a successful run", async () => {
    const r = await runCli(["scan", "--snapshot", file("high.json"), "--output", file("ok.json"), "--report", `MarkDown=${file("ok.md")}`]);
    expect(r.code).toBe(1);
    expect((JSON.parse(await readFile(file("ok.json"), "utf8")) as Report).gate.passed).toBe(false);
    expect(await readFile(file("ok.md"), "utf8")).toMatch(/mfa\\-required/);
    expect(r.stderr).toMatch(/markdown report written to/);
  });
});

describe("names in any case, typos with a suggestion", () => {
  it("--fail-on HIGH works; --fail-on hihg suggests high", async () => {
    expect((await runCli(["scan", "--snapshot", file("high.json"), "--fail-on", "HIGH"])).code).toBe(1);
    const typo = await runCli(["scan", "--snapshot", file("high.json"), "--fail-on", "hihg"]);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe("");
    expect(typo.stderr).toMatch(/--fail-on <severity>' argument 'hihg' is invalid\. expected one of critical, high, medium, low, info, none \(did you mean high\?\)/);
  });

  it("config rule ids, severities and suppressions in any case; a typo names the rule meant", async () => {
    await writeFile(file("mixed.yml"), "rules:\n  Mfa-Required: { severity: LOW }\n");
    const lowered = await runCli(["scan", "--snapshot", file("high.json"), "--config", file("mixed.yml")]);
    expect(lowered.code).toBe(0);
    expect((JSON.parse(lowered.stdout) as Report).findings.find((f) => f.ruleId === "mfa-required")).toMatchObject({ status: "fail", severity: "low" });

    await writeFile(file("suppress.yml"), 'suppressions:\n  - { rule: MFA-REQUIRED, resource: "*", reason: accepted }\n');
    expect((await runCli(["scan", "--snapshot", file("high.json"), "--config", file("suppress.yml")])).code).toBe(0);

    await writeFile(file("typo.yml"), "rules:\n  mfa-requird: { enabled: false }\n");
    const typo = await runCli(["scan", "--snapshot", file("high.json"), "--config", file("typo.yml")]);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe("");
    expect(typo.stderr).toMatch(/typo\.yml: at \$\.rules\["mfa-requird"\] \(line \d+, column \d+\) unknown rule "mfa-requird" \(did you mean mfa-required\?\)/);
  });

  it("explain takes a rule id in any case", async () => {
    const r = await runCli(["explain", "MFA-Required"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# mfa-required/);
  });
});

describe("hostile text never reaches the terminal raw", () => {
  it("a snapshot with invalid JSON and escape sequences: line and column, no byte of the file", async () => {
    const content = `{\n  "format": "cognito-audit/snapshot",\n  ${HOSTILE}"TOKEN-1234": 1\n}`;
    await writeFile(file("evil.json"), content);
    const r = await runCli(["scan", "--snapshot", file("evil.json")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`cognito-audit: ${file("evil.json")}: is not valid JSON at line 3, column 3: expected a property name in double quotes, found character U+001B.\n`);
    for (const fragment of ["pwned", "TOKEN", "[2J", "[31m"]) expect(r.stderr).not.toContain(fragment);
  });

  it("a file name with control characters is sanitized on stderr", async () => {
    const r = await runCli(["scan", "--snapshot", join(dir, `${HOSTILE}missing.json`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.json: cannot be read \(ENOENT\)/);
    expect(r.stderr.slice(0, -1)).not.toMatch(CONTROL);
  });

  it("a usage error echoing a hostile argument is sanitized too", async () => {
    const r = await runCli(["scan", "--snapshot", file("high.json"), "--fail-on", `${HOSTILE}x`]);
    expect(r.code).toBe(2);
    expect(r.stderr.replace(/\n/g, "")).not.toMatch(CONTROL);
  });

  it("a pool name with escape sequences is stripped from the table, gate line included", async () => {
    const r = await runCli(["scan", "--snapshot", file("hostile.json"), "--format", "table"]);
    expect(r.code).toBe(1);
    // The gate line wraps to the terminal's width: read it as one line.
    const gate = r.stdout.slice(r.stdout.indexOf("Gate failed")).replace(/\n/g, " ");
    expect(gate).toMatch(/^Gate failed: 1 finding\(s\) at or above high: mfa-required on user pool .*legacy \(/);
    expect(r.stdout.replace(/\n/g, "")).not.toMatch(CONTROL);
    expect(r.stdout).not.toContain("pwned\u0007");
  });
});

describe("endpoint credentials", () => {
  it("never reach a snapshot or a report", async () => {
    const endpoint = aws.endpoint.replace("http://", "http://auditor:S3cr3tPw@");
    const collected = await runCli(["collect", "--endpoint-url", endpoint, "--region", "us-east-1", "--cloudtrail", "none", "--output", file("creds-snapshot.json")], credentials);
    expect(collected.code).toBe(0);
    const snapshot = await readFile(file("creds-snapshot.json"), "utf8");
    expect(JSON.parse(snapshot).source).toBe(aws.endpoint);

    const formats = ["json", "sarif", "markdown", "junit", "html"].map((f) => `${f}=${file(`creds.${f}`)}`);
    const scanned = await runCli(["scan", "--endpoint-url", endpoint, "--region", "us-east-1", "--cloudtrail", "none", "--format", "table", ...formats.flatMap((f) => ["--report", f])], credentials);
    expect([0, 1, 3]).toContain(scanned.code);
    expect(scanned.stdout).toContain(`from ${aws.endpoint}`);
    const outputs = [snapshot, scanned.stdout, scanned.stderr, collected.stderr, ...(await Promise.all(formats.map((f) => readFile(f.split("=")[1]!, "utf8"))))];
    for (const text of outputs) expect(text).not.toMatch(/auditor|S3cr3tPw/);
    expect((JSON.parse(outputs[4]!) as Report).snapshot.source).toBe(aws.endpoint);
  });
});

describe("progress on a log", () => {
  it("a collection says on stderr, per region finished, its pools, calls, throttles and time", async () => {
    const r = await runCli(["collect", ...live(), "--cloudtrail", "none", "--output", file("progress-snapshot.json")], credentials);
    expect(r.code).toBe(0);
    const lines = r.stderr.split("\n").filter((line) => line.startsWith("cognito-audit: us-east-1 "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cognito-audit: us-east-1 \(123456789012\): 1 pools, [1-9]\d* calls, 0 throttled, \d+\.\d s$/);
  });
});
