// Which identity pool events a scan of LookupEvents records can judge: what the pull recorded in
// `eventSources` (absent in snapshots collected before identity pool events were pulled: cognito-idp
// only), and never data events (LookupEvents returns management events only).
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { IDENTITY_POOL_EVENTS, USER_POOL_EVENTS } from "../../src/cloudtrail/normalise.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { eventInput } from "../../src/commands/events.js";
import { scanSnapshot } from "../../src/pipeline.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/io.js";
import type { CloudTrailEvents, Snapshot } from "../../src/snapshot/types.js";
import { identityPoolChange } from "../helpers/documentedEvents.js";
import { apiEvent } from "../helpers/events.js";
import { identityPool, poolEntry, snapshotOf } from "../helpers/factories.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const ID = "eu-west-1:2dg778b3-50b7-565c-0f56-34200EXAMPLE";
const IDENTITY_RULES = ["identity-pool-config-change", "identity-pool-guest-credentials"];

function stored(events: CloudTrailRecord[], eventSources?: string[]): Snapshot {
  const cloudTrailEvents: CloudTrailEvents = {
    source: "lookup",
    start: "2026-11-19T12:00:00.000Z",
    end: NOW.toISOString(),
    ...(eventSources ? { eventSources } : {}),
    truncated: false,
    events,
  };
  const snapshot = snapshotOf([poolEntry()], [], { cloudTrailEvents, identityPools: [identityPool({ IdentityPoolId: ID, IdentityPoolName: "app", AllowUnauthenticatedIdentities: true })] });
  // Through the snapshot's own reader: the schema takes the field, and its absence.
  return parseSnapshot(JSON.parse(serializeSnapshot(snapshot)), "snapshot.json");
}

let lastActivity: unknown;
/** The identity pool rules' results on a scan of the snapshot's own events, as `scan --snapshot` runs it. */
async function identityResults(snapshot: Snapshot) {
  const events = eventInput({ snapshot: "snapshot.json" }, snapshot, NOW);
  const { findings, report } = await scanSnapshot({ snapshot, events, rules: RULES, config: {}, now: NOW, gate: { failOn: "high" }, includePassed: true });
  lastActivity = report.activity;
  return Object.fromEntries(findings.filter((f) => IDENTITY_RULES.includes(f.ruleId)).map((f) => [f.ruleId, { status: f.status, severity: f.severity, reason: f.reason }]));
}

const signIn = apiEvent("InitiateAuth", { time: "2026-11-25T10:00:00Z", clientId: "c1", sub: "s1" });
const opened = identityPoolChange("UpdateIdentityPool", { time: "2026-11-25T11:00:00Z", identityPoolId: ID, request: { allowUnauthenticatedIdentities: true } });

describe("LookupEvents coverage of identity pool events", () => {
  it("a snapshot collected before identity pool events were pulled (no eventSources) leaves both rules not evaluated, never passed", async () => {
    const results = await identityResults(stored([signIn]));
    expect(results["identity-pool-config-change"]).toMatchObject({ status: "not_evaluated", reason: expect.stringMatching(/pulled for cognito-idp\.amazonaws\.com only/) });
    expect(results["identity-pool-guest-credentials"]).toMatchObject({ status: "not_evaluated", reason: expect.stringMatching(/LookupEvents returns management events only/) });
  });

  it("records pulled for both sources judge identity pool changes: none is a pass, a guest switch-on a high failure", async () => {
    const quiet = await identityResults(stored([signIn], [USER_POOL_EVENTS, IDENTITY_POOL_EVENTS]));
    expect(quiet["identity-pool-config-change"]).toMatchObject({ status: "pass" });
    // GetCredentialsForIdentity is a data event: still not evaluated on LookupEvents records.
    expect(quiet["identity-pool-guest-credentials"]).toMatchObject({ status: "not_evaluated" });
    const changed = await identityResults(stored([signIn, opened], [USER_POOL_EVENTS, IDENTITY_POOL_EVENTS]));
    expect(changed["identity-pool-config-change"]).toMatchObject({ status: "fail", severity: "high" });
  });

  it("a failed identity pool lookup (eventSources cognito-idp only) is not evaluated, while the user pool rules still run", async () => {
    const snapshot = stored([signIn], [USER_POOL_EVENTS]);
    const results = await identityResults(snapshot);
    expect(results["identity-pool-config-change"]).toMatchObject({ status: "not_evaluated", reason: expect.stringMatching(/a failed cognito-identity lookup/) });
    expect(lastActivity).toMatchObject({ available: true, source: "snapshot", events: 1 });
  });
});
