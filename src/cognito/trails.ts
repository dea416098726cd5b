// Whether a trail records a region's Cognito management events: logging, covering the region, with selectors that keep them.
import { COGNITO_EVENT_SOURCES } from "../cloudtrail/normalise.js";
import type { CollectionError, TrailEntry } from "../snapshot/types.js";

/** The event sources of Cognito's management events (user pools, identity pools). */
const COGNITO_SOURCES: readonly string[] = COGNITO_EVENT_SOURCES;

type Access = "read" | "write";

interface FieldSelector {
  Field?: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

/** Whether an advanced field selector lets events with this field value through (its conditions are ANDed). */
function admits(selector: FieldSelector, value: string): boolean {
  const v = value.toLowerCase();
  const any = (values: string[] | undefined, test: (x: string) => boolean) => (values ?? []).some((x) => test(x.toLowerCase()));
  if (selector.Equals?.length && !any(selector.Equals, (x) => x === v)) return false;
  if (selector.StartsWith?.length && !any(selector.StartsWith, (x) => v.startsWith(x))) return false;
  if (selector.EndsWith?.length && !any(selector.EndsWith, (x) => v.endsWith(x))) return false;
  if (any(selector.NotEquals, (x) => x === v)) return false;
  if (any(selector.NotStartsWith, (x) => v.startsWith(x))) return false;
  if (any(selector.NotEndsWith, (x) => v.endsWith(x))) return false;
  return true;
}

/** The management events a trail's selectors record: read, write, both, or none, and why. */
function managementCoverage(trail: TrailEntry): { access: Set<Access>; notes: string[] } {
  const access = new Set<Access>();
  const notes: string[] = [];
  for (const [i, selector] of (trail.eventSelectors?.EventSelectors ?? []).entries()) {
    if (selector.IncludeManagementEvents === false) continue;
    const excluded = COGNITO_SOURCES.filter((s) => (selector.ExcludeManagementEventSources ?? []).map((x) => x.toLowerCase()).includes(s));
    if (excluded.length > 0) {
      notes.push(`event selector ${i + 1} excludes ${excluded.join(", ")}`);
      continue;
    }
    const type = selector.ReadWriteType ?? "All";
    if (type === "All" || type === "ReadOnly") access.add("read");
    if (type === "All" || type === "WriteOnly") access.add("write");
  }
  for (const selector of trail.eventSelectors?.AdvancedEventSelectors ?? []) {
    const name = selector.Name ? `advanced selector "${selector.Name}"` : "an advanced selector";
    const fields = (selector.FieldSelectors ?? []) as FieldSelector[];
    const field = (f: string) => fields.filter((s) => s.Field?.toLowerCase() === f.toLowerCase());
    const category = field("eventCategory");
    const management = category.some((s) => (s.Equals ?? []).some((v) => v.toLowerCase() === "management"));
    if (!management || !category.every((s) => admits(s, "Management"))) continue;
    const blocked = COGNITO_SOURCES.filter((source) => !field("eventSource").every((s) => admits(s, source)));
    if (blocked.length > 0) {
      notes.push(`${name} does not record ${blocked.join(", ")}`);
      continue;
    }
    // readOnly "true" events are reads, "false" events are writes; no readOnly field records both.
    const readOnly = field("readOnly");
    if (readOnly.every((s) => admits(s, "true"))) access.add("read");
    if (readOnly.every((s) => admits(s, "false"))) access.add("write");
  }
  return { access, notes };
}

function collectionError(errors: readonly CollectionError[], trail: TrailEntry, operation: string): string | undefined {
  const error = errors.find(
    (e) => e.operation === operation && e.resource !== undefined && (e.resource === trail.TrailARN || e.resource === trail.Name),
  );
  return error ? `${operation} failed with ${error.code}` : undefined;
}

export interface TrailVerdict {
  trail: string;
  homeRegion: string | null;
  multiRegion: boolean;
  logging: boolean | null;
  counts: boolean;
  why: string;
  /** True when the trail might count but its status or selectors were not collected. */
  unknown: boolean;
}

/** Whether the trail records the region's Cognito management events, and why (rules/cloudtrail-coverage.md). */
export function judgeTrail(trail: TrailEntry, region: string, errors: readonly CollectionError[]): TrailVerdict {
  const problems: string[] = [];
  let unknown = false;
  const multiRegion = trail.IsMultiRegionTrail === true;
  if (!multiRegion && trail.HomeRegion !== region) problems.push(`single-region trail of ${trail.HomeRegion ?? "an unknown region"}, not ${region}`);
  const logging = trail.status?.IsLogging ?? null;
  if (trail.status === undefined) {
    unknown = true;
    problems.push(`status not collected (${collectionError(errors, trail, "GetTrailStatus") ?? "GetTrailStatus"}), so it cannot count`);
  } else if (logging !== true) problems.push(`not logging (IsLogging is ${logging === null ? "absent" : "false"})`);
  if (trail.eventSelectors === undefined) {
    unknown = true;
    problems.push(`event selectors not collected (${collectionError(errors, trail, "GetEventSelectors") ?? "GetEventSelectors"}), so it cannot count`);
  } else {
    const { access, notes } = managementCoverage(trail);
    // Selectors are ORed: one that records everything is enough, whatever the others exclude.
    if (access.size < 2) {
      problems.push(...notes);
      if (access.size === 1) problems.push(`records only ${access.has("read") ? "read-only" : "write-only"} management events`);
      else problems.push(notes.length > 0 ? "records no Cognito management events" : "records no management events");
    }
  }
  const counts = problems.length === 0;
  return {
    trail: trail.TrailARN ?? trail.Name ?? "(unnamed trail)",
    homeRegion: trail.HomeRegion ?? null,
    multiRegion,
    logging,
    counts,
    why: counts ? `counts: logging, covers ${region}${multiRegion ? " (multi-region)" : ""}, records all management events` : problems.join("; "),
    // Only a gap in collection stands between this trail and counting.
    unknown: unknown && problems.every((p) => p.endsWith("so it cannot count")),
  };
}
