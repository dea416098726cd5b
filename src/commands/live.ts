// A live scan's collection: the region(s), the preflight identity check and the collectors, with
// progress on stderr. Loaded by source.ts only when a scan or collect calls AWS.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { CALL_DEFAULTS, type AwsOptions } from "../aws/clients.js";
import { RateLimits } from "../aws/rateLimit.js";
import { checkRegions } from "../aws/regions.js";
import { collectSnapshot } from "../collect/index.js";
import { preflight } from "../collect/preflight.js";
import { InputError } from "../errors.js";
import type { Snapshot } from "../snapshot/types.js";
import { lookupWindow, type eventMode } from "./events.js";
import { warn, type CommandIo } from "./io.js";
import { startProgress } from "./progress.js";
import type { SourceOptions } from "./source.js";

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

/** Collects the snapshot from AWS as the options say (regions, pools, CloudTrail window). */
export async function collectLive(options: SourceOptions, mode: ReturnType<typeof eventMode>, io: CommandIo): Promise<Snapshot> {
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
  try {
    return await collectSnapshot({
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
}
