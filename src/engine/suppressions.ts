// Suppressions from the configuration: accepted risks, each with a reason and maybe an end date.
import type { Suppression } from "./config.js";
import type { Finding } from "./findings.js";
import { globMatches } from "../util/glob.js";

export interface SuppressionOutcome {
  findings: Finding[];
  /** Report lines: expired suppressions, and suppressions that matched nothing. */
  notes: string[];
}

const matches = (s: Suppression, f: Finding) =>
  (s.rule === "*" || s.rule === f.ruleId) && (globMatches(s.resource, f.resource.arn) || globMatches(s.resource, f.resource.name));

/**
 * Marks failures matched by a live suppression as `suppressed` (with the reason as evidence). An
 * expired suppression suppresses nothing and the report says so.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], now: Date): SuppressionOutcome {
  const today = now.toISOString().slice(0, 10);
  const notes: string[] = [];
  const tracked = suppressions.map((s) => ({ s, expired: s.expires !== undefined && s.expires <= today, used: false }));
  const result = findings.map((finding) => {
    if (finding.status !== "fail") return finding;
    const match = tracked.find((c) => matches(c.s, finding));
    if (!match) return finding;
    match.used = true;
    if (match.expired) return finding;
    return { ...finding, status: "suppressed" as const, suppression: { reason: match.s.reason, ...(match.s.expires ? { expires: match.s.expires } : {}) } };
  });
  for (const c of tracked) {
    const what = `suppression of ${c.s.rule} for ${c.s.resource}`;
    if (c.expired) notes.push(`The ${what} expired on ${c.s.expires} and no longer suppresses anything${c.used ? "; its findings are reported again" : ""}.`);
    else if (!c.used) notes.push(`The ${what} matched no failing finding; it can be removed.`);
  }
  return { findings: result, notes };
}
