// What a failure means for the behaviour rules that look past sign-in: code guessing, client-secret
// guessing, sign-up enumeration and pool-wide failure rates. Kept here (not in normalise.ts, which
// reduces records) so that each rule states exactly which failures it counts.
import { field, isHidden, type CognitoEvent } from "../cloudtrail/normalise.js";

/** Operations that check a one-time code: MFA challenges, TOTP set-up, password reset, sign-up confirmation. */
export const CODE_CHECKING = new Set([
  "RespondToAuthChallenge",
  "AdminRespondToAuthChallenge",
  "VerifySoftwareToken",
  "ConfirmForgotPassword",
  "ConfirmSignUp",
  "VerifyUserAttribute",
  // Managed login pages that take a code (an email or SMS code, or an MFA code).
  "Confirm_POST",
  "ConfirmForgotPassword_POST",
  "MfaCode_POST",
]);

/** Errors Cognito returns for a wrong or stale code. */
export const CODE_ERRORS = new Set(["CodeMismatchException", "ExpiredCodeException"]);

/** A wrong or expired one-time code. */
export const isCodeFailure = (e: CognitoEvent) => CODE_CHECKING.has(e.name) && e.errorCode !== undefined && CODE_ERRORS.has(e.errorCode);

/**
 * The HTTP status of a managed-login page, from the logged status or from an errorCode that is one
 * (the token endpoint logs `"errorCode": "400"`); undefined when neither is a number.
 */
export function httpStatus(e: CognitoEvent): number | undefined {
  if (e.status !== undefined) return e.status;
  if (e.errorCode !== undefined && /^\d{3}$/.test(e.errorCode)) return Number(e.errorCode);
  return undefined;
}

/**
 * A refused request to the token endpoint: a 4xx status, or an error code that is not a number
 * (`invalid_client`). 5xx answers are Cognito's failures, not the caller's.
 */
export function isTokenRefusal(e: CognitoEvent): boolean {
  if (e.kind !== "managed-login" || e.name !== "Token_POST") return false;
  const status = httpStatus(e);
  const numeric = e.errorCode !== undefined && /^\d{3}$/.test(e.errorCode) ? Number(e.errorCode) : undefined;
  if (numeric !== undefined && numeric >= 500) return false;
  if (status !== undefined && status >= 400) return status < 500;
  return e.errorCode !== undefined && numeric === undefined;
}

/**
 * The grant type of a token request as logged (`grant_type`, a form field), or undefined when it
 * was not logged or hidden. Only a short known word is returned: anything else is hostile text.
 */
export function grantType(e: CognitoEvent): string | undefined {
  const value = field(e.request, "grant_type");
  if (typeof value !== "string" || isHidden(value)) return undefined;
  return /^[a-z_]{1,40}$/.test(value) ? value : undefined;
}

/** Sign-up attempts, through the API or the managed login page. */
const SIGN_UP = new Set(["SignUp", "Signup_POST"]);
/** A sign-up refused because the user name is taken: it tells the caller the name exists. */
export const isUsernameExists = (e: CognitoEvent) => SIGN_UP.has(e.name) && e.errorCode === "UsernameExistsException";
