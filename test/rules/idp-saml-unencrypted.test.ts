import rule from "../../rules/idp-saml-unencrypted.js";
import type { IdentityProvider } from "../../src/snapshot/types.js";
import { poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const saml = (details: Record<string, string>, type: IdentityProvider["ProviderType"] = "SAML") =>
  poolEntry({ identityProviders: [{ ProviderName: "Okta", ProviderType: type, ProviderDetails: { MetadataURL: "https://okta.example.com/metadata", ...details } }] });

testRule(rule, {
  valid: [
    { name: "EncryptedResponses true", entry: saml({ EncryptedResponses: "true" }), resource: "/idp/Okta" },
    { name: "EncryptedResponses True (case-insensitive)", entry: saml({ EncryptedResponses: "True" }), resource: "/idp/Okta" },
  ],
  invalid: [
    { name: "EncryptedResponses absent (default: unencrypted)", entry: saml({}), resource: "/idp/Okta", messageId: "unencrypted", severity: "low", evidence: { EncryptedResponses: null } },
    { name: "EncryptedResponses false", entry: saml({ EncryptedResponses: "false" }), resource: "/idp/Okta", messageId: "unencrypted", evidence: { EncryptedResponses: "false" } },
  ],
  notApplicable: [
    { name: "an OIDC provider", entry: saml({}, "OIDC"), resource: "/idp/Okta" },
    { name: "a social provider", entry: saml({}, "Facebook"), resource: "/idp/Okta" },
  ],
  notEvaluated: [
    {
      name: "a provider could not be described",
      entry: poolEntry({ identityProviders: undefined, errors: [{ operation: "DescribeIdentityProvider", code: "ThrottlingException", message: "rate exceeded" }] }),
      resource: "/idp/*",
      reason: /DescribeIdentityProvider failed with ThrottlingException/,
    },
  ],
});
