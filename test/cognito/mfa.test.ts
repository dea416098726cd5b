import { describe, expect, it } from "vitest";
import { mfaActive, mfaMode } from "../../src/cognito/mfa.js";
import { poolEntry, userPool } from "../helpers/factories.js";

describe("mfaMode", () => {
  it("prefers DescribeUserPool, falls back to GetUserPoolMfaConfig, upper-cases", () => {
    expect(mfaMode(poolEntry({ userPool: userPool({ MfaConfiguration: "ON" }), mfaConfig: { MfaConfiguration: "OFF" } }))).toBe("ON");
    expect(mfaMode(poolEntry({ userPool: userPool({ MfaConfiguration: undefined }), mfaConfig: { MfaConfiguration: "optional" as never } }))).toBe("OPTIONAL");
    expect(mfaMode(poolEntry({ userPool: userPool({ MfaConfiguration: undefined }), mfaConfig: undefined }))).toBeUndefined();
  });

  it("is active when ON or OPTIONAL", () => {
    expect([mfaActive("ON"), mfaActive("OPTIONAL"), mfaActive("OFF"), mfaActive(undefined)]).toEqual([true, true, false, false]);
  });
});
