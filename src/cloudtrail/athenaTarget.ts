// The --cloudtrail athena:DATABASE.TABLE flag and its options, checked before any call. Apart from
// the Athena source itself (athena.ts) so that parsing a scan's flags does not load the Athena SDK.
import { InputError } from "../errors.js";
import { terminalSafe } from "../util/terminal.js";

export interface AthenaTable {
  database: string;
  table: string;
}

export const ATHENA_PREFIX = "athena:";
export const isAthenaTarget = (value: string) => value.startsWith(ATHENA_PREFIX);

/**
 * Glue names: letters, digits, underscores and hyphens (a hyphen needs the quotes this code always
 * puts around a name); Glue stores them in lower case.
 */
export const NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** Athena's pattern for workgroup names. */
const WORKGROUP = /^[A-Za-z0-9._-]{1,128}$/;
/** A bucket name (3 to 63 characters), then an optional prefix without spaces or control characters. */
const OUTPUT = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[\x21-\x7e]*)?$/;
/** us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1, … */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
export const ACCOUNT = /^\d{12}$/;

export const shown = (text: string) => JSON.stringify(terminalSafe(text.length > 200 ? `${text.slice(0, 200)}…` : text));

/** DATABASE.TABLE of `--cloudtrail athena:DATABASE.TABLE`, checked and in Glue's lower case. */
export function parseAthenaTarget(value: string): AthenaTable {
  const body = isAthenaTarget(value) ? value.slice(ATHENA_PREFIX.length) : value;
  const parts = body.split(".");
  if (parts.length !== 2 || !parts.every((p) => NAME.test(p))) {
    throw new InputError(
      `--cloudtrail ${shown(value)}: expected athena:DATABASE.TABLE, the Glue database and table of the trail (letters, digits, _ and -), e.g. athena:cloudtrail.org_trail; see docs/athena.md for the table to create.`,
    );
  }
  return { database: parts[0]!.toLowerCase(), table: parts[1]!.toLowerCase() };
}

/** Checks --athena-workgroup and --athena-output before any call. */
export function checkAthenaOptions(options: { workgroup?: string; output?: string }): void {
  if (options.workgroup !== undefined && !WORKGROUP.test(options.workgroup)) {
    throw new InputError(`--athena-workgroup ${shown(options.workgroup)}: expected an Athena workgroup name (1 to 128 letters, digits, '.', '_' or '-').`);
  }
  if (options.output !== undefined && !OUTPUT.test(options.output)) {
    throw new InputError(`--athena-output ${shown(options.output)}: expected an S3 location for the query results, s3://BUCKET/PREFIX/ (a bucket name, then a prefix without spaces).`);
  }
}
