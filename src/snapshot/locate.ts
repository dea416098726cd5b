// Where each resource is defined in a snapshot's text: the line SARIF results point at, so that
// code scanning can show them. One pass over the bytes as they are read, no tree, no whole text.
import { clientIdentifier, identityProviderIdentifier, userPoolArn } from "./identifiers.js";
import { BACKSLASH, byteTable, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, NEWLINE, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from "./jsonBytes.js";

/** Location keys of resources that sit in several places (a trigger per pool, identity pools and regions). */
export const accountKey = (accountId: string) => `account\u0000${accountId}`;
export const regionKey = (accountId: string, region: string) => `${accountId}\u0000${region}`;
export const identityPoolKey = (accountId: string, region: string, identityPoolId: string) => `${regionKey(accountId, region)}\u0000${identityPoolId}`;
export const triggerKey = (poolArn: string, functionArn: string) => `${poolArn}\u0000${functionArn}`;


type PathKey = string | number;

interface AccountSpots {
  accountId?: string;
  line?: number;
  partition?: string;
}

interface RegionSpots {
  account: number;
  name?: string;
  line?: number;
  identityPools: [string, number][];
}

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
 * one pass over the bytes fed in pieces. Text that is not a snapshot gives an empty map (every
 * result on line 1).
 */
export function resourceLineReader(): { feed(chunk: Uint8Array): void; lines(): Map<string, number> } {
  const accounts = new Map<number, AccountSpots>();
  const regions = new Map<string, RegionSpots>();
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
        Object.assign(account(a), { accountId: value, line });
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
  // Keys deeper than a trigger's LambdaArn never locate anything: they are not decoded.
  const scanner = new JsonStringScanner(visit, (path) => path[0] === "accounts" && isLocatingKey(path), 10);
  return { feed: (chunk) => scanner.feed(chunk), lines: () => (scanner.end() ? resourceLines(accounts, regions, pools) : new Map()) };
}

function resourceLines(
  accounts: Map<number, AccountSpots>,
  regions: Map<string, RegionSpots>,
  pools: Map<string, PoolSpots>,
): Map<string, number> {
  const lines = new Map<string, number>();
  const setFirst = (key: string, line: number) => {
    if (!lines.has(key)) lines.set(key, line);
  };
  for (const spot of accounts.values()) if (spot.accountId !== undefined && spot.line !== undefined) setFirst(accountKey(spot.accountId), spot.line);
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

/** The bytes that matter outside strings, and inside them. */
const STRUCTURE = byteTable([QUOTE, NEWLINE, COMMA, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY]);
const IN_STRING = byteTable([QUOTE, BACKSLASH]);

/**
 * Calls `visit` for the string values of JSON bytes, fed in pieces, with their path (object keys
 * and array indexes) and 1-based line: those whose path `wants`, with the keys of the first
 * `keyDepth` levels known (deeper ones are ""). One pass, no tree. end() is false when the input
 * ended inside a string or a wanted string has a bad escape; other malformed input gives
 * meaningless paths.
 */
export class JsonStringScanner {
  private readonly path: PathKey[] = [];
  private readonly inObject: boolean[] = [];
  private line = 1;
  private awaitingKey = false;
  private inString = false;
  private escaped = false;
  private broken = false;
  /** The current string is a key, and is wanted (its bytes collected, from `start` in the chunk). */
  private isKey = false;
  private collecting = false;
  private parts: Buffer[] = [];
  private stringLine = 1;

  constructor(
    private readonly visit: (path: readonly PathKey[], value: string, line: number) => void,
    private readonly wants: (path: readonly PathKey[]) => boolean = () => true,
    private readonly keyDepth = Infinity,
  ) {}

  feed(input: Uint8Array): void {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const n = chunk.length;
    let start = 0;
    for (let i = 0; i < n && !this.broken; i++) {
      if (this.inString && !this.escaped) while (i < n && !IN_STRING[chunk[i]!]) i++;
      else if (!this.inString) while (i < n && !STRUCTURE[chunk[i]!]) i++;
      if (i === n) break;
      const ch = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === BACKSLASH) this.escaped = true;
        else {
          this.inString = false;
          this.stringDone(chunk, start, i);
        }
      } else if (ch === QUOTE) {
        this.inString = true;
        this.isKey = this.awaitingKey;
        this.collecting = this.isKey ? this.path.length <= this.keyDepth : this.wants(this.path);
        this.stringLine = this.line;
        start = i + 1;
      } else if (ch === NEWLINE) {
        this.line++;
      } else if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
        this.inObject.push(ch === OPEN_OBJECT);
        this.path.push(ch === OPEN_OBJECT ? "" : 0);
        this.awaitingKey = ch === OPEN_OBJECT;
      } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
        this.inObject.pop();
        this.path.pop();
        this.awaitingKey = false;
      } else if (ch === COMMA) {
        if (this.inObject[this.inObject.length - 1]) this.awaitingKey = true;
        else if (this.path.length > 0) this.path[this.path.length - 1] = (this.path[this.path.length - 1] as number) + 1;
      }
    }
    // A string that goes on in the next piece: its bytes so far are copied (a slice keeps the whole piece).
    if (this.inString && this.collecting) this.parts.push(Buffer.from(chunk.subarray(start)));
  }

  /** Whether the input was scanned whole (it did not end inside a string, no wanted string was malformed). */
  end(): boolean {
    return !this.broken && !this.inString;
  }

  /** The string that ends at `end` of `chunk` (its bytes in it from `start`, after any collected). */
  private stringDone(chunk: Buffer, start: number, end: number): void {
    let value = "";
    if (this.collecting) {
      // Most strings sit within one piece: decoded from it, without a slice per string.
      const raw = this.parts.length === 0 ? chunk.toString("utf8", start, end) : Buffer.concat([...this.parts, chunk.subarray(start, end)]).toString("utf8");
      this.parts = [];
      try {
        value = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
      } catch {
        this.broken = true;
        return;
      }
    }
    if (this.isKey) {
      this.path[this.path.length - 1] = value;
      this.awaitingKey = false;
    } else if (this.collecting) {
      this.visit(this.path, value, this.stringLine);
    }
  }
}

/** scanJsonStrings over a whole text: every string value, every key. */
export function scanJsonStrings(text: string, visit: (path: readonly PathKey[], value: string, line: number) => void): void {
  const scanner = new JsonStringScanner(visit);
  scanner.feed(Buffer.from(text, "utf8"));
  if (!scanner.end()) throw new Error("unterminated string or bad escape");
}
