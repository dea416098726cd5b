// One log file's bytes to its Cognito events: the record cut (skipping other services' records
// before they are parsed) gives exactly what parsing the whole file gives, and reader threads give
// exactly what the calling thread gives.
import fc from "fast-check";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { eventsOfLogFile } from "../../src/cloudtrail/logFile.js";
import { normaliseRecord, type CloudTrailRecord } from "../../src/cloudtrail/normalise.js";
import { logFileBatches } from "../../src/cloudtrail/sources.js";
import { InputError } from "../../src/errors.js";
import { getCredentialsForIdentity, loginPost } from "../helpers/documentedEvents.js";
import { apiEvent } from "../helpers/events.js";

/** Another service's record, as a trail holds thousands of. */
const otherRecord = (i: number, extra: Record<string, unknown> = {}): CloudTrailRecord => ({
  eventVersion: "1.10",
  userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::123456789012:assumed-role/app/i-0abc", accountId: "123456789012" },
  eventTime: "2026-11-25T10:00:00Z",
  eventSource: "s3.amazonaws.com",
  eventName: "GetObject",
  awsRegion: "eu-west-1",
  sourceIPAddress: "10.0.0.1",
  // Brackets inside strings, one of them right after an escaped quote, and a backslash at a string's end.
  requestParameters: { bucketName: "b", key: `k${i} with "}", [brackets] \\ a backslash`, prefix: "ends with \\" },
  eventID: `other-${i}`,
  ...extra,
});

const cognitoRecord = (i: number): CloudTrailRecord =>
  [
    () => apiEvent("InitiateAuth", { time: `2026-11-25T10:${String(i % 60).padStart(2, "0")}:00Z`, clientId: "c1", errorCode: i % 2 ? "NotAuthorizedException" : undefined }),
    () => loginPost({ time: "2026-11-25T10:00:00Z", poolId: "eu-west-1_aaaaaaaaa", clientId: "c1", status: i % 2 ? 200 : 302 }),
    () => getCredentialsForIdentity({ time: "2026-11-25T10:00:00Z", identityPoolId: "eu-west-1:11111111-2222-3333-4444-555555555555" }),
  ][i % 3]!();

/** What parsing the whole file and normalising every record gives: the reference. */
const reference = (records: unknown[]) => records.flatMap((r) => (r && typeof r === "object" && !Array.isArray(r) ? (normaliseRecord(r as CloudTrailRecord) ?? []) : []));

const bytes = (text: string) => Buffer.from(text, "utf8");
const read = (text: string) => eventsOfLogFile(bytes(text), "f.json");

