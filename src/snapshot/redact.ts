// Secrets never leave the collection boundary: every AWS response, and every CloudTrail record a
// snapshot stores, passes through here first; so does every value a template or plan puts in one.
import type { Jsonified } from "./types.js";

export const REDACTED = "REDACTED";

/** A key as compared: without case, "_" or "-" (CloudTrail writes clientSecret, ClientSecret and client_secret). */
const keyForm = (key: string) => key.replace(/[_-]/g, "").toLowerCase();

/**
 * A URL without its `user:password@` part: an endpoint URL is stored in snapshots and shown in
 * reports, its credentials never. Works on text that does not parse as a URL too.
 */
export const redactUrl = (url: string): string => url.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#\\]*@/i, "$1");

/**
 * Keys whose values are secrets: kept as "REDACTED" (presence matters). API responses carry
 * ClientSecret and an IdP's client_secret; CloudTrail records of cognito-idp calls and of managed
 * login carry passwords, tokens, codes and sessions in requestParameters and responseElements.
 * Cognito hides most of them (HIDDEN_DUE_TO_SECURITY_REASONS), not all, and not in every event.
 */
const SECRET_KEYS = new Set(
  [
    "ClientSecret",
    "ClientSecretValue",
    "Password",
    "PreviousPassword",
    "ProposedPassword",
    "TemporaryPassword",
    "NewPassword",
    "SecretHash",
    "AccessToken",
    "RefreshToken",
    "IdToken",
    "Session",
    "Code",
    "ConfirmationCode",
    "UserCode",
    "SecretCode",
    "CodeVerifier",
    "Answer",
    "SAMLResponse",
    "Authorization",
  ].map(keyForm),
);
/** Keys dropped entirely: a secret with nothing else worth keeping, and SDK call metadata. */
const DROPPED_KEYS = new Set(["ClientSecretValue", "$metadata"]);
/** Objects whose keys name tokens but whose values are units ("minutes"), not tokens. */
const UNIT_MAPS = new Set(["TokenValidityUnits"].map(keyForm));

/** Whether a property of that name holds a secret value (never to be printed). */
export const isSecretKey = (key: string) => SECRET_KEYS.has(keyForm(key));
/** Whether an object of that name maps token names to units: its values are never secrets. */
export const isUnitMap = (key: string) => UNIT_MAPS.has(keyForm(key));

interface Slot {
  from: unknown;
  into: Record<string, unknown>;
  key: string;
}

/**
 * A response or a CloudTrail record as the snapshot stores it: a deep copy with every secret
 * replaced by "REDACTED", dates as ISO strings, and no SDK metadata. Iterative: a record is
 * hostile input and may nest deeper than the call stack.
 */
export function toSnapshotData<T>(value: T): Jsonified<T> {
  const root: Record<string, unknown> = {};
  const todo: Slot[] = [{ from: value, into: root, key: "value" }];
  for (let slot = todo.pop(); slot; slot = todo.pop()) {
    const { from, into, key } = slot;
    if (from instanceof Date) {
      into[key] = from.toISOString();
    } else if (Array.isArray(from)) {
      const copy: unknown[] = [];
      into[key] = copy;
      // Pushed last to first, so that items are copied first to last (a packed array).
      for (let i = from.length - 1; i >= 0; i--) todo.push({ from: from[i], into: copy as unknown as Record<string, unknown>, key: String(i) });
    } else if (from !== null && typeof from === "object") {
      const copy: Record<string, unknown> = {};
      into[key] = copy;
      const units = isUnitMap(key);
      for (const [childKey, child] of Object.entries(from as Record<string, unknown>)) {
        if (DROPPED_KEYS.has(childKey) || child === undefined) continue;
        if (!units && child !== null && isSecretKey(childKey)) {
          copy[childKey] = REDACTED;
        } else {
          // Claimed now so that the copy keeps the original key order; filled when its turn comes.
          copy[childKey] = null;
          todo.push({ from: child, into: copy, key: childKey });
        }
      }
    } else {
      into[key] = from;
    }
  }
  return root.value as Jsonified<T>;
}
