// The single error boundary: every outcome becomes an exit code (DESIGN.md "Exit codes").
import { CommanderError } from "commander";
import { InputError } from "../errors.js";
import { processIo, tell, type CommandIo } from "../commands/io.js";
import { withoutControls } from "../util/terminal.js";
import { buildProgram } from "./program.js";

export async function run(argv: string[], io: CommandIo = processIo()): Promise<number> {
  // Node.js 20 is supported (engines >=20); the SDK's notice about future versions is not the user's concern.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length <= 2) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, successfully.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof InputError) {
      tell(io, error.message);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    tell(io, `the scan stopped on an unexpected error: ${message}`);
    if (io.env.COGNITO_AUDIT_DEBUG && error instanceof Error) io.stderr.write(`${withoutControls(error.stack ?? "")}\n`);
    return 2;
  }
}
