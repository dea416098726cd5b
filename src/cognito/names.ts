// Word-based matching of attribute names: "custom:api_key", "apiKey" and "APIKEY" all name an
// API key, while "classname" does not contain the word "ssn".
import { recently } from "../util/recent.js";

const isUpper = (c: string | undefined) => c !== undefined && c >= "A" && c <= "Z";
const isLower = (c: string | undefined) => c !== undefined && c >= "a" && c <= "z";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * The words of an attribute name, lower-cased: "custom:refreshToken_v2" → [refresh, token, v2],
 * "APIKey" → [api, key]. One pass over the characters: names come from the snapshot and may be
 * long, so no backtracking regular expression.
 */
export function nameWords(name: string): string[] {
  const bare = name.replace(/^(dev:)?custom:/i, "");
  const words: string[] = [];
  // The current word is bare[from, i); -1: between words.
  let from = -1;
  const end = (i: number) => {
    if (from >= 0) words.push(bare.slice(from, i).toLowerCase());
    from = -1;
  };
  for (let i = 0; i < bare.length; i++) {
    const c = bare[i];
    if (!isUpper(c) && !isLower(c) && !isDigit(c)) {
      end(i);
      continue;
    }
    const prev = bare[i - 1];
    // A capital starts a word after a lower-case letter or digit ("refreshToken"), and ends a run of
    // capitals when a lower-case letter follows it ("APIKey" → API, Key).
    if (from >= 0 && isUpper(c) && (isLower(prev) || isDigit(prev) || (isUpper(prev) && isLower(bare[i + 1])))) end(i);
    if (from < 0) from = i;
  }
  end(bare.length);
  return words;
}

/**
 * The first pattern that a run of consecutive words spells (separators ignored), or undefined.
 * Patterns are written without separators: "apikey" matches api_key, apiKey, api-key, apikey.
 */
export function matchNamePattern(name: string, patterns: readonly string[]): string | undefined {
  // Attribute names repeat across pools and clients and rules pass the same pattern lists: the
  // recent answers are kept per list, a list being a constant (bounded, so that unique names do not pile up).
  let answer = recentMatches.get(patterns);
  if (!answer) recentMatches.set(patterns, (answer = recently((n) => findPattern(n, patterns))));
  return answer(name);
}

const recentMatches = new WeakMap<readonly string[], (name: string) => string | undefined>();

function findPattern(name: string, patterns: readonly string[]): string | undefined {
  const words = nameWords(name);
  const wanted = new Set(patterns.map((p) => p.toLowerCase().replace(/[^a-z0-9]/g, "")));
  for (let start = 0; start < words.length; start++) {
    let joined = "";
    for (let end = start; end < words.length; end++) {
      joined += words[end]!;
      if (wanted.has(joined)) return joined;
    }
  }
  return undefined;
}

/** Words that make a custom attribute an authorization input (rules/writable-privileged-attribute.md). */
export const PRIVILEGED_ATTRIBUTE_WORDS = [
  "role",
  "roles",
  "group",
  "groups",
  "admin",
  "isadmin",
  "superuser",
  "permission",
  "permissions",
  "privilege",
  "privileges",
  "entitlement",
  "entitlements",
  "tenant",
  "tenantid",
  "org",
  "orgid",
  "organization",
  "department",
  "plan",
  "tier",
  "level",
  "access",
  "accesslevel",
  "scope",
  "scopes",
  "acl",
  "clearance",
  "owner",
  "approved",
  "verified",
];

/**
 * Why a custom attribute is privileged — the matched word, or "configured" when the config's
 * `authorizationAttributes` lists it — or undefined when it is not.
 */
export function privilegedAttributeReason(name: string, authorizationAttributes: readonly string[] = []): string | undefined {
  const bare = name.replace(/^(dev:)?custom:/i, "");
  if (authorizationAttributes.some((a) => a.replace(/^custom:/i, "").toLowerCase() === bare.toLowerCase())) return "configured";
  return matchNamePattern(name, PRIVILEGED_ATTRIBUTE_WORDS);
}
