import rule from "../../rules/passkey-relying-party-broad.js";
import type { UserPoolEntry } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const passkeyPool = (RelyingPartyId: string | undefined, CustomDomain: string | undefined, factors = ["PASSWORD", "WEB_AUTHN"]): UserPoolEntry => {
  const pool = userPool({ CustomDomain, Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors as never[] } } });
  return poolEntry({ userPool: pool, mfaConfig: { MfaConfiguration: "ON", WebAuthnConfiguration: { RelyingPartyId, UserVerification: "required" } } });
};

testRule(rule, {
  valid: [
    {
      name: "relying party id is the custom domain",
      entry: passkeyPool("auth.example.com", "auth.example.com"),
      evidence: { RelyingPartyId: "auth.example.com", CustomDomain: "auth.example.com" },
    },
    { name: "same name, other case and a trailing dot", entry: passkeyPool("Auth.Example.com.", "auth.example.com") },
    { name: "no relying party id set: the pool domain", entry: passkeyPool(undefined, "auth.example.com") },
    { name: "no custom domain to compare with", entry: passkeyPool("example.com", undefined) },
    { name: "a look-alike suffix is not a parent", entry: passkeyPool("ample.com", "auth.example.com") },
    { name: "a subdomain of the custom domain is not broader", entry: passkeyPool("login.auth.example.com", "auth.example.com") },
    { name: "parent accepted by option", entry: passkeyPool("example.com", "auth.example.com"), options: { allowedRelyingPartyIds: ["EXAMPLE.com"] } },
  ],
  invalid: [
    {
      name: "registrable domain of the custom domain",
      entry: passkeyPool("example.com", "auth.example.com"),
      messageId: "parent",
      severity: "medium",
      data: { rpId: "example.com", domain: "auth.example.com" },
    },
    {
      name: "an intermediate parent",
      entry: passkeyPool("corp.example.co.uk", "login.auth.corp.example.co.uk", ["WEB_AUTHN"]),
      messageId: "parent",
      data: { rpId: "corp.example.co.uk", domain: "login.auth.corp.example.co.uk" },
    },
  ],
  notApplicable: [{ name: "passkeys are not a sign-in factor", entry: passkeyPool("example.com", "auth.example.com", ["PASSWORD"]) }],
  notEvaluated: [
    {
      name: "GetUserPoolMfaConfig not collected",
      entry: { ...passkeyPool("example.com", "auth.example.com"), mfaConfig: undefined, errors: [{ operation: "GetUserPoolMfaConfig", code: "AccessDeniedException", message: "denied" }] },
      reason: /GetUserPoolMfaConfig|mfaConfig/,
    },
  ],
});
