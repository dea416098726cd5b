// What a scan of a snapshot loads: the AWS SDK only for live scans (it takes about 100 ms to load,
// on every CI run). The built command (dist/, as `npm test` builds it) runs in a child process
// whose exit hook lists the CommonJS modules it loaded.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
import type { Report } from "../../src/report/model.js";
import { serializeSnapshot } from "../../src/snapshot/io.js";
import { poolEntry, snapshotOf } from "../helpers/factories.js";

// Written at exit, when every module the command needed is loaded.
const HOOK = `import { createRequire } from "node:module";
import { writeSync } from "node:fs";
const cache = createRequire(import.meta.url).cache;
process.on("exit", () => writeSync(3, JSON.stringify(Object.keys(cache))));
`;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-startup-"));
  await writeFile(join(dir, "hook.mjs"), HOOK);
  const entry = poolEntry();
  await writeFile(join(dir, "snapshot.json"), serializeSnapshot(snapshotOf([entry])));
  // One sign-in an hour ago, as CloudTrail delivers it to S3.
  const record = { eventVersion: "1.08", eventTime: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, "Z"), eventSource: "cognito-idp.amazonaws.com", eventName: "InitiateAuth", awsRegion: "eu-west-1", sourceIPAddress: "198.51.100.7", eventID: "0f9d6c1e-0000-4000-8000-000000000001", recipientAccountId: "123456789012", requestParameters: { clientId: entry.clients![0]!.ClientId, authFlow: "USER_SRP_AUTH" }, additionalEventData: { sub: "7f3c2a10-0001-4000-8000-00000000a001" } };
  await mkdir(join(dir, "logs"));
  await writeFile(join(dir, "logs", "123456789012_CloudTrail_eu-west-1_20261126T1200Z_x.json"), JSON.stringify({ Records: [record] }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Modules of the AWS SDK (and the Smithy runtime it stands on). */
const SDK_MODULE = /node_modules[\\/]@(aws-sdk|smithy)[\\/]/;

/** The modules `cognito-audit ARGS` loaded, by path. */
function loadedBy(args: string[]): string[] {
  const run = spawnSync(process.execPath, ["--import", pathToFileURL(join(dir, "hook.mjs")).href, join(PACKAGE_ROOT, "bin", "cognito-audit.js"), ...args], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  expect(run.stderr).not.toMatch(/Error|at .*\.js:\d+/);
  return JSON.parse(run.output[3] as string) as string[];
}

describe("what a scan loads", () => {
  it("a snapshot scan loads no AWS SDK module", () => {
    const loaded = loadedBy(["scan", "--snapshot", "snapshot.json", "--format", "json", "--output", "report.json", "--quiet"]);
    // The hook works: the command's own CommonJS dependencies are listed.
    expect(loaded.some((path) => path.includes(join("node_modules", "ajv")))).toBe(true);
    expect(loaded.filter((path) => SDK_MODULE.test(path))).toEqual([]);
  });

  it("nor does a scan of a snapshot with local CloudTrail log files", () => {
    const loaded = loadedBy(["scan", "--snapshot", "snapshot.json", "--cloudtrail", "logs", "--format", "json", "--output", "events-report.json", "--quiet"]);
    // The file was read: its sign-in is in the report's activity.
    const report = JSON.parse(readFileSync(join(dir, "events-report.json"), "utf8")) as Report;
    expect(report.activity).toMatchObject({ available: true, events: 1 });
    expect(loaded.filter((path) => SDK_MODULE.test(path))).toEqual([]);
  });
});
