// Runs the built CLI as a child process, as a user or a CI job would.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../src/package.js";
import { checkIfReport } from "./reportSchema.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = PACKAGE_ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "cognito-audit.js"), ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer | string) => (stdout += String(d)));
    child.stderr.on("data", (d: Buffer | string) => (stderr += String(d)));
    child.on("error", reject);
    child.on("exit", (code) => {
      checkIfReport(stdout);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
