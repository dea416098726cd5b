import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "custom-domain-tls",
  resourceType: "userPool",
  severity: "medium",
  title: "The custom domain accepts TLS 1.0",
  rationale:
    "The managed login pages and the OAuth endpoints (/oauth2/token, /oauth2/authorize) of a custom domain carry passwords, authorization codes and tokens. The TLS_V1 security policy lets the CloudFront distribution in front of them fall back to TLS 1.0 and 1.1 with legacy ciphers, which PCI DSS and most baselines forbid and which enables downgrade attacks on old clients.",
  remediation: "Set the custom domain's CustomDomainConfig.SecurityPolicy to TLS_V1_2_2021 (or TLS_V1_3_2025 when every client supports TLS 1.3).",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CustomDomainConfigType.html"],
  requires: ["domains"],
  messages: {
    tlsV1: "Custom domain {{domain}} uses the TLS_V1 security policy: clients can connect with TLS 1.0 and 1.1.",
  },
  check({ pool }) {
    const domains = (pool.entry.domains ?? []).filter((d) => d.CustomDomainConfig !== undefined && d.CustomDomainConfig !== null);
    const named = pool.entry.userPool.CustomDomain;
    if (domains.length === 0) {
      // The pool names a custom domain, but DescribeUserPoolDomain did not describe it.
      if (named) return notEvaluated(`DescribeUserPoolDomain returned no description of the custom domain ${named}`);
      return null;
    }
    const details = domains.map((d) => ({
      domain: d.Domain ?? named ?? "",
      SecurityPolicy: d.CustomDomainConfig?.SecurityPolicy ?? null,
      status: d.Status ?? null,
      cloudFrontDistribution: d.CloudFrontDistribution ?? null,
    }));
    const weak = details.filter((d) => d.SecurityPolicy?.toUpperCase() === "TLS_V1");
    if (weak.length > 0) return fail({ messageId: "tlsV1", data: { domain: weak.map((d) => d.domain).join(", ") }, evidence: { domains: details } });
    const unknown = details.filter((d) => d.SecurityPolicy === null);
    if (unknown.length > 0) {
      return notEvaluated(
        `DescribeUserPoolDomain did not report CustomDomainConfig.SecurityPolicy for ${unknown.map((d) => d.domain).join(", ")} (an older API version or an emulator); check the domain with a TLS scanner`,
      );
    }
    return pass({ domains: details });
  },
});
