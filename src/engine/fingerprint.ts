// A finding's identity across runs: the rule, the resource's identifier (pool ids, client ids and
// function ARNs do not change when a pool is renamed) and the kind of failure (its message id).
import { createHash } from "node:crypto";
import type { Finding } from "./findings.js";

export function fingerprint(finding: Pick<Finding, "ruleId" | "resource" | "messageId">): string {
  return createHash("sha256")
    .update(`${finding.ruleId}\u0000${finding.resource.arn}\u0000${finding.messageId ?? ""}`)
    .digest("hex")
    .slice(0, 32);
}
