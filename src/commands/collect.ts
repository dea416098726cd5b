import { InputError } from "../errors.js";
import { assertWritable } from "../files.js";
import { saveSnapshot } from "../snapshot/io.js";
import { checkEventOptions } from "./events.js";
import { tell, type CommandIo } from "./io.js";
import { obtainSnapshot, type SourceOptions } from "./source.js";

export interface CollectCommandOptions extends Omit<SourceOptions, "snapshot"> {
  output: string;
}

/** Collects live configuration into a snapshot file that `scan --snapshot` reads offline. */
export async function collect(options: CollectCommandOptions, io: CommandIo): Promise<number> {
  if (options.cloudtrail !== undefined && options.cloudtrail !== "lookup" && options.cloudtrail !== "none") {
    throw new InputError(`collect --cloudtrail ${JSON.stringify(options.cloudtrail)}: expected lookup or none (log files are read at scan time: scan --cloudtrail PATH).`);
  }
  // Checked before any AWS call: a long collection must not end in a file that cannot be written.
  assertWritable(options.output, `--output ${options.output}`);
  checkEventOptions(options, io.now());
  const snapshot = await obtainSnapshot(options, io);
  await saveSnapshot(snapshot, options.output);
  if (!options.quiet) {
    const pools = snapshot.accounts.reduce((n, a) => n + a.regions.reduce((m, r) => m + r.userPools.length, 0), 0);
    tell(io, `snapshot of ${pools} user pool(s) written to ${options.output}`);
  }
  return 0;
}
