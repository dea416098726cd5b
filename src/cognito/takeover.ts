// What adaptive authentication does with a sign-in at each risk level: the account-takeover
// action configured for the level, and its effect given the pool's MFA (AWS API reference,
// AccountTakeoverActionType: MFA_IF_CONFIGURED allows the request when MFA setup isn't possible).
import type { RiskConfiguration, UserPoolEntry } from "../snapshot/types.js";
import { missingSectionReason } from "../snapshot/sections.js";
import { MFA_MODE_UNKNOWN, mfaMode, mfaSetupFactors, type MfaMode } from "./mfa.js";

export const RISK_LEVELS = { LOW: "LowAction", MEDIUM: "MediumAction", HIGH: "HighAction" } as const;
export type RiskLevel = keyof typeof RISK_LEVELS;

/**
 * What happens to a sign-in: blocked; challenged for MFA, blocked without it; challenged where
 * possible, allowed otherwise; allowed; or unknown (the MFA settings could not be read, or the
 * action is not one AWS documents).
 */
export type Effect = "block" | "mfaOrBlock" | "mfaOrAllow" | "allow" | "unknown";

export interface LevelResponse {
  /** The EventAction as configured, or "absent". */
  action: string;
  notify: boolean;
  /** The effective verdict, for people. */
  verdict: string;
  effect: Effect;
}

/** Whether users can be challenged for MFA: the pool's MFA mode and the factors they can set up. */
export interface MfaCapability {
  mode: MfaMode | undefined;
  /** undefined: GetUserPoolMfaConfig was not read. */
  factors: string[] | undefined;
  /** Why MFA_IF_CONFIGURED cannot be judged, when it cannot. */
  unknown?: string;
}

export function mfaCapability(entry: UserPoolEntry): MfaCapability {
  const mode = mfaMode(entry);
  const factors = entry.mfaConfig ? mfaSetupFactors(entry.mfaConfig) : undefined;
  if (mode === undefined) return { mode, factors, unknown: MFA_MODE_UNKNOWN };
  if (mode !== "OFF" && factors === undefined) return { mode, factors, unknown: `the pool's MFA factors are unknown (${missingSectionReason(entry.errors, "mfaConfig")})` };
  return { mode, factors };
}

function respond(action: string | undefined, mfa: MfaCapability): Pick<LevelResponse, "verdict" | "effect"> {
  switch (action?.toUpperCase()) {
    case undefined:
      return { verdict: "allowed: no action is configured", effect: "allow" };
    case "NO_ACTION":
      return { verdict: "allowed", effect: "allow" };
    case "BLOCK":
      return { verdict: "blocked", effect: "block" };
    case "MFA_REQUIRED":
      return { verdict: "MFA challenge; blocked when the user has not set up MFA", effect: "mfaOrBlock" };
    case "MFA_IF_CONFIGURED":
      if (mfa.mode === "OFF") return { verdict: "allowed: MFA is OFF, so no MFA challenge is possible", effect: "allow" };
      if (mfa.unknown !== undefined) return { verdict: `unknown: ${mfa.unknown}`, effect: "unknown" };
      if (mfa.factors!.length === 0) return { verdict: "allowed: the pool has no MFA factor (SMS, TOTP or email) users can set up", effect: "allow" };
      return { verdict: "MFA challenge where the user has or can set up MFA; allowed otherwise", effect: "mfaOrAllow" };
    default:
      return { verdict: "unknown: not an action AWS documents", effect: "unknown" };
  }
}

/** The response at each risk level of one risk configuration (null: none is configured). */
export function takeoverResponses(config: RiskConfiguration | null, mfa: MfaCapability): Record<RiskLevel, LevelResponse> {
  const actions = config?.AccountTakeoverRiskConfiguration?.Actions;
  const entries = (Object.keys(RISK_LEVELS) as RiskLevel[]).map((level) => {
    const configured = actions?.[RISK_LEVELS[level]];
    const action = configured?.EventAction;
    return [level, { action: action ?? "absent", notify: configured?.Notify === true, ...respond(action, mfa) }] as const;
  });
  return Object.fromEntries(entries) as Record<RiskLevel, LevelResponse>;
}

/** A level's response as evidence: the action, whether the user is notified, and the effective verdict. */
export const responseEvidence = ({ action, notify, verdict }: LevelResponse) => ({ action, notify, verdict });

/** Whether a response stops a user who has no MFA: blocked, or required to pass an MFA challenge. */
export const stopsWithoutMfa = (response: LevelResponse) => response.effect === "block" || response.effect === "mfaOrBlock";
