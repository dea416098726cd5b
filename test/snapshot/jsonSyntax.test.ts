import fc from "fast-check";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findJsonSyntaxError, lineAndColumn } from "../../src/snapshot/jsonSyntax.js";
import { parseJsonText } from "../../src/snapshot/json.js";
import { readJsonFile } from "../../src/snapshot/io.js";

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe("locating JSON syntax errors", () => {
  it.each([
    ['{"a": 1,}', 8, "expected a property name in double quotes, found character U+007D"],
    ["[1, 2", 5, "unexpected end of input"],
    ['{"a" 1}', 5, 'expected ":" after a property name, found character U+0031'],
    ["[01]", 2, 'expected "," or "]", found character U+0031'],
    ['"a\\x"', 3, "invalid escape sequence in a string"],
    ['"a\u001bb"', 2, "control character U+001B inside a string (escape it)"],
    ["\u001b[31m{}", 0, "expected a value, found character U+001B"],
    ["{} []", 3, "unexpected character U+005B after the JSON value"],
    ["", 0, "unexpected end of input"],
    ["[tru]", 1, "expected a value, found character U+0074"],
  ])("%j: offset %i, %s", (text, offset, reason) => {
    expect(findJsonSyntaxError(text)).toEqual({ offset, reason });
  });

  it("finds nothing in valid JSON, however deep", () => {
    expect(findJsonSyntaxError('{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n", {}, []]}')).toBeUndefined();
    expect(findJsonSyntaxError(`${"[".repeat(100_000)}${"]".repeat(100_000)}`)).toBeUndefined();
  });

  it("agrees with JSON.parse on generated and broken documents", () => {
    const text = fc.oneof(
      fc.json(),
      fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 3 })).map(([json, at, junk]) => json.slice(0, at % (json.length + 1)) + junk + json.slice(at % (json.length + 1))),
    );
    fc.assert(fc.property(text, (t) => (findJsonSyntaxError(t) === undefined) === parses(t)), { numRuns: 2000 });
  });

  it("counts lines and columns from 1", () => {
    expect(lineAndColumn("ab\ncd\nef", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd\nef", 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn("ab\ncd\nef", 6)).toEqual({ line: 3, column: 1 });
  });
});

describe("JSON files with hostile bytes", () => {
  it("give line and column and quote none of the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ca-json-"));
    const file = join(dir, "evil.json");
    const hostile = '{\n  "format": "cognito-audit/snapshot",\n  \u001b]0;pwned\u0007\u001b[2J\u001b[31mSECRET-TOKEN\n}';
    await writeFile(file, hostile);
    const error = await readJsonFile(file).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toBe(`${file}: is not valid JSON at line 3, column 3: expected a property name in double quotes, found character U+001B.`);
    for (const fragment of ["\u001b", "\u0007", "pwned", "SECRET", "[31m", "[2J"]) expect(message).not.toContain(fragment);
  });

  it("accept a byte order mark", () => {
    expect(parseJsonText('\uFEFF{"a": 1}', "bom.json")).toEqual({ a: 1 });
  });
});
