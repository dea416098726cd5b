// Pulls a region's cognito-idp events with LookupEvents into the snapshot, so that a scan of the
// snapshot reproduces the behaviour findings.
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { toCollectionError } from "../collect/call.js";
import { toSnapshotData } from "../snapshot/redact.js";
import type { RegionEntry } from "../snapshot/types.js";
import { lookupEvents } from "./sources.js";

export interface EventWindow {
  start: Date;
  end: Date;
  maxEvents: number;
}

export async function collectCloudTrailEvents(client: CloudTrailClient, region: Omit<RegionEntry, "userPools">, window: EventWindow, warn?: (line: string) => void): Promise<void> {
  const events: Record<string, unknown>[] = [];
  let truncated = false;
  try {
    for await (const record of lookupEvents(client, {
      ...window,
      onCapReached: (count) => {
        truncated = true;
        warn?.(`${region.region}: stopped LookupEvents at --max-events ${count}; older events of the window are not analysed.`);
      },
    })) {
      // A record can carry what Cognito did not hide (a client secret, a password): redacted like any response.
      events.push(toSnapshotData(record));
    }
  } catch (error) {
    region.errors.push(toCollectionError("LookupEvents", error));
    return;
  }
  // LookupEvents answers newest first; the analyses slide their windows forward in time.
  events.sort((a, b) => Date.parse(String(a.eventTime)) - Date.parse(String(b.eventTime)));
  region.cloudTrailEvents = { source: "lookup", start: window.start.toISOString(), end: window.end.toISOString(), truncated, events };
}
