import rule from "../../rules/idp-maps-privileged-attribute.js";
import type { IdentityProvider } from "../../src/snapshot/types.js";
import { poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const provider = (type: IdentityProvider["ProviderType"], mapping: Record<string, string>): IdentityProvider => ({
  ProviderName: type ?? "none",
  ProviderType: type,
  ProviderDetails: { client_id: "abc" },
  AttributeMapping: { username: "sub", email: "email", ...mapping },
});
const entryWith = (p: IdentityProvider) => poolEntry({ identityProviders: [p] });

testRule(rule, {
  valid: [
    { name: "standard attributes only", entry: entryWith(provider("Google", { name: "name" })), resource: "/idp/Google" },
    { name: "an ordinary custom attribute", entry: entryWith(provider("Facebook", { "custom:nickname": "name" })), resource: "/idp/Facebook" },
    { name: "a standard attribute whose name contains a privileged word", entry: entryWith(provider("Google", { email_verified: "email_verified" })), resource: "/idp/Google" },
    { name: "no attribute mapping", entry: entryWith({ ProviderName: "SignInWithApple", ProviderType: "SignInWithApple" }), resource: "/idp/SignInWithApple" },
    {
      name: "an ordinary-looking attribute while the configuration lists none",
      entry: entryWith(provider("Google", { "custom:cost_center": "hd" })),
      resource: "/idp/Google",
    },
  ],
  invalid: [
    {
      name: "an attribute listed in authorizationAttributes",
      entry: entryWith(provider("Google", { "custom:cost_center": "hd" })),
      resource: "/idp/Google",
      context: { authorizationAttributes: ["custom:cost_center"] },
      messageId: "privileged",
      evidence: { mappings: [{ attribute: "custom:cost_center", reason: "listed in authorizationAttributes" }] },
    },
    {
      name: "Google writes custom:role",
      entry: entryWith(provider("Google", { "custom:role": "hd" })),
      resource: "/idp/Google",
      messageId: "privileged",
      severity: "high",
      evidence: { providerType: "Google", mappings: [{ attribute: "custom:role", providerAttribute: "hd", reason: 'name contains "role"' }] },
    },
    { name: "Facebook writes custom:tenant_id", entry: entryWith(provider("Facebook", { "custom:tenant_id": "id" })), resource: "/idp/Facebook", messageId: "privileged" },
    { name: "LoginWithAmazon writes custom:accessLevel", entry: entryWith(provider("LoginWithAmazon", { "custom:accessLevel": "postal_code" })), resource: "/idp/LoginWithAmazon", messageId: "privileged" },
    {
      name: "every privileged mapping is listed",
      entry: entryWith(provider("SignInWithApple", { "custom:isAdmin": "email_verified", "custom:Groups": "name", "custom:nickname": "name" })),
      resource: "/idp/SignInWithApple",
      messageId: "privileged",
      evidence: {
        mappings: [
          { attribute: "custom:isAdmin", providerAttribute: "email_verified" },
          { attribute: "custom:Groups", providerAttribute: "name" },
        ],
      },
    },
  ],
  notApplicable: [
    { name: "a SAML provider (the enterprise IdP controls the values)", entry: entryWith(provider("SAML", { "custom:role": "groups" })), resource: "/idp/SAML" },
    { name: "an OIDC provider", entry: entryWith(provider("OIDC", { "custom:role": "roles" })), resource: "/idp/OIDC" },
  ],
  notEvaluated: [
    {
      name: "identity providers were not collected",
      entry: poolEntry({ identityProviders: undefined }),
      resource: "/idp/*",
      reason: /identityProviders/,
    },
  ],
});
