// Secrets never leave the collection boundary: every AWS response passes through here first.
import type { Jsonified } from "../snapshot/types.js";

export const REDACTED = "REDACTED";

/** Keys whose values are secrets in Cognito API responses: kept as "REDACTED" (presence matters). */
const SECRET_KEYS = new Set(["ClientSecret", "client_secret"]);
/** Keys dropped entirely: a secret with nothing else worth keeping, and SDK call metadata. */
const DROPPED_KEYS = new Set(["ClientSecretValue", "$metadata"]);

/** Whether a property of that name holds a secret value (never to be printed). */
export const isSecretKey = (key: string) => SECRET_KEYS.has(key) || key === "ClientSecretValue";

/**
 * A URL without its `user:password@` part: an endpoint URL is stored in snapshots and shown in
 * reports, its credentials never. Works on text that does not parse as a URL too.
 */
export const redactUrl = (url: string): string => url.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#\\]*@/i, "$1");

/**
 * A response as the snapshot stores it: a deep copy with every secret replaced by "REDACTED",
 * dates as ISO strings, and no SDK metadata.
 */
export function toSnapshotData<T>(value: T): Jsonified<T> {
  if (value instanceof Date) return value.toISOString() as Jsonified<T>;
  if (Array.isArray(value)) return value.map((item) => toSnapshotData(item)) as Jsonified<T>;
  if (value === null || typeof value !== "object") return value as Jsonified<T>;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (DROPPED_KEYS.has(key) || child === undefined) continue;
    copy[key] = SECRET_KEYS.has(key) && child !== null ? REDACTED : toSnapshotData(child);
  }
  return copy as Jsonified<T>;
}
