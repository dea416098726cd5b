import { describe, expect, it } from "vitest";
import { anchorKind, anchorLabel, anchorMarkdown, PEER_SCANNERS } from "../../src/engine/anchors.js";

describe("anchorKind", () => {
  it("knows FSBP control ids, peer scanners' checks by name and AWS documentation URLs", () => {
    expect(anchorKind("FSBP Cognito.6")).toBe("fsbp");
    expect(anchorKind("FSBP Lambda.2")).toBe("fsbp");
    for (const scanner of PEER_SCANNERS) expect(anchorKind(`${scanner} some_check_1`)).toBe("peer");
    expect(anchorKind("Checkov CKV_AWS_366")).toBe("peer");
    expect(anchorKind("https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html")).toBe("aws-docs");
    expect(anchorKind("https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior")).toBe("aws-docs");
  });

  it("refuses internal words, bare scanner names and other sites", () => {
    for (const anchor of [
      "seed",
      "new",
      "new (no external control)",
      "Prowler",
      "Prowler PR (unmerged)",
      "Prowler cognito check",
      "Trivy some_check",
      "FSBP Cognito",
      "FSBP Cognito.0",
      "AWS FSBP Cognito.6",
      "MITRE ATT&CK T1110",
      "http://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html",
      "https://docs.aws.amazon.com.evil.example/x.html",
      "https://example.com/docs.aws.amazon.com/x",
      "https://docs.aws.amazon.com/a b",
      "https://docs.aws.amazon.com/x)](javascript:alert(1)",
    ]) {
      expect(anchorKind(anchor), anchor).toBeUndefined();
    }
  });
});

describe("anchorMarkdown", () => {
  it("links an FSBP control to its Security Hub page and names a peer check with the scanner's word for it", () => {
    expect(anchorMarkdown("FSBP Cognito.6")).toBe("AWS Security Hub, FSBP control [Cognito.6](https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-6)");
    expect(anchorMarkdown("FSBP Lambda.2")).toContain("(https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-2)");
    expect(anchorMarkdown("Prowler cognito_user_pool_waf_acl_attached")).toBe("Prowler check `cognito_user_pool_waf_acl_attached`");
    expect(anchorMarkdown("Pacu cognito__enum")).toBe("Pacu module `cognito__enum`");
    expect(anchorMarkdown("https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html")).toBe(
      "AWS documentation: <https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html>",
    );
  });

  it("throws on what is not an anchor", () => {
    expect(() => anchorMarkdown("seed")).toThrow(/not an anchor/);
  });
});

describe("anchorLabel", () => {
  it("names an AWS documentation page by its file name and keeps other anchors", () => {
    expect(anchorLabel("https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html")).toBe("AWS docs user-pool-waf");
    expect(anchorLabel("https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior")).toBe(
      "AWS docs authentication#authentication-flow-lockout-behavior",
    );
    expect(anchorLabel("FSBP Cognito.1")).toBe("FSBP Cognito.1");
  });
});
