import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { allowsFirstFactor } from "../src/cognito/authFlows.js";
import { MFA_MODE_UNKNOWN, mfaActive, mfaMode } from "../src/cognito/mfa.js";
import type { UserPoolEntry, WebAcl } from "../src/snapshot/types.js";

/** A WAF statement as plain JSON: the rule walks it without caring about every statement type. */
type Statement = Record<string, unknown>;

interface GeoMatch {
  /** The countries of the GeoMatchStatement. */
  countries: string[];
  /** Inside an odd number of NotStatements: the rule acts on traffic from every other country. */
  negated: boolean;
}

interface GeoRule {
  rule: string;
  action: string;
  /** What the rule does to whom, for the report. */
  effect: string;
}

const isObject = (value: unknown): value is Statement => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Every GeoMatchStatement in a statement tree, through NotStatement, AndStatement, OrStatement and
 * the scope-down statement of rate-based rules. Rule-group references cannot be looked into.
 */
function geoMatches(statement: unknown, negated = false): GeoMatch[] {
  if (!isObject(statement)) return [];
  const found: GeoMatch[] = [];
  const geo = statement.GeoMatchStatement;
  if (isObject(geo)) {
    const countries = Array.isArray(geo.CountryCodes) ? geo.CountryCodes.filter((c): c is string => typeof c === "string") : [];
    found.push({ countries, negated });
  }
  const not = statement.NotStatement;
  if (isObject(not)) found.push(...geoMatches(not.Statement, !negated));
  for (const key of ["AndStatement", "OrStatement"]) {
    const group = statement[key];
    if (isObject(group) && Array.isArray(group.Statements)) for (const s of group.Statements) found.push(...geoMatches(s, negated));
  }
  const rateBased = statement.RateBasedStatement;
  if (isObject(rateBased)) found.push(...geoMatches(rateBased.ScopeDownStatement, negated));
  return found;
}

const hasKey = (value: unknown, key: string) => isObject(value) && value[key] !== undefined && value[key] !== null;

function describeGeo(matches: GeoMatch[]): string {
  return matches.map((m) => `${m.negated ? "outside " : ""}${m.countries.join(", ") || "(no countries)"}`).join("; ");
}

/** The rules of the web ACL that restrict traffic by country, and the country rules that do not. */
function classifyGeoRules(webAcl: WebAcl): { restricting: GeoRule[]; other: GeoRule[] } {
  const restricting: GeoRule[] = [];
  const other: GeoRule[] = [];
  const defaultBlocks = hasKey(webAcl.DefaultAction, "Block");
  for (const rule of (webAcl.Rules ?? []) as unknown as Statement[]) {
    const matches = geoMatches(rule.Statement);
    if (matches.length === 0) continue;
    const name = typeof rule.Name === "string" ? rule.Name : "(unnamed)";
    const action = rule.Action;
    const countries = describeGeo(matches);
    if (hasKey(action, "Block")) restricting.push({ rule: name, action: "Block", effect: `blocks requests matching countries ${countries}` });
    else if (hasKey(action, "Captcha")) restricting.push({ rule: name, action: "Captcha", effect: `requires a CAPTCHA for requests matching countries ${countries}` });
    else if (hasKey(action, "Allow") && defaultBlocks)
      // An allow-list: the web ACL's default action blocks every country the rule does not allow.
      restricting.push({ rule: name, action: "Allow (default action Block)", effect: `allows only requests matching countries ${countries}; the default action blocks the rest` });
    else {
      const actionName = isObject(action) ? (Object.keys(action)[0] ?? "none") : rule.OverrideAction ? "OverrideAction" : "none";
      other.push({ rule: name, action: actionName, effect: `matches countries ${countries} but does not block or challenge them` });
    }
  }
  return { restricting, other };
}

/** The ways this pool sends text messages; `undecided` says why that cannot be told. */
function smsChannels(entry: UserPoolEntry): { channels: string[]; undecided?: string } {
  const { userPool, mfaConfig } = entry;
  const channels: string[] = [];
  const upper = (values: readonly string[] | undefined) => (values ?? []).map((v) => v.toUpperCase());
  let undecided: string | undefined;

  const mfa = mfaMode(entry);
  const active = mfaActive(mfa);
  // GetUserPoolMfaConfig says whether SMS MFA is enabled; without it, an SMS role and MFA ON/OPTIONAL mean it can be.
  const smsMfaConfigured = mfaConfig ? mfaConfig.SmsMfaConfiguration != null : userPool.SmsConfiguration != null;
  if (smsMfaConfigured && active) channels.push(mfaConfig ? `SMS MFA (MFA ${mfa})` : `SMS MFA (MFA ${mfa}; the pool has an SMS configuration)`);
  else if (smsMfaConfigured && mfa === undefined)
    undecided = `SMS MFA is ${mfaConfig ? "configured" : "possible (the pool has an SMS configuration)"} but ${MFA_MODE_UNKNOWN}`;
  if (allowsFirstFactor(userPool, "SMS_OTP")) channels.push("SMS_OTP first factor (passwordless sign-in)");
  if (upper(userPool.AutoVerifiedAttributes).includes("PHONE_NUMBER")) channels.push("phone_number verification codes (auto-verified)");
  const recovery = userPool.AccountRecoverySetting?.RecoveryMechanisms;
  if (recovery && recovery.length > 0) {
    if (recovery.some((m) => m.Name?.toLowerCase() === "verified_phone_number")) channels.push("account recovery by verified_phone_number");
  } else if (userPool.SmsConfiguration != null) {
    channels.push("account recovery (no AccountRecoverySetting: legacy behaviour texts a verified phone number first)");
  }
  return undecided !== undefined && channels.length === 0 ? { channels, undecided } : { channels };
}

export default defineConfigRule({
  id: "sms-geo-unrestricted",
  resourceType: "userPool",
  severity: "high",
  title: "SMS can be triggered from any country",
  rationale:
    "SMS pumping (toll fraud): bots sign up, request codes or reset passwords with premium-rate numbers in far-away countries, and the carrier revenue is shared with the fraudster. Every message is billed to the account, and a pool that texts any country without a geographic block has produced \"massive SMS bills\" overnight.",
  remediation:
    "Associate an AWS WAF web ACL with the pool that blocks (or CAPTCHAs) requests from countries you do not serve, with a GeoMatchStatement, and restrict SNS SMS destinations.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-sms-settings.html"],
  requires: ["webAcl"],
  messages: {
    noWebAcl: "The pool can send SMS ({{channels}}) and no WAF web ACL is associated with it: nothing limits where codes can be requested from.",
    noGeoRule: "The pool can send SMS ({{channels}}) and web ACL {{webAcl}} has no country rule with a Block or CAPTCHA action.",
  },
  check({ pool }) {
    const { channels, undecided } = smsChannels(pool.entry);
    if (undecided) return notEvaluated(undecided);
    if (channels.length === 0) return null;
    const webAcl = pool.entry.webAcl;
    const list = channels.join("; ");
    if (!webAcl) return fail({ messageId: "noWebAcl", data: { channels: list }, evidence: { smsChannels: channels, webAcl: null } });
    const { restricting, other } = classifyGeoRules(webAcl);
    const evidence = { smsChannels: channels, webAcl: { name: webAcl.Name ?? null, arn: webAcl.ARN ?? null }, geoRules: restricting, nonRestrictingGeoRules: other };
    if (restricting.length > 0) return pass(evidence);
    return fail({ messageId: "noGeoRule", data: { channels: list, webAcl: webAcl.Name ?? webAcl.ARN ?? "(unnamed)" }, evidence });
  },
});
