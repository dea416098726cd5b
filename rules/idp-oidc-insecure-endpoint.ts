import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

/** The ProviderDetails keys of an OIDC provider that hold URLs Cognito talks to. */
const ENDPOINT_FIELDS = ["oidc_issuer", "authorize_url", "token_url", "attributes_url", "jwks_uri"] as const;

export default defineConfigRule({
  id: "idp-oidc-insecure-endpoint",
  resourceType: "identityProvider",
  severity: "high",
  title: "An OIDC identity provider endpoint uses plain http",
  rationale:
    "Cognito trusts what the OIDC provider's endpoints return: the token endpoint hands over the ID token and access token, the JWKS endpoint supplies the keys that validate them, and the userinfo endpoint supplies the attributes. Over plain http anyone on the network path can read the client secret and the tokens, or answer in the provider's place with their own signing keys and sign in as any federated user.",
  remediation: "Use the provider's https endpoints (most providers publish them in /.well-known/openid-configuration) and update the identity provider.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-idp.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html"],
  messages: {
    insecure: "OIDC provider {{provider}} uses plain http for {{fields}}.",
  },
  check({ provider }) {
    if (provider.ProviderType !== "OIDC") return null;
    const details = provider.ProviderDetails ?? {};
    const configured = ENDPOINT_FIELDS.flatMap((field) => (typeof details[field] === "string" ? [{ field, url: details[field] }] : []));
    const insecure = configured.filter(({ url }) => /^\s*http:/i.test(url));
    if (insecure.length === 0) return pass({ endpoints: configured });
    return fail({
      messageId: "insecure",
      data: { provider: provider.ProviderName ?? "", fields: insecure.map((e) => e.field).join(", ") },
      evidence: { insecureEndpoints: insecure, endpoints: configured },
    });
  },
});
