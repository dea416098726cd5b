import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "idp-saml-idp-initiated",
  resourceType: "identityProvider",
  severity: "medium",
  title: "A SAML identity provider accepts IdP-initiated sign-in",
  rationale:
    "With IDPInit enabled Cognito accepts SAML assertions it never asked for. Without a request to bind the response to, nothing ties the assertion to the browser that presents it: an assertion stolen from a log, a proxy or another service provider, or forced onto a victim's browser (login CSRF), signs someone in. SP-initiated sign-in, where Cognito sends the AuthnRequest and checks the response against it, closes that gap.",
  remediation: "Set IDPInit to false and start sign-in from Cognito (managed login or the /oauth2/authorize endpoint with identity_provider); if IdP-initiated sign-in is a hard requirement, keep the client's callback URLs to the minimum and require signed, encrypted assertions.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-SAML-session-initiation.html"],
  messages: {
    idpInitiated: "SAML provider {{provider}} accepts IdP-initiated (unsolicited) assertions (IDPInit = {{value}}).",
  },
  check({ provider }) {
    if (provider.ProviderType !== "SAML") return null;
    const value = provider.ProviderDetails?.IDPInit;
    const evidence = { IDPInit: value ?? null };
    if (value?.trim().toLowerCase() !== "true") return pass(evidence);
    return fail({ messageId: "idpInitiated", data: { provider: provider.ProviderName ?? "", value }, evidence });
  },
});
