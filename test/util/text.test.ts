import { describe, expect, it } from "vitest";
import { asText } from "../../src/util/text.js";

describe("asText", () => {
  it("keeps strings, empties nothing, writes objects as JSON", () => {
    expect([asText("a"), asText(undefined), asText(null), asText(3), asText(false)]).toEqual(["a", "", "", "3", "false"]);
    expect(asText({ a: [1] })).toBe('{"a":[1]}');
  });
});
