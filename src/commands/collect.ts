import { InputError } from "../errors.js";
import { checkEventOptions, eventMode } from "./events.js";
import { tell, type CommandIo } from "./io.js";
import { checkCoverage, checkLiveOptions, type SourceOptions } from "./source.js";

export interface CollectCommandOptions extends Omit<SourceOptions, "snapshot"> {
  output: string;
}

/** Collects live configuration into a snapshot file that `scan --snapshot` reads offline, written pool by pool as they arrive. */
export async function collect(options: CollectCommandOptions, io: CommandIo): Promise<number> {
  if (options.cloudtrail !== undefined && options.cloudtrail !== "lookup" && options.cloudtrail !== "none") {
    throw new InputError(`collect --cloudtrail ${JSON.stringify(options.cloudtrail)}: expected lookup or none (log files are read at scan time: scan --cloudtrail PATH).`);
  }
  checkEventOptions(options, io.now());
  checkLiveOptions(options);
  const quiet = options.quiet ?? false;
  const { collectToFile } = await import("./live.js");
  // The output is checked before any AWS call: a long collection must not end in a file that cannot be written.
  const { pools } = await collectToFile(options, eventMode(options), io, options.output, (coverage) => checkCoverage(coverage, io, quiet));
  if (!quiet) tell(io, `snapshot of ${pools} user pool(s) written to ${options.output}`);
  return 0;
}
