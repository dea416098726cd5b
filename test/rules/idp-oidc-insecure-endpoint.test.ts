import rule from "../../rules/idp-oidc-insecure-endpoint.js";
import type { IdentityProvider } from "../../src/snapshot/types.js";
import { poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const HTTPS = {
  client_id: "abc",
  authorize_scopes: "openid email",
  attributes_request_method: "GET",
  oidc_issuer: "https://login.example.com",
  authorize_url: "https://login.example.com/authorize",
  token_url: "https://login.example.com/token",
  attributes_url: "https://login.example.com/userinfo",
  jwks_uri: "https://login.example.com/.well-known/jwks.json",
};
const oidc = (details: Record<string, string>, type: IdentityProvider["ProviderType"] = "OIDC") =>
  poolEntry({ identityProviders: [{ ProviderName: "Corp", ProviderType: type, ProviderDetails: details }] });

testRule(rule, {
  valid: [
    { name: "https everywhere", entry: oidc(HTTPS), resource: "/idp/Corp" },
    { name: "issuer only (endpoints discovered)", entry: oidc({ client_id: "abc", oidc_issuer: "https://login.example.com" }), resource: "/idp/Corp" },
    { name: "http elsewhere in the details is not an endpoint", entry: oidc({ ...HTTPS, client_id: "http://not-an-endpoint" }), resource: "/idp/Corp" },
  ],
  invalid: [
    {
      name: "http issuer",
      entry: oidc({ ...HTTPS, oidc_issuer: "http://login.example.com" }),
      resource: "/idp/Corp",
      messageId: "insecure",
      severity: "high",
      evidence: { insecureEndpoints: [{ field: "oidc_issuer", url: "http://login.example.com" }] },
    },
    { name: "upper-case HTTP jwks_uri", entry: oidc({ ...HTTPS, jwks_uri: "HTTP://login.example.com/jwks" }), resource: "/idp/Corp", messageId: "insecure" },
    {
      name: "every http endpoint is listed",
      entry: oidc({ ...HTTPS, token_url: "http://login.example.com/token", attributes_url: "http://login.example.com/userinfo", authorize_url: "http://localhost/authorize" }),
      resource: "/idp/Corp",
      messageId: "insecure",
      evidence: {
        insecureEndpoints: [
          { field: "authorize_url", url: "http://localhost/authorize" },
          { field: "token_url", url: "http://login.example.com/token" },
          { field: "attributes_url", url: "http://login.example.com/userinfo" },
        ],
      },
    },
  ],
  notApplicable: [
    { name: "a SAML provider", entry: oidc({ MetadataURL: "http://idp.example.com/metadata" }, "SAML"), resource: "/idp/Corp" },
    { name: "a social provider", entry: oidc({ client_id: "abc", authorize_url: "http://x" }, "Google"), resource: "/idp/Corp" },
  ],
  notEvaluated: [
    {
      name: "identity providers could not be listed",
      entry: poolEntry({ identityProviders: undefined, errors: [{ operation: "ListIdentityProviders", code: "AccessDeniedException", message: "" }] }),
      resource: "/idp/*",
      reason: /ListIdentityProviders failed with AccessDeniedException/,
    },
  ],
});
