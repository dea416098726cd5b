// A run that fails while rendering its outputs leaves none of them behind, not even the ones
// rendered before the failure.
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { run } from "../../src/cli/main.js";
import type { CommandIo } from "../../src/commands/io.js";
import { serializeSnapshot } from "../../src/snapshot/io.js";
import { poolEntry, snapshotOf, userPool } from "../helpers/factories.js";

// The SARIF renderer breaks after its first chunk; every other format renders as usual.
vi.mock("../../src/report/formats.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/report/formats.js")>();
  return {
    ...original,
    renderReport: (...args: Parameters<typeof original.renderReport>) => {
      if (args[1] !== "sarif") return original.renderReport(...args);
      return (function* () {
        yield '{"version": "2.1.0", ';
        throw new Error("renderer exploded");
      })();
    },
  };
});

it("leaves no file at any target when a later output fails midway", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ca-atomic-"));
  await writeFile(join(dir, "in.json"), serializeSnapshot(snapshotOf([poolEntry({ userPool: userPool({ Name: "legacy" }) })])));
  let stderr = "";
  const io: CommandIo = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd: dir, now: () => new Date("2026-11-26T12:00:00Z") };
  const args = ["scan", "--snapshot", join(dir, "in.json"), "--output", join(dir, "out", "r.json"), "--report", `sarif=${join(dir, "out", "r.sarif")}`, "--report", `markdown=${join(dir, "out", "r.md")}`];
  await import("node:fs/promises").then((fs) => fs.mkdir(join(dir, "out")));
  const code = await run(["node", "cognito-audit", ...args], io);
  expect(code).toBe(2);
  expect(stderr).toMatch(/renderer exploded/);
  expect(await readdir(join(dir, "out"))).toEqual([]);
});
