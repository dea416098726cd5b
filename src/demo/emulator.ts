// Starts the bundled cognito-local emulator on a free loopback port in a fresh temporary directory.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Emulator {
  endpoint: string;
  directory: string;
  stop(): Promise<void>;
}

export interface EmulatorSeed {
  /** Pool databases: `.cognito/db/<PoolId>.json` (`{ Users, Options }`) before the emulator starts. */
  pools?: Record<string, object>;
  /** App clients: `.cognito/db/clients.json` (`{ Clients }`). */
  clients?: Record<string, object>;
}

function cognitoLocalBin(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("cognito-local/package.json");
  return join(dirname(manifest), (require(manifest) as { bin: string }).bin);
}

export async function startEmulator(seed: EmulatorSeed = {}, startTimeoutMs = 20_000): Promise<Emulator> {
  const directory = await mkdtemp(join(tmpdir(), "cognito-audit-emulator-"));
  const db = join(directory, ".cognito", "db");
  await mkdir(db, { recursive: true });
  for (const [poolId, data] of Object.entries(seed.pools ?? {})) await writeFile(join(db, `${poolId}.json`), JSON.stringify(data));
  if (seed.clients) await writeFile(join(db, "clients.json"), JSON.stringify({ Clients: seed.clients }));

  const child = spawn(process.execPath, [cognitoLocalBin()], {
    cwd: directory,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const endpoint = await waitForEndpoint(child, startTimeoutMs);
    return { endpoint, directory, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForEndpoint(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`cognito-local did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.replace(/\u001b\[[0-9;]*m/g, ""));
      if (match) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(match[1]!);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cognito-local exited with ${code} before it started:\n${output}`));
    });
  });
}
