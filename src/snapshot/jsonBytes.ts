// The bytes of JSON's structure, named once for the byte-level readers of a snapshot (the splitter,
// the SARIF line locator and the syntax checker).
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const NEWLINE = 0x0a;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;

/** A 256-entry lookup table that is 1 for the given bytes: a scan skips every other byte in a tight loop. */
export function byteTable(bytes: readonly number[]): Uint8Array {
  const table = new Uint8Array(256);
  for (const byte of bytes) table[byte] = 1;
  return table;
}
