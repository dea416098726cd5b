import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadSnapshot, parseSnapshot, serializeSnapshot } from "../../src/snapshot/io.js";
import { poolEntry, snapshotOf, userPool } from "../helpers/factories.js";

const write = async (name: string, text: string) => {
  const dir = await mkdtemp(join(tmpdir(), "ca-snap-"));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
};

describe("snapshot loading", () => {
  it("round-trips a valid snapshot", async () => {
    const snapshot = snapshotOf([poolEntry(), poolEntry()]);
    const file = await write("ok.json", serializeSnapshot(snapshot));
    expect(await loadSnapshot(file)).toEqual(snapshot);
  });

  it("names the file, the JSON path and the expectation for a wrong type in a pool", async () => {
    const snapshot = snapshotOf([poolEntry(), poolEntry({ userPool: userPool({ MfaConfiguration: true as never }) })]);
    const file = await write("bad.json", JSON.stringify(snapshot));
    const error = await loadSnapshot(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain("$.accounts[0].regions[0].userPools[1].userPool.MfaConfiguration");
    expect((error as Error).message).toMatch(/expected (a string|one of "OFF", "ON", "OPTIONAL"), found boolean true/);
  });

  it("reports a missing required field", () => {
    const snapshot = snapshotOf([poolEntry()]) as unknown as { accounts: { regions: { userPools: { errors?: unknown }[] }[] }[] };
    delete snapshot.accounts[0]!.regions[0]!.userPools[0]!.errors;
    expect(() => parseSnapshot(snapshot, "s.json")).toThrow(/\$\.accounts\[0\]\.regions\[0\]\.userPools\[0\]\.errors expected a value/);
  });

  it("rejects a token lifetime that is not a number", () => {
    const entry = poolEntry();
    entry.clients![0]!.RefreshTokenValidity = "3650" as never;
    expect(() => parseSnapshot(snapshotOf([entry]), "s.json")).toThrow(/clients\[0\]\.RefreshTokenValidity expected an integer, found string "3650"/);
  });

  it("refuses a client secret that is not redacted", () => {
    const entry = poolEntry();
    entry.clients![0]!.ClientSecret = "abc123realsecret";
    const error = (() => {
      try {
        parseSnapshot(snapshotOf([entry]), "s.json");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/ClientSecret expected one of "REDACTED"/);
    expect(error?.message).not.toContain("abc123realsecret");
  });

  it("accepts fields it does not know inside API-shaped sections", () => {
    const entry = poolEntry({ userPool: userPool({ SomeFutureField: { x: 1 } } as never) });
    expect(() => parseSnapshot(snapshotOf([entry]), "s.json")).not.toThrow();
  });

  it("reports JSON syntax errors with line and column", async () => {
    const file = await write("broken.json", '{\n  "format": "cognito-audit/snapshot",\n  "version": 1,,\n}');
    await expect(loadSnapshot(file)).rejects.toThrow(/broken\.json: is not valid JSON at line 3, column 16: expected a property name in double quotes, found character U\+002C\./);
  });

  it("refuses other versions and other documents clearly", () => {
    expect(() => parseSnapshot({ ...snapshotOf([]), version: 2 }, "v2.json")).toThrow(/version 2 is not supported/);
    expect(() => parseSnapshot({ format: "cognito-audit/report", version: 1 }, "r.json")).toThrow(/\$\.format expected "cognito-audit\/snapshot"/);
  });
});
