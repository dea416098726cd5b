import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "waf-web-acl",
  resourceType: "userPool",
  severity: "medium",
  title: "No WAF web ACL protects the pool",
  rationale:
    "A user pool's sign-in, sign-up and password-reset endpoints are public. Cognito's own quotas throttle the whole pool, not one attacker; an AWS WAF web ACL adds per-IP rate limits, bot control, IP reputation and geo blocking in front of credential stuffing, account enumeration and SMS pumping.",
  remediation:
    "Associate a regional AWS WAF web ACL with the user pool (wafv2 associate-web-acl) with at least a rate-based rule and the AWS managed IP reputation rules.",
  anchors: ["Prowler cognito_user_pool_waf_acl_attached", "CloudSploit cognitoHasWafEnabled", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html"],
  requires: ["webAcl"],
  messages: {
    none: "No AWS WAF web ACL is associated with the pool: its public endpoints have no rate limiting or bot filtering beyond Cognito's quotas.",
  },
  check({ pool }) {
    const acl = pool.entry.webAcl;
    if (!acl) return fail({ messageId: "none", evidence: { webAcl: "none associated" } });
    const rules = acl.Rules ?? [];
    const defaultAction = acl.DefaultAction?.Block ? "Block" : acl.DefaultAction?.Allow ? "Allow" : "not reported";
    return pass({
      webAcl: acl.Name ?? acl.Id ?? "unnamed",
      ...(acl.ARN ? { arn: acl.ARN } : {}),
      defaultAction,
      rules: rules.map((r) => r.Name ?? "unnamed"),
      ...(rules.length === 0 ? { note: "the web ACL has no rules: it only applies its default action" } : {}),
    });
  },
});
