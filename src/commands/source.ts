// Where a scan's snapshot comes from: a saved file, or a live collection.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { CALL_DEFAULTS, type AwsOptions } from "../aws/clients.js";
import { RateLimits } from "../aws/rateLimit.js";
import { checkRegions } from "../aws/regions.js";
import { collectSnapshot } from "../collect/index.js";
import { preflight } from "../collect/preflight.js";
import { redactUrl } from "../snapshot/redact.js";
import { InputError } from "../errors.js";
import { blindRun, unlistedRegions } from "../snapshot/coverage.js";
import { loadSnapshot, reread } from "../snapshot/io.js";
import { collectionErrors, type Snapshot } from "../snapshot/types.js";
import { eventMode, lookupWindow, type EventOptions } from "./events.js";
import { warn, type CommandIo } from "./io.js";
import { startProgress } from "./progress.js";

export interface SourceOptions extends EventOptions {
  snapshot?: string;
  region?: string[];
  profile?: string;
  endpointUrl?: string;
  poolId?: string[];
  /** --timeout: seconds one AWS call may take, retries included. */
  timeout?: number;
  quiet?: boolean;
}

/** The region(s) to scan, each checked against the SDK's partition data and each once: --region, else the AWS CLI's chain (AWS_REGION, the profile's region). */
async function resolveRegions(options: SourceOptions): Promise<string[]> {
  if (options.region?.length) return checkRegions(options.region, "--region");
  const probe = new CognitoIdentityProviderClient(options.profile ? { profile: options.profile } : {});
  let region: string;
  try {
    region = await probe.config.region();
  } catch {
    throw new InputError(
      "No AWS region given: pass --region (for example --region eu-west-1), set AWS_REGION, or set a region in the profile of ~/.aws/config.",
    );
  } finally {
    probe.destroy();
  }
  return checkRegions([region], "the region of AWS_REGION or the profile");
}

/** Scanning nothing is never a pass: exit 2 with the cause, before any report or snapshot is written. */
function refuseBlind(snapshot: Snapshot, where: string): void {
  const blind = blindRun(snapshot);
  if (blind) throw new InputError(`${where}${blind}.`);
}

export async function obtainSnapshot(options: SourceOptions, io: CommandIo): Promise<Snapshot> {
  const mode = eventMode(options);
  if (options.snapshot) {
    const live = ["region", "profile", "endpointUrl", "poolId", "timeout"] as const;
    const conflicting = live.filter((k) => options[k] !== undefined && !(Array.isArray(options[k]) && options[k].length === 0));
    if (conflicting.length > 0) {
      throw new InputError(`--snapshot reads a saved file and cannot be combined with ${conflicting.map(flag).join(", ")}, which choose what to collect live.`);
    }
    const saved = await loadSnapshot(options.snapshot);
    refuseBlind(saved, `${options.snapshot}: `);
    return saved;
  }
  if (options.endpointUrl !== undefined) {
    try {
      new URL(options.endpointUrl);
    } catch {
      throw new InputError(`--endpoint-url: ${JSON.stringify(redactUrl(options.endpointUrl))} is not a URL; expected for example http://127.0.0.1:9229.`);
    }
  }
  const quiet = options.quiet ?? false;
  const regions = await resolveRegions(options);
  const cloudTrail = mode === "lookup" ? lookupWindow(options, io.now()) : undefined;
  const limits = new RateLimits();
  const callTimeoutMs = options.timeout !== undefined ? options.timeout * 1000 : CALL_DEFAULTS.callTimeoutMs;
  const aws: AwsOptions = { region: regions[0]!, profile: options.profile, endpointUrl: options.endpointUrl, callTimeoutMs, limits };

  const { identity, note } = await preflight(aws);
  if (note) warn(io, quiet, note);
  const who = identity ? `account ${identity.accountId} (${identity.arn})` : "account from the pool ARNs";
  warn(io, quiet, `${who}, regions ${regions.join(", ")}`);

  const progress = startProgress(io, quiet, limits.stats);
  let snapshot: Snapshot;
  try {
    snapshot = await collectSnapshot({
      regions,
      profile: options.profile,
      endpointUrl: options.endpointUrl,
      poolIds: options.poolId,
      callTimeoutMs,
      limits,
      identity,
      now: io.now,
      ...(progress ? { progress: (line: string) => progress.update(line) } : {}),
      ...(cloudTrail ? { cloudTrail } : {}),
      warn: (line) => warn(io, quiet, line),
    });
  } finally {
    progress?.stop();
  }
  refuseBlind(snapshot, "");
  const unlisted = unlistedRegions(snapshot);
  if (unlisted.length > 0) warn(io, quiet, `the user pools of ${unlisted.join(", ")} could not be listed: the run is incomplete (exit 3 even with --allow-incomplete).`);
  const errors = collectionErrors(snapshot);
  if (errors.length > 0) {
    const operations = [...new Set(errors.map((e) => `${e.operation} (${e.code})`))].slice(0, 6).join(", ");
    warn(io, quiet, `${errors.length} AWS call(s) failed and their checks are reported as not evaluated: ${operations}.`);
  }
  // What the rules see live is exactly what a saved snapshot would give them.
  return reread(snapshot, "collected snapshot");
}

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
