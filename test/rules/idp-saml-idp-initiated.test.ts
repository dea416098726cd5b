import rule from "../../rules/idp-saml-idp-initiated.js";
import type { IdentityProvider } from "../../src/snapshot/types.js";
import { poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const saml = (details: Record<string, string>, type: IdentityProvider["ProviderType"] = "SAML") =>
  poolEntry({ identityProviders: [{ ProviderName: "Okta", ProviderType: type, ProviderDetails: { MetadataURL: "https://okta.example.com/metadata", ...details } }] });

testRule(rule, {
  valid: [
    { name: "IDPInit absent (default: SP-initiated only)", entry: saml({}), resource: "/idp/Okta" },
    { name: "IDPInit false", entry: saml({ IDPInit: "false" }), resource: "/idp/Okta" },
  ],
  invalid: [
    { name: "IDPInit true", entry: saml({ IDPInit: "true" }), resource: "/idp/Okta", messageId: "idpInitiated", severity: "medium", evidence: { IDPInit: "true" } },
    { name: "IDPInit TRUE (case-insensitive)", entry: saml({ IDPInit: "TRUE" }), resource: "/idp/Okta", messageId: "idpInitiated" },
  ],
  notApplicable: [{ name: "an OIDC provider", entry: saml({ IDPInit: "true" }, "OIDC"), resource: "/idp/Okta" }],
  notEvaluated: [
    {
      name: "identity providers were not collected",
      entry: poolEntry({ identityProviders: undefined }),
      resource: "/idp/*",
      reason: /identityProviders was not collected/,
    },
  ],
});
