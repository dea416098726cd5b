// Width of IP ranges as CIDR notation writes them (used for threat-protection exceptions).
import { isIPv4, isIPv6 } from "node:net";

export interface Cidr {
  range: string;
  version: 4 | 6;
  prefix: number;
}

/** Parses "203.0.113.0/24" or "2001:db8::/32"; a bare address is a /32 or /128. Undefined when invalid. */
export function parseCidr(range: string): Cidr | undefined {
  const [address = "", prefixText] = range.trim().split("/");
  const version = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (!version) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) return undefined;
  return { range, version, prefix };
}

/** Whether the range is at least as wide as /maxV4 (IPv4) or /maxV6 (IPv6). */
export function isBroadRange(cidr: Cidr, maxV4 = 16, maxV6 = 48): boolean {
  return cidr.prefix <= (cidr.version === 4 ? maxV4 : maxV6);
}

/** How many addresses an IPv4 range holds (2^(32-prefix)); for IPv6, the number of /64 networks. */
export function rangeSize(cidr: Cidr): number {
  return cidr.version === 4 ? 2 ** (32 - cidr.prefix) : 2 ** Math.max(0, 64 - cidr.prefix);
}
