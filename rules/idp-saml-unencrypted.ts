import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "idp-saml-unencrypted",
  resourceType: "identityProvider",
  severity: "low",
  title: "SAML assertions from an identity provider are not encrypted",
  rationale:
    "A signed but unencrypted SAML response travels through the user's browser with every attribute in clear text (email, name, groups, employee ids): browser extensions, HAR files, proxies and support screenshots capture it. Requiring encrypted responses makes Cognito publish an encryption certificate and reject assertions the IdP did not encrypt for it.",
  remediation: "Set EncryptedResponses to true on the provider, give the IdP the encryption certificate Cognito publishes (GetSigningCertificate / the SAML metadata), and turn on assertion encryption at the IdP.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-SAML-signing-encryption.html"],
  messages: {
    unencrypted: "SAML provider {{provider}} does not require encrypted assertions (EncryptedResponses = {{value}}).",
  },
  check({ provider }) {
    if (provider.ProviderType !== "SAML") return null;
    const value = provider.ProviderDetails?.EncryptedResponses;
    const evidence = { EncryptedResponses: value ?? null };
    if (value?.trim().toLowerCase() === "true") return pass(evidence);
    return fail({ messageId: "unencrypted", data: { provider: provider.ProviderName ?? "", value: value === undefined ? "absent" : JSON.stringify(value) }, evidence });
  },
});
