// Globs over identifiers (ARNs, resource names): one syntax for suppressions and rule options.
// Matched without regular expressions: a `.*` regex backtracks, and a glob with a dozen stars
// against a long hostile name took seconds to minutes. This matcher is O(value × glob) at worst.

/** Whether `part` (where `?` stands for any one character) matches `value` at `at`. */
function matchesAt(part: string, value: string, at: number): boolean {
  for (let i = 0; i < part.length; i++) {
    const ch = part.charCodeAt(i);
    if (ch !== 0x3f && ch !== value.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The first index from `from` (up to `last`) where `part` matches, or -1. */
function find(part: string, value: string, from: number, last: number): number {
  if (!part.includes("?")) {
    const at = value.indexOf(part, from);
    return at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (matchesAt(part, value, at)) return at;
  return -1;
}

/**
 * Whether `value` matches `glob`: `*` matches any run of characters (slashes included: ARNs have
 * them), `?` exactly one, everything else itself. The parts between stars are placed leftmost,
 * one after the other: if any placement exists, the leftmost one does, so nothing is retried.
 */
export function globMatches(glob: string, value: string): boolean {
  const parts = glob.split("*");
  const head = parts[0]!;
  if (parts.length === 1) return value.length === head.length && matchesAt(head, value, 0);
  const tail = parts[parts.length - 1]!;
  const end = value.length - tail.length;
  if (end < head.length || !matchesAt(head, value, 0) || !matchesAt(tail, value, end)) return false;
  let at = head.length;
  for (const part of parts.slice(1, -1)) {
    const found = find(part, value, at, end - part.length);
    if (found === -1) return false;
    at = found + part.length;
  }
  return true;
}

/** Whether a value (absent: never) matches one of the globs. */
export function globMatcher(globs: readonly string[]): (value: string | undefined) => boolean {
  return (value) => value !== undefined && globs.some((glob) => globMatches(glob, value));
}
