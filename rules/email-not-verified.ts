import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

const CONTACT_ATTRIBUTES = ["email", "phone_number"] as const;

const lower = (values: readonly string[] | undefined) => (values ?? []).map((v) => v.toLowerCase());

export default defineConfigRule({
  id: "email-not-verified",
  resourceType: "userPool",
  severity: "medium",
  title: "A sign-in email or phone number is not verified",
  rationale:
    "When users sign in with an email address or phone number that Cognito never verifies, nobody proves they own it: anyone can register somebody else's address first (pre-account takeover), apps that trust the email claim confuse people, and password-reset codes cannot be delivered because the pool has no verified contact.",
  remediation: "Add the sign-in attribute (email, phone_number) to AutoVerifiedAttributes so that Cognito sends a code and confirms the user owns it.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolType.html"],
  messages: {
    notVerified: "{{attributes}} identifies users at sign-in but is not in AutoVerifiedAttributes: ownership of the address is never proven.",
  },
  check({ pool }) {
    const userPool = pool.entry.userPool;
    const usernameAttributes = lower(userPool.UsernameAttributes);
    const aliasAttributes = lower(userPool.AliasAttributes);
    const autoVerified = lower(userPool.AutoVerifiedAttributes);
    const identifiers = CONTACT_ATTRIBUTES.flatMap((name) => {
      const via = [
        ...(usernameAttributes.includes(name) ? ["UsernameAttributes"] : []),
        ...(aliasAttributes.includes(name) ? ["AliasAttributes"] : []),
      ];
      return via.length > 0 ? [{ attribute: name, signInVia: via, autoVerified: autoVerified.includes(name) }] : [];
    });
    const evidence = { identifiers, AutoVerifiedAttributes: userPool.AutoVerifiedAttributes ?? [] };
    const unverified = identifiers.filter((i) => !i.autoVerified);
    if (unverified.length === 0) return pass(evidence);
    return fail({ messageId: "notVerified", data: { attributes: unverified.map((i) => i.attribute).join(" and ") }, evidence: { ...evidence, unverified: unverified.map((i) => i.attribute) } });
  },
});
