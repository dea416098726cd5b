// A finding's identity across runs: the rule, the resource's identifier (pool ids, client ids and
// function ARNs do not change when a pool is renamed) and the kind of failure (its message id).
import * as crypto from "node:crypto";
import type { Finding } from "./findings.js";

// One-shot hashing (Node 20.12 and later) is several times cheaper than a Hash object per finding,
// and a large scan fingerprints every failure; older Node 20 releases take the Hash object.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("sha256", text, "hex") : (text) => crypto.createHash("sha256").update(text).digest("hex");

export function fingerprint(finding: Pick<Finding, "ruleId" | "resource" | "messageId">): string {
  return sha256Hex(`${finding.ruleId}\u0000${finding.resource.arn}\u0000${finding.messageId ?? ""}`).slice(0, 32);
}
