// Pulls a region's Cognito events (user pools, then identity pools) with LookupEvents into the
// snapshot, so that a scan of the snapshot reproduces the behaviour findings.
import { LookupEventsCommand, type CloudTrailClient, type LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import { toCollectionError } from "../collect/call.js";
import { toSnapshotData } from "../snapshot/redact.js";
import type { RegionEntry } from "../snapshot/types.js";
import { parseJsonText } from "../snapshot/json.js";
import { terminalSafe } from "../util/terminal.js";
import { COGNITO_EVENT_SOURCES, USER_POOL_EVENTS, type CloudTrailRecord, type CognitoEventSource } from "./normalise.js";

export interface LookupOptions {
  /** The event source to look up (default cognito-idp.amazonaws.com). */
  eventSource?: CognitoEventSource;
  start: Date;
  end: Date;
  /** Stop after this many events (the caller warns). */
  maxEvents: number;
  onCapReached?: (count: number) => void;
  /** For tests: how to wait between throttled attempts. */
  sleep?: (ms: number) => Promise<void>;
}

const THROTTLED = new Set(["ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);
const MAX_THROTTLED_TRIES = 6;

/**
 * One LookupEvents page. The SDK client already retries throttling in adaptive mode; when the
 * service keeps refusing, this waits longer still (1 s, 2 s, 4 s, …) rather than lose the page.
 */
async function lookupPage(client: CloudTrailClient, input: LookupEventsCommandInput, sleep: (ms: number) => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.send(new LookupEventsCommand(input));
    } catch (error) {
      if (!THROTTLED.has((error as Error).name) || attempt >= MAX_THROTTLED_TRIES) throw error;
      await sleep(1000 * 2 ** (attempt - 1));
    }
  }
}

/** One event source's events from LookupEvents (default: user pools'): every page, newest first, at most `maxEvents`. */
export async function* lookupEvents(client: CloudTrailClient, options: LookupOptions): AsyncGenerator<CloudTrailRecord> {
  let count = 0;
  let NextToken: string | undefined;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  do {
    // The client paces LookupEvents to 2 requests per second per account and region.
    const page = await lookupPage(
      client,
      {
        LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: options.eventSource ?? USER_POOL_EVENTS }],
        StartTime: options.start,
        EndTime: options.end,
        MaxResults: 50,
        NextToken,
      },
      sleep,
    );
    for (const event of page.Events ?? []) {
      if (count >= options.maxEvents) {
        options.onCapReached?.(count);
        return;
      }
      if (!event.CloudTrailEvent) continue;
      count++;
      // AWS's text, but hostile all the same: the shared reader bounds its nesting and names the event.
      yield parseJsonText(event.CloudTrailEvent, `LookupEvents event ${terminalSafe(event.EventId ?? "(without an EventId)")}`) as CloudTrailRecord;
    }
    NextToken = page.NextToken;
  } while (NextToken);
}

export interface EventWindow {
  start: Date;
  end: Date;
  /** The cap on each event source's events in each region (identity pool events do not eat the user pools' share). */
  maxEvents: number;
}

/**
 * One LookupEvents pull per event source (the API filters on one attribute a call), one after the
 * other: the client paces LookupEvents to 2 requests per second per account and region, so running
 * them together would not be faster. `--max-events` caps each source on its own, so that a flood of
 * sign-ins cannot crowd out the few identity pool changes. The records are merged oldest first.
 *
 * When the user pool lookup fails the region has no events at all (the behaviour rules are not
 * evaluated, as before); when only the identity pool lookup fails, the error is recorded and the
 * region keeps its user pool events with `eventSources` naming only cognito-idp, so the identity
 * pool rules are not evaluated rather than passed on a half-read source.
 */
export async function collectCloudTrailEvents(client: CloudTrailClient, region: Omit<RegionEntry, "userPools">, window: EventWindow, warn?: (line: string) => void): Promise<void> {
  const events: Record<string, unknown>[] = [];
  const eventSources: string[] = [];
  let truncated = false;
  for (const eventSource of COGNITO_EVENT_SOURCES) {
    const pulled: Record<string, unknown>[] = [];
    try {
      for await (const record of lookupEvents(client, {
        ...window,
        eventSource,
        onCapReached: (count) => {
          truncated = true;
          warn?.(`${region.region}: stopped LookupEvents for ${eventSource} at --max-events ${count}; older events of the window are not analysed.`);
        },
      })) {
        // A record can carry what Cognito did not hide (a client secret, a password): redacted like any response.
        pulled.push(toSnapshotData(record));
      }
    } catch (error) {
      // The user pool lookup's error reads as it always has; the identity pool one names its event source.
      if (eventSource === USER_POOL_EVENTS) {
        region.errors.push(toCollectionError("LookupEvents", error));
        return;
      }
      region.errors.push(toCollectionError("LookupEvents", error, eventSource));
      continue;
    }
    eventSources.push(eventSource);
    for (const record of pulled) events.push(record);
  }
  // LookupEvents answers newest first; the analyses slide their windows forward in time.
  events.sort((a, b) => Date.parse(String(a.eventTime)) - Date.parse(String(b.eventTime)));
  region.cloudTrailEvents = { source: "lookup", start: window.start.toISOString(), end: window.end.toISOString(), eventSources, truncated, events };
}
