// Values from AWS, CloudTrail or a report file are typed as strings but arrive as whatever the JSON
// held: this turns any of them into text without "[object Object]".

/** A value as text: strings as they are, nothing as "", objects and arrays as JSON. */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return value.toString();
  // Objects and arrays; JSON has no functions or symbols, but a caller's value might.
  return typeof value === "object" ? JSON.stringify(value) : "";
}

/**
 * Orders strings by UTF-16 code units: the same on every machine, unlike localeCompare. Ids, account
 * numbers and region names are ASCII, so this is also their natural order.
 */
export const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Text wrapped to lines of at most `width` characters: at spaces where it can, and through a word
 * longer than a line (a URL, a long check name) where it must, so nothing is cut off.
 */
export function wrapText(text: string, width: number): string[] {
  if (width < 1) throw new RangeError(`wrapText: width ${width} is less than 1`);
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const joined = line ? `${line} ${word}` : word;
      if (joined.length <= width) {
        line = joined;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (rest.length > width) {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}
