// Where a scan's snapshot comes from: a saved file, or a live collection.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { collectSnapshot } from "../collect/index.js";
import { redactUrl } from "../collect/redact.js";
import { InputError } from "../errors.js";
import { loadSnapshot, parseSnapshot } from "../snapshot/io.js";
import { collectionErrors, type Snapshot } from "../snapshot/types.js";
import { eventMode, lookupWindow, type EventOptions } from "./events.js";
import { progressWriter, warn, type CommandIo } from "./io.js";

export interface SourceOptions extends EventOptions {
  snapshot?: string;
  region?: string[];
  profile?: string;
  endpointUrl?: string;
  poolId?: string[];
  quiet?: boolean;
}

/** The region(s) to scan: --region, else the AWS CLI's chain (AWS_REGION, the profile's region). */
async function resolveRegions(options: SourceOptions): Promise<string[]> {
  if (options.region?.length) return options.region;
  const probe = new CognitoIdentityProviderClient(options.profile ? { profile: options.profile } : {});
  try {
    return [await probe.config.region()];
  } catch {
    throw new InputError(
      "No AWS region given: pass --region (for example --region eu-west-1), set AWS_REGION, or set a region in the profile of ~/.aws/config.",
    );
  } finally {
    probe.destroy();
  }
}

export async function obtainSnapshot(options: SourceOptions, io: CommandIo): Promise<Snapshot> {
  const mode = eventMode(options);
  if (options.snapshot) {
    const live = ["region", "profile", "endpointUrl", "poolId"] as const;
    const conflicting = live.filter((k) => options[k] !== undefined && !(Array.isArray(options[k]) && options[k]!.length === 0));
    if (conflicting.length > 0) {
      throw new InputError(`--snapshot reads a saved file and cannot be combined with ${conflicting.map(flag).join(", ")}, which choose what to collect live.`);
    }
    return loadSnapshot(options.snapshot);
  }
  if (options.endpointUrl !== undefined) {
    try {
      new URL(options.endpointUrl);
    } catch {
      throw new InputError(`--endpoint-url: ${JSON.stringify(redactUrl(options.endpointUrl))} is not a URL; expected for example http://127.0.0.1:9229.`);
    }
  }
  const regions = await resolveRegions(options);
  const progress = progressWriter(io, options.quiet ?? false);
  const cloudTrail = mode === "lookup" ? lookupWindow(options, io.now()) : undefined;
  const snapshot = await collectSnapshot({
    regions,
    profile: options.profile,
    endpointUrl: options.endpointUrl,
    poolIds: options.poolId,
    now: io.now,
    progress,
    ...(cloudTrail ? { cloudTrail } : {}),
    warn: (line) => warn(io, options.quiet ?? false, line),
  });
  if (progress) io.stderr.write("\r\u001b[2K");
  const errors = collectionErrors(snapshot);
  if (errors.length > 0) {
    const operations = [...new Set(errors.map((e) => `${e.operation} (${e.code})`))].slice(0, 6).join(", ");
    warn(io, options.quiet ?? false, `${errors.length} AWS call(s) failed and their checks are reported as not evaluated: ${operations}.`);
  }
  // What the rules see live is exactly what a saved snapshot would give them.
  return parseSnapshot(JSON.parse(JSON.stringify(snapshot)), "collected snapshot");
}

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
