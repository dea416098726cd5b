// Where JSON text goes wrong, described without quoting it: JSON.parse's messages echo the file's
// bytes (terminal escapes included) and give no position for some errors.

export interface JsonSyntaxError {
  /** Offset in the text (UTF-16 code units). */
  offset: number;
  reason: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** U+001B: names a character without printing it. */
const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * The first syntax error of `text` (RFC 8259), or undefined when it is valid JSON. Iterative, so
 * deep nesting cannot exhaust the stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  let i = 0;
  const containers: ("{" | "[")[] = [];
  const fail = (reason: string): JsonSyntaxError => ({ offset: i, reason: i >= n ? "unexpected end of input" : reason });
  const skipBlanks = () => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const string = (): JsonSyntaxError | undefined => {
    i++; // the opening quote
    while (i < n) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return undefined;
      }
      if (ch < " ") return fail(`control character ${codePoint(ch)} inside a string (escape it)`);
      if (ch === "\\") {
        const next = text[i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === "u" && HEX4.test(text.slice(i + 2, i + 6))) i += 6;
        else return (i++, fail("invalid escape sequence in a string"));
      } else i++;
    }
    return fail("unterminated string");
  };
  /** A property name and its colon. */
  const key = (): JsonSyntaxError | undefined => {
    skipBlanks();
    if (text[i] !== '"') return fail(`expected a property name in double quotes, found ${describe()}`);
    const error = string();
    if (error) return error;
    skipBlanks();
    if (text[i] !== ":") return fail(`expected ":" after a property name, found ${describe()}`);
    i++;
    return undefined;
  };
  const describe = () => (i >= n ? "the end" : `character ${codePoint(text[i]!)}`);
  const scalar = (): JsonSyntaxError | undefined => {
    const ch = text[i]!;
    if (ch === '"') return string();
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return undefined;
      }
    }
    NUMBER.lastIndex = i;
    if ((ch === "-" || (ch >= "0" && ch <= "9")) && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return undefined;
    }
    return fail(`expected a value, found ${describe()}`);
  };

  let expectValue = true;
  for (;;) {
    skipBlanks();
    if (expectValue) {
      if (i >= n) return fail("");
      const ch = text[i]!;
      if (ch === "{" || ch === "[") {
        i++;
        skipBlanks();
        if (text[i] === (ch === "{" ? "}" : "]")) {
          i++;
          expectValue = false;
          continue;
        }
        containers.push(ch);
        if (ch === "{") {
          const error = key();
          if (error) return error;
        }
        continue;
      }
      const error = scalar();
      if (error) return error;
      expectValue = false;
      continue;
    }
    const open = containers.at(-1);
    if (open === undefined) return i < n ? fail(`unexpected ${describe()} after the JSON value`) : undefined;
    if (text[i] === ",") {
      i++;
      if (open === "{") {
        const error = key();
        if (error) return error;
      }
      expectValue = true;
    } else if (text[i] === (open === "{" ? "}" : "]")) {
      i++;
      containers.pop();
    } else {
      return fail(`expected "," or "${open === "{" ? "}" : "]"}", found ${describe()}`);
    }
  }
}

/** Line and column (both from 1) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
}
