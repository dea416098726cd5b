// Whether the scan's CloudTrail source could hold a region's identity pool events at all: a source
// that asked LookupEvents for some event sources only cannot show what it never asked for, and
// LookupEvents never returns data events. Silence there is no evidence, so the rules do not pass.
import { IDENTITY_POOL_EVENTS } from "../cloudtrail/normalise.js";
import type { RuleContext } from "../engine/types.js";

const LOG_FILES = "scan the trail's log files (--cloudtrail PATH, s3://…, athena:…)";

/**
 * Why the scan's source cannot hold the identity pool events of the region (`management` events
 * such as UpdateIdentityPool, or `data` events such as GetCredentialsForIdentity); undefined when it
 * can, and always for the trail's log files (they hold whatever the trail logged).
 */
export function identityPoolEventsMissing(context: RuleContext, where: { accountId: string; region: string }, kind: "management" | "data"): string | undefined {
  if (!context.eventCoverage) return undefined;
  const held = context.eventCoverage(where);
  if (!held) return `no CloudTrail events of ${where.region} were read (LookupEvents did not answer there)`;
  if (kind === "data" && !held.dataEvents) {
    return `GetId and GetCredentialsForIdentity are CloudTrail data events and LookupEvents returns management events only; ${LOG_FILES} with the identity pool's data events logged`;
  }
  if (!held.eventSources.includes(IDENTITY_POOL_EVENTS)) {
    return `the LookupEvents records of ${where.region} hold no identity pool events: they were pulled for ${held.eventSources.join(", ") || "no event source"} only (a snapshot collected before identity pool events were pulled, or a failed cognito-identity lookup); collect again, or ${LOG_FILES}`;
  }
  return undefined;
}
