// Region names are checked against the AWS SDK's own partition data, never by calling the region:
// a typo must fail before any request, not after a DNS lookup and a timeout. `--region all` asks
// the account which regions are enabled and keeps those where Cognito user pools are offered.
import { paginateListRegions, type AccountClient } from "@aws-sdk/client-account";
import { partition } from "@aws-sdk/core/client";
import { InputError } from "../errors.js";
import { printable } from "./wire.js";

/** Shapes that look like a region name (eu-west-1, us-gov-east-1, eusc-de-east-1). */
const REGION_SHAPE = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;
const NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-";

/**
 * Whether the SDK lists `name` as a region of one of its partitions. `partition()` adds the region's
 * description only for an explicitly listed region; the regex fallback (which accepts eu-westt-1) does not.
 * The "-global" pseudo-regions name global endpoints, not regions that hold user pools.
 */
export function isKnownRegion(name: string): boolean {
  return !name.endsWith("-global") && "description" in partition(name);
}

/** Known regions one edit (insert, delete, replace, swap) away from `name`. */
export function similarRegions(name: string): string[] {
  const candidates = new Set<string>();
  for (let i = 0; i <= name.length; i++) {
    const [head, tail] = [name.slice(0, i), name.slice(i)];
    if (tail) candidates.add(head + tail.slice(1));
    if (tail.length > 1) candidates.add(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2));
    for (const ch of NAME_CHARS) {
      candidates.add(head + ch + tail);
      if (tail) candidates.add(head + ch + tail.slice(1));
    }
  }
  candidates.delete(name);
  return [...candidates].filter(isKnownRegion).sort();
}

/** The regions to scan, each checked and each once, in the order given. */
export function checkRegions(names: readonly string[], source: string): string[] {
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  for (const name of unique) {
    if (isKnownRegion(name)) continue;
    const shown = JSON.stringify(name);
    const similar = similarRegions(name);
    const hint = similar.length ? ` Did you mean ${similar.join(" or ")}?` : "";
    const why = REGION_SHAPE.test(name)
      ? `is not a region of any AWS partition known to this version of the AWS SDK (if it is a region launched since, upgrade cognito-audit).`
      : `is not an AWS region name; expected for example eu-west-1.`;
    throw new InputError(`${source}: ${shown} ${why}${hint} Pass an existing region with --region.`);
  }
  return unique;
}

/**
 * The regions where Amazon Cognito user pools are offered, per partition, as of 2026-12-03.
 * Source: AWS General Reference, "Amazon Cognito endpoints and quotas", table "Amazon Cognito user
 * pools" (https://docs.aws.amazon.com/general/latest/gr/cognito.html); GovCloud: "Amazon Cognito in
 * AWS GovCloud (US)" (https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/govcloud-cog.html);
 * China: the Amazon Web Services in China user guide says user pools are not offered there
 * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/cognito.html). A region missing here is
 * still scanned when named with --region; `--region all` only skips it, and says so.
 */
export const COGNITO_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
  "aws-cn": [],
};

/** The partition (aws, aws-cn, aws-us-gov, …) a region belongs to, by the SDK's partition data. */
export const partitionOf = (region: string): string => partition(region).name;

// The SDK exposes its partition data only through `partition(name)`, one name at a time, so the
// regions of a partition are found by asking it about every name of the shape AWS gives regions
// (<prefix>-<direction>-<n>) and keeping those it lists explicitly (isKnownRegion).
const REGION_PREFIXES = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn", "us-gov", "us-iso", "us-isob", "us-isof", "eu-isoe", "eusc-de"];
const DIRECTIONS = ["east", "west", "north", "south", "central", "northeast", "northwest", "southeast", "southwest"];
const MAX_REGION_NUMBER = 20;
let knownRegions: Map<string, string[]> | undefined;

