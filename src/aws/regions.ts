// Region names are checked against the AWS SDK's own partition data, never by calling the region:
// a typo must fail before any request, not after a DNS lookup and a timeout.
import { partition } from "@aws-sdk/core/client";
import { InputError } from "../errors.js";

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
