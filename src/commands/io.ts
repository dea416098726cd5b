// What a command may touch of the outside world, so that tests can run commands in-process.
export interface CommandIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Where a configuration file is looked for. */
  cwd: string;
  now: () => Date;
}

export const processIo = (): CommandIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: () => new Date() });

export function warn(io: CommandIo, quiet: boolean, line: string): void {
  if (!quiet) io.stderr.write(`cognito-audit: ${line}\n`);
}
