import { privilegedAttributeReason } from "../src/cognito/names.js";
import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

/** Social providers: the user edits their own profile there, so every mapped value is user input. */
const SOCIAL_PROVIDERS = new Set(["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"]);
const CUSTOM = /^(dev:)?custom:/i;

export default defineConfigRule({
  id: "idp-maps-privileged-attribute",
  resourceType: "identityProvider",
  severity: "high",
  title: "A social identity provider writes a privileged attribute",
  rationale:
    "Cognito copies mapped attributes from the identity provider into the user's profile at every federated sign-in, and the values land in the ID token. A social provider's profile fields are edited by the user: mapping one into an attribute the application reads for roles, groups, tenants or access levels lets anyone with a Google, Facebook, Amazon or Apple account choose their own privileges.",
  remediation: "Remove the mapping for the privileged attribute from the provider's AttributeMapping, and set such attributes only from the back end (AdminUpdateUserAttributes or a pre token generation trigger that reads a trusted store).",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html"],
  messages: {
    privileged: "{{type}} provider {{provider}} writes its {{providerAttribute}} field into {{attribute}} ({{reason}}){{more}}: users set these values themselves.",
  },
  check({ provider }, _options, { authorizationAttributes }) {
    if (!SOCIAL_PROVIDERS.has(provider.ProviderType ?? "")) return null;
    const mappings = Object.entries(provider.AttributeMapping ?? {}).flatMap(([attribute, providerAttribute]) => {
      if (!CUSTOM.test(attribute)) return [];
      const reason = privilegedAttributeReason(attribute, authorizationAttributes);
      return reason ? [{ attribute, providerAttribute, reason: reason === "configured" ? "listed in authorizationAttributes" : `name contains "${reason}"` }] : [];
    });
    if (mappings.length === 0) return pass({ providerType: provider.ProviderType, mappedAttributes: Object.keys(provider.AttributeMapping ?? {}) });
    const first = mappings[0]!;
    return fail({
      messageId: "privileged",
      data: { type: provider.ProviderType ?? "", provider: provider.ProviderName ?? "", providerAttribute: first.providerAttribute, attribute: first.attribute, reason: first.reason, more: mappings.length > 1 ? ` and ${mappings.length - 1} more privileged attribute(s)` : "" },
      evidence: { providerType: provider.ProviderType, mappings },
    });
  },
});
