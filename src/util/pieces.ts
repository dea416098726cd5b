// Output made of many small strings (a line, a finding) goes out in pieces of about `size`
// characters: one write per item is slow, and one string for a large estate's output is too long.

/** Joins small chunks into pieces of at least `size` characters (the last may be shorter). */
export function* inPieces(chunks: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.join("");
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join("");
}
