import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nameWords } from "../../src/cognito/names.js";

/** The earlier, regular-expression definition of the words of a name: the reference for short names. */
function referenceWords(name: string): string[] {
  return name
    .replace(/^(dev:)?custom:/i, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

describe("nameWords", () => {
  it("splits camel case, capital runs, digits and separators", () => {
    expect(nameWords("custom:refreshToken_v2")).toEqual(["refresh", "token", "v2"]);
    expect(nameWords("custom:APIKey")).toEqual(["api", "key"]);
    expect(nameWords("dev:custom:is-admin")).toEqual(["is", "admin"]);
    expect(nameWords("classname")).toEqual(["classname"]);
  });

  it("agrees with the regular-expression definition", () => {
    const chars = fc.constantFrom(..."aAbBzZ09_-:.é ".split(""));
    fc.assert(fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join("")), (name) => {
      expect(nameWords(name)).toEqual(referenceWords(name));
    }), { numRuns: 2000 });
  });

  it("reads a long run of capitals in linear time", () => {
    const words = nameWords(`custom:${"A".repeat(200_000)}b`);
    expect(words.map((w) => w.length)).toEqual([199_999, 2]);
    expect(words[1]).toBe("ab");
  });
});