describe("a log file's events", () => {
  it("are those of the whole file parsed, whatever the mix of services, the spacing and the escapes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant("cognito"), fc.constant("other"), fc.constant("escaped"), fc.constant("mention")), { maxLength: 60 }),
        fc.constantFrom("", " ", "\n", "\r\n  "),
        fc.boolean(),
        (kinds, space, bom) => {
          const records = kinds.map((kind, i) => {
            if (kind === "cognito") return cognitoRecord(i);
            // A Cognito event whose source is spelled with a \u escape: never skipped.
            if (kind === "escaped") return apiEvent("SignUp", { time: "2026-11-25T10:00:00Z", clientId: "c2" });
            // Another service's record that names Cognito: parsed, then found not to be Cognito's.
            if (kind === "mention") return otherRecord(i, { requestParameters: { roleArn: "arn:aws:iam::123456789012:role/cognito-identity-auth" } });
            return otherRecord(i);
          });
          let body = JSON.stringify(records, null, space.includes("\n") ? 1 : undefined);
          body = body.replace(/"eventSource":\s?"cognito-idp\.amazonaws\.com"(?=[^{}]*"eventName":\s?"SignUp")/g, '"eventSource":"\\u0063ognito-idp.amazonaws.com"');
          const text = `${bom ? "\uFEFF" : ""}{${space}"Records"${space}:${space}${body}${space}}${space}`;
          const got = read(text);
          expect(got.records).toBe(records.length);
          expect(got.events).toEqual(reference(JSON.parse(text.replace(/^\uFEFF/, "")).Records as unknown[]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("skips a broken record of another service in a mixed file, but never a broken Cognito record", () => {
    const others = Array.from({ length: 20 }, (_, i) => JSON.stringify(otherRecord(i)));
    const brokenOther = others.map((r, i) => (i === 5 ? r.replace('"eventName":"GetObject"', '"eventName" "GetObject"') : r));
    const withCognito = [...brokenOther, JSON.stringify(apiEvent("SignUp", { time: "2026-11-25T10:00:00Z", clientId: "c1" }))];
    expect(read(`{"Records":[${withCognito.join(",")}]}`).events.map((e) => e.name)).toEqual(["SignUp"]);
    const brokenCognito = [...others, JSON.stringify(apiEvent("SignUp", { time: "2026-11-25T10:00:00Z", clientId: "c1" })).replace('"eventName":"SignUp"', '"eventName" "SignUp"')];
    expect(() => read(`{"Records":[${brokenCognito.join(",")}]}`)).toThrow(/f\.json: is not valid JSON at line 1, column \d+/);
  });

  it("rejects a file cut short, a frame that is not CloudTrail's, and trailing bytes, as the whole-file reader does", () => {
    const full = `{"Records":[${JSON.stringify(otherRecord(1))},${JSON.stringify(cognitoRecord(0))}]}`;
    expect(() => read(full.slice(0, full.length - 40))).toThrow(InputError);
    expect(() => read(`${full} x`)).toThrow(/is not valid JSON/);
    expect(() => read(`{"records":[]}`)).toThrow(/at \$\.Records expected an array of CloudTrail records/);
    // Another valid layout is read whole, as JSON.parse reads it.
    expect(read(`{"Other":1,"Records":[${JSON.stringify(cognitoRecord(0))}]}`).events).toHaveLength(1);
    expect(read(`{"Records":[]}`)).toEqual({ records: 0, events: [] });
    expect(read(`{"Records":[1,null,${JSON.stringify(cognitoRecord(0))}]}`)).toMatchObject({ records: 3, events: [{ name: "InitiateAuth" }] });
  });

  it("reads a large file of Cognito records in groups, exactly as the whole file parsed, even where a record's own value looks like a record's start", () => {
    // Enough records for many groups of 64 KiB; in the second file every other record holds `,{"eventVersion"` nested in its request.
    const plain = Array.from({ length: 3000 }, (_, i) => cognitoRecord(i));
    const nested = plain.map((r, i) => (i % 2 ? apiEvent("UpdateUserPool", { time: "2026-11-25T10:00:00Z", poolId: "eu-west-1_aaaaaaaaa", request: { list: [1, { eventVersion: "x", n: i }] } }) : r));
    for (const records of [plain, nested]) {
      const text = JSON.stringify({ Records: records });
      expect(text.length).toBeGreaterThan(10 * 64 * 1024);
      const got = read(text);
      expect(got.records).toBe(records.length);
      expect(got.events).toEqual(reference(records));
      // A broken record far from the start is the whole file's error, with its place.
      const at = text.lastIndexOf('"eventName":"');
      expect(() => read(`${text.slice(0, at)}"eventName" ${text.slice(at + '"eventName":'.length)}`)).toThrow(/f\.json: is not valid JSON at line 1, column \d+/);
      // A second list after the first: JSON.parse keeps the last one, and so does the reader.
      expect(read(`${text.slice(0, -2)}],"Records":[]}`)).toEqual({ records: 0, events: [] });
    }
    expect(JSON.stringify({ Records: nested })).toContain(',{"eventVersion":"x"');
  });

  it("bounds the nesting of the request it keeps, naming the record", () => {
    const deep = apiEvent("UpdateUserPool", { time: "2026-11-25T10:00:00Z", poolId: "eu-west-1_aaaaaaaaa", request: { a: JSON.parse("[".repeat(150) + "]".repeat(150)) as unknown } });
    expect(() => read(`{"Records":[${JSON.stringify(otherRecord(0))},${JSON.stringify(deep)}]}`)).toThrow(/f\.json: nested deeper than 100 levels at \$\.Records\[1\]\.requestParameters\.a/);
    // Another service's deep record is not kept, so it does not matter.
    const deepOther = otherRecord(0, { requestParameters: JSON.parse("[".repeat(150) + "]".repeat(150)) as unknown });
    expect(read(`{"Records":[${JSON.stringify(deepOther)}]}`).events).toEqual([]);
  });
});

describe("reader threads", () => {
  // The worker runs the compiled script: `npm test` builds before it runs the tests.
  const compiled = new URL("../../dist/src/cloudtrail/sources.js", import.meta.url);
  it.runIf(existsSync(compiled))("give the events of the calling thread, in file order, and its input errors", async () => {
    const { logFileBatches: compiledBatches } = (await import(compiled.href)) as { logFileBatches: typeof logFileBatches };
    const root = await mkdtemp(join(tmpdir(), "ca-ct-readers-"));
    const day = join(root, "AWSLogs", "123456789012", "CloudTrail", "eu-west-1", "2026", "11", "25");
    await mkdir(day, { recursive: true });
    for (let f = 0; f < 12; f++) {
      const records = Array.from({ length: 30 }, (_, i) => (i % 4 === 0 ? otherRecord(i) : cognitoRecord(f * 30 + i)));
      const body = JSON.stringify({ Records: records });
      await writeFile(join(day, `file${String(f).padStart(2, "0")}.json${f % 2 ? ".gz" : ""}`), f % 2 ? gzipSync(body) : body);
    }
    const all = async (batches: AsyncIterable<readonly unknown[]>) => {
      const out: unknown[][] = [];
      for await (const batch of batches) out.push([...batch]);
      return out;
    };
    const alone = await all(logFileBatches(root, { readers: 0 }));
    // Readers that do all of it, and readers that only read and inflate (this thread parses).
    for (const inflateOnly of [false, true]) {
      const stats = { files: 0, records: 0 };
      const threaded = await all(compiledBatches(root, { readers: 2, inflateOnly, stats }));
      expect(threaded).toEqual(alone);
      expect(threaded).toHaveLength(12);
      expect(stats).toEqual({ files: 12, records: 360 });
    }
    await writeFile(join(day, "file05.json"), "{not json");
    for (const inflateOnly of [false, true]) {
      await expect(all(compiledBatches(root, { readers: 2, inflateOnly }))).rejects.toThrow(/file05\.json: is not valid JSON at line 1, column 2/);
      await expect(all(compiledBatches(root, { readers: 2, inflateOnly }))).rejects.toBeInstanceOf(Error);
    }
    // A gzip file that does not inflate is named too, whichever thread inflates it.
    await writeFile(join(day, "file05.json"), '{"Records":[]}');
    await writeFile(join(day, "file07.json.gz"), "not gzip");
    for (const inflateOnly of [false, true]) {
      await expect(all(compiledBatches(root, { readers: 2, inflateOnly }))).rejects.toThrow(/file07\.json\.gz: cannot be read as a CloudTrail log file/);
    }
  });
});
