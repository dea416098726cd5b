// The Athena source's flags through the built CLI: checked before any call, with one clear paragraph.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../src/package.js";
import { runCli } from "../helpers/cli.js";

const snapshot = join(PACKAGE_ROOT, "fixtures", "snapshots", "demo.json");

describe("--cloudtrail athena:DATABASE.TABLE on the command line", () => {
  it("refuses a malformed table, workgroup or results location before any call (exit 2)", async () => {
    const cases: [string[], RegExp][] = [
      [["--cloudtrail", "athena:cloudtrail"], /expected athena:DATABASE\.TABLE/],
      [["--cloudtrail", "athena:db.t;DROP"], /expected athena:DATABASE\.TABLE/],
      [["--cloudtrail", "athena:db.trail", "--athena-workgroup", "bad name"], /--athena-workgroup/],
      [["--cloudtrail", "athena:db.trail", "--athena-output", "https://example.com/"], /--athena-output/],
      [["--cloudtrail", "none", "--athena-workgroup", "primary"], /only apply with --cloudtrail athena:/],
    ];
    for (const [flags, message] of cases) {
      // No credentials and an endpoint that refuses connections: a call would fail differently.
      const result = await runCli(["scan", "--snapshot", snapshot, "--format", "json", ...flags], { AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
      expect(result.code, flags.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
    }
  });

  it("fails closed when Athena cannot be reached: exit 2 naming the source, no report", async () => {
    const result = await runCli(["scan", "--snapshot", snapshot, "--format", "json", "--cloudtrail", "athena:cloudtrail.org_trail"], {
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/athena/i);
  });
});
