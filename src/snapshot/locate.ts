// Where each resource is defined in a snapshot's text: the line SARIF results point at, so that
// code scanning can show them. One pass over the bytes, no tree.
import { clientIdentifier, identityProviderIdentifier, userPoolArn } from "./identifiers.js";

/** Location keys of resources that sit in several places (a trigger per pool, identity pools and regions). */
export const regionKey = (accountId: string, region: string) => `${accountId}\u0000${region}`;
export const identityPoolKey = (accountId: string, region: string, identityPoolId: string) => `${regionKey(accountId, region)}\u0000${identityPoolId}`;
export const triggerKey = (poolArn: string, functionArn: string) => `${poolArn}\u0000${functionArn}`;


type PathKey = string | number;

interface PoolSpots {
  account: number;
  region: string;
  arn?: { value: string; line: number };
  id?: { value: string; line: number };
  clients: [string, number][];
  providers: [string, number][];
  triggers: [string, number][];
}

/**
 * Resource key (see resourceKey) → 1-based line of the snapshot text that defines the resource, from
 * one pass over the text. Text that is not a snapshot gives an empty map (every result on line 1).
 */
export function snapshotResourceLines(text: string): Map<string, number> {
  const accounts = new Map<number, { accountId?: string; partition?: string }>();
  const regions = new Map<string, { account: number; name?: string; line?: number; identityPools: [string, number][] }>();
  const pools = new Map<string, PoolSpots>();
  const account = (a: number) => accounts.get(a) ?? accounts.set(a, {}).get(a)!;
  const region = (a: number, r: number) => regions.get(`${a}/${r}`) ?? regions.set(`${a}/${r}`, { account: a, identityPools: [] }).get(`${a}/${r}`)!;
  const pool = (a: number, r: number, p: number) =>
    pools.get(`${a}/${r}/${p}`) ?? pools.set(`${a}/${r}/${p}`, { account: a, region: `${a}/${r}`, clients: [], providers: [], triggers: [] }).get(`${a}/${r}/${p}`)!;

  const visit = (path: readonly PathKey[], value: string, line: number) => {
    if (path[0] !== "accounts" || !isLocatingKey(path)) return;
    const [, a, , r, , p] = path as [string, number, string, number, string, number];
    switch (path.map((k) => (typeof k === "number" ? "#" : k)).join(".")) {
      case "accounts.#.accountId":
        account(a).accountId = value;
        return;
      case "accounts.#.partition":
        account(a).partition = value;
        return;
      case "accounts.#.regions.#.region":
        Object.assign(region(a, r), { name: value, line });
        return;
      case "accounts.#.regions.#.identityPools.#.IdentityPoolId":
        region(a, r).identityPools.push([value, line]);
        return;
      case "accounts.#.regions.#.userPools.#.userPool.Arn":
        pool(a, r, p).arn = { value, line };
        return;
      case "accounts.#.regions.#.userPools.#.userPool.Id":
        pool(a, r, p).id = { value, line };
        return;
      case "accounts.#.regions.#.userPools.#.clients.#.ClientId":
        pool(a, r, p).clients.push([value, line]);
        return;
      case "accounts.#.regions.#.userPools.#.identityProviders.#.ProviderName":
        pool(a, r, p).providers.push([value, line]);
        return;
      default:
        // LambdaConfig.<Trigger> is a function ARN, or an object whose LambdaArn is one.
        if (path[6] === "userPool" && path[7] === "LambdaConfig" && (path.length === 9 || (path.length === 10 && path[9] === "LambdaArn"))) {
          pool(a, r, p).triggers.push([value, line]);
        }
    }
  };
  try {
    scanJsonStrings(text, visit);
  } catch {
    return new Map();
  }

  const lines = new Map<string, number>();
  const setFirst = (key: string, line: number) => {
    if (!lines.has(key)) lines.set(key, line);
  };
  for (const spot of regions.values()) {
    const accountId = accounts.get(spot.account)?.accountId ?? "";
    if (spot.name === undefined || spot.line === undefined) continue;
    setFirst(regionKey(accountId, spot.name), spot.line);
    for (const [id, line] of spot.identityPools) setFirst(identityPoolKey(accountId, spot.name, id), line);
  }
  for (const spot of pools.values()) {
    const owner = accounts.get(spot.account) ?? {};
    const regionName = regions.get(spot.region)?.name ?? "";
    // As poolScope does: the pool's own Arn, else one built from where it lives and its Id.
    const poolArn = spot.arn?.value ?? userPoolArn(owner.partition ?? "", regionName, owner.accountId ?? "", spot.id?.value ?? "");
    const poolLine = spot.arn?.line ?? spot.id?.line;
    if (poolLine !== undefined) setFirst(poolArn, poolLine);
    for (const [clientId, line] of spot.clients) setFirst(clientIdentifier(poolArn, clientId), line);
    for (const [name, line] of spot.providers) setFirst(identityProviderIdentifier(poolArn, name), line);
    for (const [functionArn, line] of spot.triggers) setFirst(triggerKey(poolArn, functionArn), line);
  }
  return lines;
}

const LOCATING_KEYS = new Set(["accountId", "partition", "region", "IdentityPoolId", "Arn", "Id", "ClientId", "ProviderName", "LambdaArn"]);
/** A cheap first filter, so that only a handful of the strings in a large file are looked at twice. */
const isLocatingKey = (path: readonly PathKey[]) => LOCATING_KEYS.has(path[path.length - 1] as string) || path[7] === "LambdaConfig";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * Calls `visit` for every string value of a JSON text with its path (object keys and array indexes)
 * and its 1-based line. One pass, no tree: snapshots of large estates are tens of megabytes.
 * Throws on an unterminated string or a bad escape; other malformed input gives meaningless paths.
 */
export function scanJsonStrings(text: string, visit: (path: readonly PathKey[], value: string, line: number) => void): void {
  const path: PathKey[] = [];
  const inObject: boolean[] = [];
  let line = 1;
  let awaitingKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      const end = stringEnd(text, i);
      const raw = text.slice(i + 1, end);
      const value = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
      if (awaitingKey) {
        path[path.length - 1] = value;
        awaitingKey = false;
      } else {
        visit(path, value, line);
      }
      i = end;
    } else if (ch === NEWLINE) {
      line++;
    } else if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
      inObject.push(ch === OPEN_OBJECT);
      path.push(ch === OPEN_OBJECT ? "" : 0);
      awaitingKey = ch === OPEN_OBJECT;
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      inObject.pop();
      path.pop();
      awaitingKey = false;
    } else if (ch === COMMA) {
      if (inObject[inObject.length - 1]) awaitingKey = true;
      else if (path.length > 0) path[path.length - 1] = (path[path.length - 1] as number) + 1;
    }
  }
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
  if (end === -1) throw new Error("unterminated string");
  return end;
}

/** Whether the character at `at` follows an odd number of backslashes. */
function isEscaped(text: string, at: number): boolean {
  let count = 0;
  while (text.charCodeAt(at - 1 - count) === BACKSLASH) count++;
  return count % 2 === 1;
}
