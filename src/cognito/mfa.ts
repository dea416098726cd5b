// A pool's MFA mode, from wherever the snapshot has it: DescribeUserPool's MfaConfiguration, else
// GetUserPoolMfaConfig's (some pools and emulators report it in only one of the two).
import type { MfaConfig, UserPoolEntry } from "../snapshot/types.js";

export type MfaMode = "OFF" | "ON" | "OPTIONAL";

/** Why a rule cannot tell the MFA mode. */
export const MFA_MODE_UNKNOWN = "neither DescribeUserPool nor GetUserPoolMfaConfig reported MfaConfiguration";

/** The pool's MFA mode in upper case (AWS's own values), or undefined when neither call reported it. */
export function mfaMode(entry: Pick<UserPoolEntry, "userPool" | "mfaConfig">): MfaMode | undefined {
  const mode = entry.userPool.MfaConfiguration ?? entry.mfaConfig?.MfaConfiguration;
  return mode === undefined ? undefined : (mode.toUpperCase() as MfaMode);
}

/** Whether users can be asked for a second factor at all (ON, or OPTIONAL for those who set one up). */
export const mfaActive = (mode: MfaMode | undefined): boolean => mode === "ON" || mode === "OPTIONAL";

/**
 * The second factors a user signing in with a password can set up, from GetUserPoolMfaConfig: SMS
 * (with a configuration that can send), TOTP and email. A passkey is left out: AWS applies passkey
 * MFA only when the passkey is the first factor.
 */
export function mfaSetupFactors(config: MfaConfig): string[] {
  const sms = config.SmsMfaConfiguration;
  return [
    ...(sms != null && (sms.SmsConfiguration?.SnsCallerArn !== undefined || sms.SmsAuthenticationMessage !== undefined) ? ["SMS_MFA"] : []),
    ...(config.SoftwareTokenMfaConfiguration?.Enabled === true ? ["SOFTWARE_TOKEN_MFA"] : []),
    ...(config.EmailMfaConfiguration != null ? ["EMAIL_OTP"] : []),
  ];
}
