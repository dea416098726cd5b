// What an app client and its pool allow, with AWS's defaults applied.
import type { AppClient, UserPool } from "../snapshot/types.js";

/** AWS: a client created without ExplicitAuthFlows supports SRP, custom auth and refresh tokens. */
const DEFAULT_AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

/** The client's effective ExplicitAuthFlows, and whether they are AWS's defaults. */
export function effectiveAuthFlows(client: AppClient): { flows: string[]; defaulted: boolean } {
  const flows = client.ExplicitAuthFlows ?? [];
  return flows.length > 0 ? { flows, defaulted: false } : { flows: DEFAULT_AUTH_FLOWS, defaulted: true };
}

export const allowsRefreshTokens = (client: AppClient) => effectiveAuthFlows(client).flows.includes("ALLOW_REFRESH_TOKEN_AUTH");
export const allowsCustomAuth = (client: AppClient) =>
  effectiveAuthFlows(client).flows.some((f) => f === "ALLOW_CUSTOM_AUTH" || f === "CUSTOM_AUTH_FLOW_ONLY");

export type ThreatProtectionMode = "OFF" | "AUDIT" | "ENFORCED";

/** UserPoolAddOns.AdvancedSecurityMode; absent means OFF. */
export function threatProtectionMode(pool: UserPool): ThreatProtectionMode {
  const mode = pool.UserPoolAddOns?.AdvancedSecurityMode;
  return mode === "AUDIT" || mode === "ENFORCED" ? mode : "OFF";
}

/** A client is confidential when it has a secret (the snapshot keeps "REDACTED" in its place). */
export const hasClientSecret = (client: AppClient) => typeof client.ClientSecret === "string" && client.ClientSecret.length > 0;

/** One-time codes sent by SMS or email: sign-in factors that are only as safe as the phone number or mailbox. */
export const ONE_TIME_CODE_FACTORS = ["SMS_OTP", "EMAIL_OTP"] as const;

/**
 * The pool's first sign-in factors (Policies.SignInPolicy.AllowedFirstAuthFactors), upper case;
 * without a sign-in policy a pool signs users in with a password only.
 */
export function firstAuthFactors(pool: UserPool): { factors: string[]; defaulted: boolean } {
  const factors = pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? [];
  return factors.length > 0 ? { factors: factors.map((f) => f.toUpperCase()), defaulted: false } : { factors: ["PASSWORD"], defaulted: true };
}

/** Whether the sign-in policy allows a first factor (compared case-insensitively), e.g. PASSWORD. */
export const allowsFirstFactor = (pool: UserPool, factor: string) => firstAuthFactors(pool).factors.includes(factor.toUpperCase());

/**
 * Whether the client can sign in with a plain password through choice-based sign-in: AWS,
 * ExplicitAuthFlows: ALLOW_USER_AUTH "can do username-password and SRP authentication without other
 * ExplicitAuthFlows permitting them", where the pool's sign-in policy allows PASSWORD (the PASSWORD
 * challenge carries the password itself).
 */
export const userAuthAllowsPassword = (client: AppClient, pool: UserPool) =>
  effectiveAuthFlows(client).flows.some((f) => f.toUpperCase() === "ALLOW_USER_AUTH") && allowsFirstFactor(pool, "PASSWORD");
