// Globs over identifiers (ARNs, resource names): one syntax for suppressions and rule options.

/** `*` matches any run of characters (slashes included: ARNs have them), `?` exactly one. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** Whether a value (absent: never) matches one of the globs. */
export function globMatcher(globs: readonly string[]): (value: string | undefined) => boolean {
  const patterns = globs.map(globToRegExp);
  return (value) => value !== undefined && patterns.some((p) => p.test(value));
}
