import { judgeTrail } from "../src/cognito/trails.js";
import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { missingSectionReason } from "../src/snapshot/sections.js";

export default defineConfigRule({
  id: "replica-coverage",
  resourceType: "userPool",
  severity: "medium",
  title: "A replica of the pool runs in a region without WAF or CloudTrail coverage",
  rationale:
    "A multi-Region replica serves sign-in and token requests for the same users from another region. Its endpoints are as public as the primary's, but WAF web ACLs and CloudTrail trails are regional: a web ACL on the primary does not filter requests to the replica, and a single-region trail in the primary's region does not record the replica region's Cognito events. An attacker who finds the replica's endpoint bypasses the rate limits and the audit trail the primary has.",
  remediation:
    "In each replica region, associate a WAF web ACL with the replica (the same rules as the primary's) and make sure a logging trail records that region's management events — a multi-region or organization trail does.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html"],
  requires: ["replicas"],
  messages: {
    uncovered: "The pool has a replica in {{region}} with {{gaps}}{{more}}.",
  },
  check({ pool }) {
    const replicas = (pool.entry.replicas ?? []).filter((r) => r.RegionName && r.RegionName !== pool.region && r.Status !== "DELETING");
    if (replicas.length === 0) return pass({ replicasElsewhere: 0 });
    const uncovered: { region: string; replica: string; missing: string[] }[] = [];
    const unknown: string[] = [];
    const covered: string[] = [];
    for (const replica of replicas) {
      const region = replica.RegionName!;
      const entry = pool.accountRegions?.find((r) => r.region === region);
      if (!entry) {
        unknown.push(`${region} was not scanned (add it with --region to judge the replica there)`);
        continue;
      }
      const missing: string[] = [];
      if (entry.trails === undefined) unknown.push(`the trails of ${region} were not collected (${missingSectionReason(entry.errors, "trails")})`);
      else {
        const verdicts = entry.trails.map((t) => judgeTrail(t, region, entry.errors));
        if (!verdicts.some((v) => v.counts)) {
          if (verdicts.some((v) => v.unknown)) unknown.push(`no trail of ${region} could be confirmed to record management events`);
          else missing.push("no trail recording its management events");
        }
      }
      const replicaPool = entry.userPools.find((p) => (replica.UserPoolArn ? p.userPool.Arn === replica.UserPoolArn : p.userPool.Id === pool.id));
      if (!replicaPool) unknown.push(`the replica ${replica.UserPoolArn ?? pool.id} was not collected in ${region}`);
      else if (replicaPool.webAcl === undefined) unknown.push(`the web ACL of the replica in ${region} was not read (${missingSectionReason(replicaPool.errors, "webAcl")})`);
      else if (replicaPool.webAcl === null) missing.push("no WAF web ACL");
      const name = replica.UserPoolArn ?? `${pool.id} in ${region}`;
      if (missing.length > 0) uncovered.push({ region, replica: name, missing });
      else covered.push(region);
    }
    const evidence = { primaryRegion: pool.region, replicaRegions: replicas.map((r) => r.RegionName!), ...(unknown.length > 0 ? { notRead: unknown } : {}) };
    if (uncovered.length === 0) return unknown.length > 0 ? notEvaluated(unknown.join("; ")) : pass({ ...evidence, covered });
    const first = uncovered[0]!;
    return fail({
      messageId: "uncovered",
      data: { region: first.region, gaps: first.missing.join(" and "), more: uncovered.length > 1 ? ` (and ${uncovered.length - 1} more replica region(s), see the evidence)` : "" },
      evidence: { ...evidence, uncovered },
    });
  },
});
