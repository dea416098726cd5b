// Effective token lifetimes of an app client: value × unit, with AWS's defaults when absent.
import type { AppClient } from "../snapshot/types.js";

type Unit = "seconds" | "minutes" | "hours" | "days";
const MINUTES_PER: Record<Unit, number> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 };

/**
 * The OAuth scope that lets an access token call the user-pool API on its own user
 * (UpdateUserAttributes, ChangePassword, SetUserMFAPreference, DeleteUser…). Scopes are
 * case-sensitive (RFC 6749 §3.3): only this exact value is it.
 */
export const ADMIN_SCOPE = "aws.cognito.signin.user.admin";

export type TokenKind = "refresh" | "access" | "id";

/** AWS defaults: refresh tokens 30 days (unit days), access and ID tokens 1 hour (unit hours). */
const DEFAULTS: Record<TokenKind, { unit: Unit; value: number; field: keyof AppClient; unitField: "RefreshToken" | "AccessToken" | "IdToken" }> = {
  refresh: { unit: "days", value: 30, field: "RefreshTokenValidity", unitField: "RefreshToken" },
  access: { unit: "hours", value: 1, field: "AccessTokenValidity", unitField: "AccessToken" },
  id: { unit: "hours", value: 1, field: "IdTokenValidity", unitField: "IdToken" },
};

export interface TokenLifetime {
  minutes: number;
  /** As configured, e.g. "3650 days", with "(default)" when AWS's default applies. */
  configured: string;
}

export function effectiveTokenLifetime(client: AppClient, kind: TokenKind): TokenLifetime {
  const d = DEFAULTS[kind];
  const raw = client[d.field];
  const unit = client.TokenValidityUnits?.[d.unitField] ?? d.unit;
  // AWS treats 0 like "not set" for token validity.
  if (typeof raw !== "number" || raw <= 0) {
    return { minutes: d.value * MINUTES_PER[d.unit], configured: `${count(d.value, d.unit)} (default)` };
  }
  return { minutes: raw * MINUTES_PER[unit], configured: count(raw, unit) };
}

const count = (n: number, unit: Unit) => `${n} ${n === 1 ? unit.replace(/s$/, "") : unit}`;

export const minutesToDays = (minutes: number) => minutes / 1440;

/** "10 years", "36 hours", "5 minutes": a lifetime a reader takes in at a glance. */
export function humanDuration(minutes: number): string {
  const fmt = (n: number, unit: string) => `${Number.isInteger(n) ? n : n.toFixed(1)} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes >= 365 * 1440 && minutes % (365 * 1440) === 0) return fmt(minutes / (365 * 1440), "year");
  if (minutes >= 1440) return fmt(minutes / 1440, "day");
  if (minutes >= 60) return fmt(minutes / 60, "hour");
  if (minutes >= 1) return fmt(minutes, "minute");
  return fmt(minutes * 60, "second");
}
