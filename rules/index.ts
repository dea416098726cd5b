// The explicit rule registry, sorted by id. Nothing is discovered by scanning folders.
import type { Rule } from "../src/engine/rule.js";
import accessTokenValidity from "./access-token-validity.js";
import accountRecoverySms from "./account-recovery-sms.js";
import accountTakeoverAction from "./account-takeover-action.js";
import adminCreatedUserActivated from "./admin-created-user-activated.js";
import adminScope from "./admin-scope.js";
import authEventLogging from "./auth-event-logging.js";
import bruteForce from "./brute-force.js";
import callbackUrlInsecure from "./callback-url-insecure.js";
import callbackUrlLocalhost from "./callback-url-localhost.js";
import callbackUrlOpen from "./callback-url-open.js";
import caseSensitiveUsername from "./case-sensitive-username.js";
import clientSecretAge from "./client-secret-age.js";
import clientSecretGuessing from "./client-secret-guessing.js";
import cloudtrailCoverage from "./cloudtrail-coverage.js";
import codeGuessing from "./code-guessing.js";
import compromisedCredentialsAction from "./compromised-credentials-action.js";
import customDomainTls from "./custom-domain-tls.js";
import deletionProtection from "./deletion-protection.js";
import distributedSpraying from "./distributed-spraying.js";
import dynamicClientRegistration from "./dynamic-client-registration.js";
import emailNotVerified from "./email-not-verified.js";
import emailSenderDefault from "./email-sender-default.js";
import featurePlanLite from "./feature-plan-lite.js";
import identityPoolClassicFlow from "./identity-pool-classic-flow.js";
import identityPoolConfigChange from "./identity-pool-config-change.js";
import identityPoolGuestAccess from "./identity-pool-guest-access.js";
import identityPoolGuestCredentials from "./identity-pool-guest-credentials.js";
import identityPoolOpenSignup from "./identity-pool-open-signup.js";
import identityPoolTokenCheck from "./identity-pool-token-check.js";
import identityPoolWritableClaim from "./identity-pool-writable-claim.js";
import idpMapsPrivilegedAttribute from "./idp-maps-privileged-attribute.js";
import idpOidcInsecureEndpoint from "./idp-oidc-insecure-endpoint.js";
import idpSamlIdpInitiated from "./idp-saml-idp-initiated.js";
import idpSamlUnencrypted from "./idp-saml-unencrypted.js";
import implicitGrant from "./implicit-grant.js";
import m2mClientExposure from "./m2m-client-exposure.js";
import mfaRequired from "./mfa-required.js";
import mfaSmsOnly from "./mfa-sms-only.js";
import oneTimeCodeSignIn from "./one-time-code-sign-in.js";
import passkeyRelyingPartyBroad from "./passkey-relying-party-broad.js";
import passkeyUserVerification from "./passkey-user-verification.js";
import passwordAuthFlow from "./password-auth-flow.js";
import passwordComplexity from "./password-complexity.js";
import passwordHistory from "./password-history.js";
import passwordMinLength from "./password-min-length.js";
import passwordSpraying from "./password-spraying.js";
import privilegedAdminAction from "./privileged-admin-action.js";
import refreshTokenRotation from "./refresh-token-rotation.js";
import refreshTokenValidity from "./refresh-token-validity.js";
import rememberedDeviceSkipsMfa from "./remembered-device-skips-mfa.js";
import replicaCoverage from "./replica-coverage.js";
import riskExceptionBroad from "./risk-exception-broad.js";
import secretInCustomAttribute from "./secret-in-custom-attribute.js";
import securityConfigChange from "./security-config-change.js";
import selfSignupEnabled from "./self-signup-enabled.js";
import signInAfterFailures from "./sign-in-after-failures.js";
import slowBruteForce from "./slow-brute-force.js";
import smsConfigurationFailure from "./sms-configuration-failure.js";
import smsGeoUnrestricted from "./sms-geo-unrestricted.js";
import smsPumping from "./sms-pumping.js";
import ssoSessionReuse from "./sso-session-reuse.js";
import temporaryPasswordValidity from "./temporary-password-validity.js";
import threatProtection from "./threat-protection.js";
import threatProtectionCustomAuth from "./threat-protection-custom-auth.js";
import tokenRevocation from "./token-revocation.js";
import triggerConfusedDeputy from "./trigger-confused-deputy.js";
import triggerCrossAccount from "./trigger-cross-account.js";
import triggerDeprecatedRuntime from "./trigger-deprecated-runtime.js";
import triggerMissingFunction from "./trigger-missing-function.js";
import unattributedSignInFailures from "./unattributed-sign-in-failures.js";
import unusedClient from "./unused-client.js";
import unverifiedContactUpdate from "./unverified-contact-update.js";
import userContextPropagation from "./user-context-propagation.js";
import userEnumeration from "./user-enumeration.js";
import userExistenceErrors from "./user-existence-errors.js";
import userMigrationTrigger from "./user-migration-trigger.js";
import wafWebAcl from "./waf-web-acl.js";
import writablePrivilegedAttribute from "./writable-privileged-attribute.js";

export const RULES: readonly Rule[] = [
  accessTokenValidity,
  accountRecoverySms,
  accountTakeoverAction,
  adminCreatedUserActivated,
  adminScope,
  authEventLogging,
  bruteForce,
  callbackUrlInsecure,
  callbackUrlLocalhost,
  callbackUrlOpen,
  caseSensitiveUsername,
  clientSecretAge,
  clientSecretGuessing,
  cloudtrailCoverage,
  codeGuessing,
  compromisedCredentialsAction,
  customDomainTls,
  deletionProtection,
  distributedSpraying,
  dynamicClientRegistration,
  emailNotVerified,
  emailSenderDefault,
  featurePlanLite,
  identityPoolClassicFlow,
  identityPoolConfigChange,
  identityPoolGuestAccess,
  identityPoolGuestCredentials,
  identityPoolOpenSignup,
  identityPoolTokenCheck,
  identityPoolWritableClaim,
  idpMapsPrivilegedAttribute,
  idpOidcInsecureEndpoint,
  idpSamlIdpInitiated,
  idpSamlUnencrypted,
  implicitGrant,
  m2mClientExposure,
  mfaRequired,
  mfaSmsOnly,
  oneTimeCodeSignIn,
  passkeyRelyingPartyBroad,
  passkeyUserVerification,
  passwordAuthFlow,
  passwordComplexity,
  passwordHistory,
  passwordMinLength,
  passwordSpraying,
  privilegedAdminAction,
  refreshTokenRotation,
  refreshTokenValidity,
  rememberedDeviceSkipsMfa,
  replicaCoverage,
  riskExceptionBroad,
  secretInCustomAttribute,
  securityConfigChange,
  selfSignupEnabled,
  signInAfterFailures,
  slowBruteForce,
  smsConfigurationFailure,
  smsGeoUnrestricted,
  smsPumping,
  ssoSessionReuse,
  temporaryPasswordValidity,
  threatProtection,
  threatProtectionCustomAuth,
  tokenRevocation,
  triggerConfusedDeputy,
  triggerCrossAccount,
  triggerDeprecatedRuntime,
  triggerMissingFunction,
  unattributedSignInFailures,
  unusedClient,
  unverifiedContactUpdate,
  userContextPropagation,
  userEnumeration,
  userExistenceErrors,
  userMigrationTrigger,
  wafWebAcl,
  writablePrivilegedAttribute,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
