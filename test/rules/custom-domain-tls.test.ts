import rule from "../../rules/custom-domain-tls.js";
import type { Domain } from "../../src/snapshot/types.js";
import { ACCOUNT, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
const prefix: Domain = { Domain: "myapp", AWSAccountId: ACCOUNT, Status: "ACTIVE" };
const custom = (SecurityPolicy?: "TLS_V1" | "TLS_V1_2_2021" | "TLS_V1_3_2025"): Domain => ({
  Domain: "auth.example.com",
  AWSAccountId: ACCOUNT,
  Status: "ACTIVE",
  CloudFrontDistribution: "d111111abcdef8.cloudfront.net",
  CustomDomainConfig: { CertificateArn: CERT, ...(SecurityPolicy ? { SecurityPolicy } : {}) },
});
const withDomains = (domains: Domain[], customDomain: string | null = "auth.example.com") =>
  poolEntry({ userPool: userPool({ CustomDomain: customDomain ?? undefined, Domain: "myapp" }), domains });

testRule(rule, {
  valid: [
    { name: "TLS 1.2 policy", entry: withDomains([prefix, custom("TLS_V1_2_2021")]) },
    { name: "TLS 1.3 policy", entry: withDomains([custom("TLS_V1_3_2025")]) },
  ],
  invalid: [
    {
      name: "TLS_V1 policy",
      entry: withDomains([prefix, custom("TLS_V1")]),
      messageId: "tlsV1",
      severity: "medium",
      evidence: { domains: [{ domain: "auth.example.com", SecurityPolicy: "TLS_V1" }] },
    },
    {
      name: "lower-case policy value",
      entry: withDomains([{ ...custom(), CustomDomainConfig: { CertificateArn: CERT, SecurityPolicy: "tls_v1" as never } }]),
      messageId: "tlsV1",
    },
  ],
  notApplicable: [
    { name: "prefix domain only", entry: withDomains([prefix], null) },
    { name: "no domain at all", entry: withDomains([], null) },
  ],
  notEvaluated: [
    { name: "custom domain without a reported security policy", entry: withDomains([custom()]), reason: /SecurityPolicy/ },
    { name: "pool names a custom domain that was not described", entry: withDomains([prefix]), reason: /auth\.example\.com/ },
    {
      name: "domains not collected",
      entry: poolEntry({
        userPool: userPool({ CustomDomain: "auth.example.com" }),
        domains: undefined,
        errors: [{ operation: "DescribeUserPoolDomain", code: "AccessDeniedException", message: "denied" }],
      }),
      reason: /DescribeUserPoolDomain failed with AccessDeniedException/,
    },
  ],
});
