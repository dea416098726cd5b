import rule from "../../rules/replica-coverage.js";
import { ACCOUNT, poolEntry, trail, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";
import type { RegionEntry, UserPoolEntry, UserPoolReplica } from "../../src/snapshot/types.js";

const REPLICA_REGION = "us-east-1";
const replicaArn = (id: string) => `arn:aws:cognito-idp:${REPLICA_REGION}:${ACCOUNT}:userpool/${id}`;

/** A primary in eu-west-1 with one secondary replica in us-east-1. */
function replicated(status: UserPoolReplica["Status"] = "ACTIVE"): UserPoolEntry {
  const pool = userPool();
  return poolEntry({
    userPool: pool,
    replicas: [
      { RegionName: "eu-west-1", Role: "PRIMARY", Status: "ACTIVE", UserPoolArn: pool.Arn },
      { RegionName: REPLICA_REGION, Role: "SECONDARY", Status: status, UserPoolArn: replicaArn(pool.Id!) },
    ],
  });
}

/** The replica region: the replica with `webAcl` and the region's trails. */
function replicaRegion(primary: UserPoolEntry, o: { webAcl?: UserPoolEntry["webAcl"]; trails?: RegionEntry["trails"]; errors?: RegionEntry["errors"] } = {}): RegionEntry {
  const id = primary.userPool.Id!;
  const replica = poolEntry({ userPool: userPool({ Id: id, Arn: replicaArn(id) }) });
  if ("webAcl" in o) {
    if (o.webAcl === undefined) delete replica.webAcl;
    else replica.webAcl = o.webAcl;
  }
  return { region: REPLICA_REGION, userPools: [replica], ...("trails" in o ? (o.trails ? { trails: o.trails } : {}) : { trails: [trail()] }), errors: o.errors ?? [] };
}

const covered = replicated();
const noWaf = replicated();
const noTrail = replicated();
const singleRegionTrail = replicated();
const unscanned = replicated();
const trailsUnread = replicated();
const deleting = replicated("DELETING");

testRule(rule, {
  valid: [
    { name: "not replicated", entry: poolEntry({ replicas: [] }), evidence: { replicasElsewhere: 0 } },
    { name: "the replica region has a trail and the replica a web ACL", entry: covered, resource: covered.userPool.Arn!, otherRegions: [replicaRegion(covered)], evidence: { primaryRegion: "eu-west-1", replicaRegions: [REPLICA_REGION], covered: [REPLICA_REGION] } },
    { name: "a replica being deleted is not judged", entry: deleting },
  ],
  invalid: [
    {
      name: "no WAF web ACL on the replica",
      entry: noWaf,
      resource: noWaf.userPool.Arn!,
      otherRegions: [replicaRegion(noWaf, { webAcl: null })],
      messageId: "uncovered",
      severity: "medium",
      data: { region: REPLICA_REGION, gaps: "no WAF web ACL", more: "" },
    },
    {
      name: "no trail in the replica region",
      entry: noTrail,
      resource: noTrail.userPool.Arn!,
      otherRegions: [replicaRegion(noTrail, { trails: [] })],
      messageId: "uncovered",
      data: { region: REPLICA_REGION, gaps: "no trail recording its management events", more: "" },
    },
    {
      name: "the only trail is a single-region trail of the primary's region",
      entry: singleRegionTrail,
      resource: singleRegionTrail.userPool.Arn!,
      otherRegions: [replicaRegion(singleRegionTrail, { trails: [trail({ IsMultiRegionTrail: false, HomeRegion: "eu-west-1" })], webAcl: null })],
      messageId: "uncovered",
      data: { region: REPLICA_REGION, gaps: "no trail recording its management events and no WAF web ACL", more: "" },
    },
  ],
  notEvaluated: [
    { name: "the replica region was not scanned", entry: unscanned, reason: /us-east-1 was not scanned/ },
    {
      name: "the replica region's trails could not be read",
      entry: trailsUnread,
      resource: trailsUnread.userPool.Arn!,
      otherRegions: [replicaRegion(trailsUnread, { trails: undefined, errors: [{ operation: "DescribeTrails", code: "AccessDeniedException", message: "no" }] })],
      reason: /trails of us-east-1 were not collected \(DescribeTrails failed with AccessDeniedException/,
    },
    {
      name: "the replicas could not be listed",
      entry: poolEntry({ replicas: undefined, errors: [{ operation: "ListUserPoolReplicas", code: "AccessDeniedException", message: "no" }] }),
      reason: /ListUserPoolReplicas failed with AccessDeniedException/,
    },
  ],
});
