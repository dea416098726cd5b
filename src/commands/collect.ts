import { InputError } from "../errors.js";
import { saveSnapshot } from "../snapshot/io.js";
import type { CommandIo } from "./io.js";
import { obtainSnapshot, type SourceOptions } from "./source.js";

export interface CollectCommandOptions extends Omit<SourceOptions, "snapshot"> {
  output: string;
}

/** Collects live configuration into a snapshot file that `scan --snapshot` reads offline. */
export async function collect(options: CollectCommandOptions, io: CommandIo): Promise<number> {
  if (options.cloudtrail !== undefined && options.cloudtrail !== "lookup" && options.cloudtrail !== "none") {
    throw new InputError(`collect --cloudtrail ${JSON.stringify(options.cloudtrail)}: expected lookup or none (log files are read at scan time: scan --cloudtrail PATH).`);
  }
  const snapshot = await obtainSnapshot(options, io);
  await saveSnapshot(snapshot, options.output);
  if (!options.quiet) {
    const pools = snapshot.accounts.reduce((n, a) => n + a.regions.reduce((m, r) => m + r.userPools.length, 0), 0);
    io.stderr.write(`cognito-audit: snapshot of ${pools} user pool(s) written to ${options.output}\n`);
  }
  return 0;
}
