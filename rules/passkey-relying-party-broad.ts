import { defineConfigRule, fail, pass, stringList } from "../src/engine/rule.js";
import { firstAuthFactors } from "../src/cognito/authFlows.js";

/** A DNS name in the form WebAuthn compares: lower case, without a trailing dot. */
const dnsName = (name: string) => name.trim().toLowerCase().replace(/\.$/, "");

export default defineConfigRule({
  id: "passkey-relying-party-broad",
  resourceType: "userPool",
  severity: "medium",
  title: "Passkeys are bound to a parent domain of the pool's custom domain",
  rationale:
    "A passkey belongs to its relying party id, and browsers let any page whose host is that domain or one of its subdomains use it. With the relying party id on a parent of the custom domain (example.com for auth.example.com), every other site and app under that parent, run by other teams or vendors, can ask the user's browser for a passkey assertion of your pool, and a cross-site-scripting flaw on any of them becomes a way to phish it. The passkeys are also stuck with the parent: narrowing the id later invalidates every registered passkey.",
  remediation:
    "Set WebAuthnConfiguration.RelyingPartyId to the fully qualified custom domain (AWS requires that for managed login with a custom domain). Existing passkeys stop working when the id changes: plan re-registration.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-passkeys.html"],
  requires: ["mfaConfig"],
  appliesTo: ({ pool }) => firstAuthFactors(pool.entry.userPool).factors.includes("WEB_AUTHN"),
  options: {
    allowedRelyingPartyIds: stringList({
      default: [],
      description: "Parent domains accepted as relying party ids on purpose (passkeys shared by every app under them).",
    }),
  },
  messages: {
    parent: "The passkey relying party id {{rpId}} is a parent domain of the custom domain {{domain}}: every site under {{rpId}} can request the pool's passkeys.",
  },
  check({ pool }, options) {
    const configured = pool.entry.mfaConfig?.WebAuthnConfiguration?.RelyingPartyId;
    const custom = pool.entry.userPool.CustomDomain;
    const evidence = { RelyingPartyId: configured ?? null, CustomDomain: custom ?? null };
    // No relying party id set: AWS uses the user pool domain. Without a custom domain there is no parent to compare with.
    if (configured === undefined || !custom) return pass(evidence);
    const rpId = dnsName(configured);
    const domain = dnsName(custom);
    const broad = domain.endsWith(`.${rpId}`) && !options.allowedRelyingPartyIds.some((allowed) => dnsName(allowed) === rpId);
    return broad ? fail({ messageId: "parent", data: { rpId, domain }, evidence }) : pass(evidence);
  },
});
