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
