import { describe, expect, it } from "vitest";
import { asText, wrapText } from "../../src/util/text.js";

describe("asText", () => {
  it("keeps strings, empties nothing, writes objects as JSON", () => {
    expect([asText("a"), asText(undefined), asText(null), asText(3), asText(false)]).toEqual(["a", "", "", "3", "false"]);
    expect(asText({ a: [1] })).toBe('{"a":[1]}');
  });
});

describe("wrapText", () => {
  it("wraps at spaces, keeps line breaks, and breaks a word longer than a line", () => {
    expect(wrapText("the quick brown fox", 9)).toEqual(["the quick", "brown fox"]);
    expect(wrapText("one\ntwo three", 20)).toEqual(["one", "two three"]);
    expect(wrapText("a cognito_user_pool_waf_acl_attached b", 10)).toEqual(["a", "cognito_us", "er_pool_wa", "f_acl_atta", "ched b"]);
    expect(wrapText("", 5)).toEqual([""]);
    for (const line of wrapText("x".repeat(95) + " yy " + "z".repeat(12), 10)) expect(line.length).toBeLessThanOrEqual(10);
  });

  it("refuses a width below one", () => {
    expect(() => wrapText("x", 0)).toThrow(RangeError);
  });
});
