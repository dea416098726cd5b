import { expect } from "vitest";
import rule from "../../rules/waf-web-acl.js";
import type { WebAcl } from "../../src/snapshot/types.js";
import { poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const ACL_ARN = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/cognito-acl/0000";
const acl = (overrides: Partial<WebAcl> = {}): WebAcl => ({
  Name: "cognito-acl",
  Id: "0000",
  ARN: ACL_ARN,
  DefaultAction: { Allow: {} },
  VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "cognito" },
  Rules: [
    {
      Name: "rate-limit",
      Priority: 0,
      Statement: { RateBasedStatement: { Limit: 100, AggregateKeyType: "IP" } },
      Action: { Block: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "rate" },
    },
  ],
  ...overrides,
});

testRule(rule, {
  valid: [
    {
      name: "a web ACL with a rate-based rule",
      entry: poolEntry({ webAcl: acl() }),
      evidence: { webAcl: "cognito-acl", arn: ACL_ARN, defaultAction: "Allow", rules: ["rate-limit"] },
    },
    {
      name: "a web ACL without rules still counts as associated",
      entry: poolEntry({ webAcl: acl({ Rules: [], DefaultAction: { Block: {} } }) }),
      evidence: expect.objectContaining({ defaultAction: "Block", rules: [], note: expect.stringContaining("no rules") as unknown }) as Record<string, unknown>,
    },
  ],
  invalid: [
    { name: "no web ACL", entry: poolEntry({ webAcl: null }), messageId: "none", severity: "medium", evidence: { webAcl: "none associated" } },
  ],
  notEvaluated: [
    {
      name: "GetWebACLForResource failed",
      entry: poolEntry({ webAcl: undefined, errors: [{ operation: "GetWebACLForResource", code: "AccessDeniedException", message: "denied" }] }),
      reason: /GetWebACLForResource failed with AccessDeniedException/,
    },
    { name: "web ACL not collected", entry: poolEntry({ webAcl: undefined }), reason: /webAcl was not collected/ },
  ],
});
