import { terminalSafe } from "../util/terminal.js";

// What a command may touch of the outside world, so that tests can run commands in-process.
export interface CommandIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  /** Where a configuration file is looked for. */
  cwd: string;
  now: () => Date;
}

export const processIo = (): CommandIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: () => new Date() });

/**
 * Every message line goes to stderr through here. Messages carry outside text (file names, AWS
 * error messages, configuration values): their terminal control characters never reach the terminal.
 */
export function tell(io: CommandIo, line: string): void {
  io.stderr.write(`cognito-audit: ${terminalSafe(line)}\n`);
}

export function warn(io: CommandIo, quiet: boolean, line: string): void {
  if (!quiet) tell(io, line);
}
