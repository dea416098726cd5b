import { describe, expect, it } from "vitest";
import { didYouMean, editDistance, matchName, suggestions } from "../src/suggest.js";

const SEVERITIES = ["critical", "high", "medium", "low", "info", "none"];

describe("names in any case, with a did-you-mean", () => {
  it("matches ignoring case and surrounding blanks, and only whole names", () => {
    expect(matchName("HIGH", SEVERITIES)).toBe("high");
    expect(matchName(" Mfa-Required ", ["mfa-required"])).toBe("mfa-required");
    expect(matchName("hig", SEVERITIES)).toBeUndefined();
  });

  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("hihg", "high")).toBe(1);
    expect(editDistance("mfa-requird", "mfa-required")).toBe(1);
    expect(editDistance("", "low")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests the closest name for a typo, nothing for something unrelated", () => {
    expect(suggestions("hihg", SEVERITIES)).toEqual(["high"]);
    expect(suggestions("MEDUIM", SEVERITIES)).toEqual(["medium"]);
    expect(suggestions("banana", SEVERITIES)).toEqual([]);
    expect(suggestions("x", SEVERITIES)).toEqual([]);
    expect(suggestions("a".repeat(10_000), SEVERITIES)).toEqual([]);
  });

  it("falls back to names containing what was typed", () => {
    expect(suggestions("mfa", ["mfa-required", "mfa-sms-only", "implicit-grant"])).toEqual(["mfa-required", "mfa-sms-only"]);
  });

  it("phrases the suggestion for a message", () => {
    expect(didYouMean("hihg", SEVERITIES)).toBe(" (did you mean high?)");
    expect(didYouMean("mfa", ["mfa-required", "mfa-sms-only"])).toBe(" (did you mean mfa-required or mfa-sms-only?)");
    expect(didYouMean("banana", SEVERITIES)).toBe("");
  });
});
