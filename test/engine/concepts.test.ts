import { describe, expect, it } from "vitest";
import { matchNamePattern, nameWords } from "../../src/cognito/names.js";
import { effectiveTokenLifetime, humanDuration } from "../../src/cognito/tokens.js";
import { classifyUrl } from "../../src/cognito/urls.js";
import { terminalSafe } from "../../src/util/terminal.js";

describe("token lifetimes", () => {
  it("applies units and AWS defaults", () => {
    expect(effectiveTokenLifetime({}, "refresh")).toEqual({ minutes: 30 * 1440, configured: "30 days (default)" });
    expect(effectiveTokenLifetime({}, "access").minutes).toBe(60);
    expect(effectiveTokenLifetime({ IdTokenValidity: 5, TokenValidityUnits: { IdToken: "minutes" } }, "id").minutes).toBe(5);
    expect(effectiveTokenLifetime({ RefreshTokenValidity: 3600, TokenValidityUnits: { RefreshToken: "seconds" } }, "refresh").minutes).toBe(60);
    expect(effectiveTokenLifetime({ AccessTokenValidity: 0 }, "access").configured).toBe("1 hour (default)");
  });
  it("describes durations for people", () => {
    expect(humanDuration(3650 * 1440)).toBe("10 years");
    expect(humanDuration(90 * 1440)).toBe("90 days");
    expect(humanDuration(120)).toBe("2 hours");
    expect(humanDuration(1)).toBe("1 minute");
  });
});

describe("attribute names", () => {
  it("splits names into words", () => {
    expect(nameWords("custom:refreshToken_v2")).toEqual(["refresh", "token", "v2"]);
    expect(nameWords("custom:APIKey")).toEqual(["api", "key"]);
  });
  it("matches runs of whole words only", () => {
    expect(matchNamePattern("custom:api_key", ["apikey"])).toBe("apikey");
    expect(matchNamePattern("custom:classname", ["ssn"])).toBeUndefined();
    expect(matchNamePattern("custom:user_ssn", ["ssn"])).toBe("ssn");
  });
});

describe("URL classification", () => {
  it("recognises loopback, IP literals and wildcards", () => {
    expect(classifyUrl("http://localhost:3000/cb")).toMatchObject({ scheme: "http", loopback: true });
    expect(classifyUrl("http://[::1]:80/")).toMatchObject({ loopback: true, ipLiteral: true });
    expect(classifyUrl("https://203.0.113.9/cb")).toMatchObject({ loopback: false, ipLiteral: true });
    expect(classifyUrl("https://*.example.com/cb")).toMatchObject({ wildcard: true, parses: true });
    expect(classifyUrl("not a url")).toMatchObject({ parses: false });
  });
});

describe("terminalSafe", () => {
  it("strips escape sequences, control and bidi characters", () => {
    expect(terminalSafe("pool\u001b[31mRED\u001b[0m")).toBe("poolRED");
    expect(terminalSafe("a\u001b]8;;http://evil\u0007link\u001b]8;;\u0007b")).toBe("alinkb");
    expect(terminalSafe("x\u0007\u0008y\u009bz")).toBe("xyz");
    expect(terminalSafe("admin\u202Egnp.exe")).toBe("admingnp.exe");
    expect(terminalSafe("line1\nline2")).toBe("line1 line2");
  });
});