/** Every region the SDK lists for `partitionName` (e.g. "aws"), sorted; empty for an unknown partition. */
export function partitionRegions(partitionName: string): string[] {
  if (!knownRegions) {
    knownRegions = new Map();
    for (const prefix of REGION_PREFIXES) {
      for (const direction of DIRECTIONS) {
        for (let n = 1; n <= MAX_REGION_NUMBER; n++) {
          const name = `${prefix}-${direction}-${n}`;
          if (!isKnownRegion(name)) continue;
          const id = partitionOf(name);
          knownRegions.set(id, [...(knownRegions.get(id) ?? []), name]);
        }
      }
    }
    for (const list of knownRegions.values()) list.sort();
  }
  return [...(knownRegions.get(partitionName) ?? [])];
}

/** What `--region all` scans: the account's enabled regions where Cognito is offered, and how that was decided. */
export interface EnabledRegions {
  regions: string[];
  source: "ListRegions" | "partition";
  /** Said to the user: why the partition's list was used, which enabled regions were left out. */
  note?: string;
  /** Why the partition's list was used: ListRegions' failure, for the snapshot's account errors. */
  failure?: { operation: "ListRegions"; code: string; message: string };
}

/** Our own refusal to send is a bug to report, not an unavailable API to work around. */
const isOurRefusal = (error: unknown) => (error as Error)?.name === "ReadOnlyViolation";
const codeOf = (error: unknown): string => {
  const e = error as { name?: string; Code?: string; code?: string };
  return printable(String(e?.Code ?? e?.name ?? e?.code ?? "Error"));
};

/**
 * The regions `--region all` scans in `partitionName`: those enabled for the account
 * (account:ListRegions, ENABLED and ENABLED_BY_DEFAULT), or, when that call is denied or
 * unavailable, every region of the partition; either way only where Cognito user pools are offered.
 */
export async function enabledRegions(client: AccountClient, partitionName: string): Promise<EnabledRegions> {
  const inPartition = new Set(partitionRegions(partitionName));
  const cognito = new Set(COGNITO_REGIONS[partitionName] ?? []);
  let candidates: string[];
  let source: EnabledRegions["source"];
  let failure: EnabledRegions["failure"];
  const notes: string[] = [];
  try {
    const enabled = new Set<string>();
    const pages = paginateListRegions({ client }, { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] });
    for await (const page of pages) {
      for (const region of page.Regions ?? []) {
        // The filter was asked for; the answer is checked anyway, and only names the SDK knows in this partition are kept.
        if (region.RegionOptStatus !== "ENABLED" && region.RegionOptStatus !== "ENABLED_BY_DEFAULT") continue;
        if (typeof region.RegionName === "string" && inPartition.has(region.RegionName)) enabled.add(region.RegionName);
      }
    }
    candidates = [...enabled].sort();
    source = "ListRegions";
  } catch (error) {
    if (isOurRefusal(error)) throw error;
    const code = codeOf(error);
    const why = /^AccessDenied/.test(code)
      ? `account:ListRegions was denied (${code}), so the regions enabled for the account are unknown`
      : `account:ListRegions failed (${code}), so the regions enabled for the account are unknown`;
    notes.push(`${why}: scanning every region of the ${partitionName} partition where Cognito is offered (regions not enabled for the account will fail); allow account:ListRegions to scan only the enabled ones.`);
    candidates = [...inPartition];
    source = "partition";
    failure = { operation: "ListRegions", code, message: printable(String((error as Error)?.message ?? error).replace(/\s+/g, " ")).slice(0, 500) };
  }
  const regions = candidates.filter((r) => cognito.has(r));
  const without = candidates.filter((r) => !cognito.has(r));
  if (without.length) {
    notes.push(`Not scanned, as Cognito user pools are not offered there (as of this version's table): ${without.join(", ")}; name a region with --region to scan it anyway.`);
  }
  return { regions, source, ...(notes.length ? { note: notes.join(" ") } : {}), ...(failure ? { failure } : {}) };
}
