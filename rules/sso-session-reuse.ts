import { defineConfigRule, fail, integer, notEvaluated, pass } from "../src/engine/rule.js";
import { describeError } from "../src/snapshot/sections.js";

/** AWS's default MaxValidityMinutes for a client that never set one (API reference, ClientSSOSessionConfigType). */
const DEFAULT_MINUTES = 60;

export default defineConfigRule({
  id: "sso-session-reuse",
  resourceType: "client",
  severity: "medium",
  title: "Managed login reuses a sign-in for too long",
  rationale:
    "Managed login keeps an SSO session (a cookie on the pool's domain) after each sign-in. For up to the client's MaxValidityMinutes after the user's last fresh authentication, the client returns new tokens without asking for the password or MFA again: whoever sits at an unlocked or shared browser, or holds a copied session cookie, gets tokens for this app. OWASP ASVS asks for re-authentication at least every 12 hours.",
  remediation:
    "Lower the client's SSO session reuse with SetUserPoolClientSessionConfiguration (SSOSession.MaxValidityMinutes), to AWS's default of 60 minutes or to 0 for a client that must always re-authenticate.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ClientSSOSessionConfigType.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserPoolClientSessionConfiguration.html"],
  appliesTo: ({ client }) =>
    client.AllowedOAuthFlowsUserPoolClient === true && (client.AllowedOAuthFlows ?? []).some((flow) => flow === "code" || flow === "implicit"),
  options: {
    maxMinutes: integer({
      minimum: 0,
      maximum: 129600,
      default: 720,
      description: "Longest acceptable silent reuse of a managed-login session, in minutes since the user's last fresh sign-in.",
    }),
  },
  messages: {
    tooLong: "The client reuses a managed-login session for {{minutes}} minutes ({{hours}} hours) without asking the user again; the limit is {{maxMinutes}} minutes.",
  },
  check({ pool, client }, { maxMinutes }) {
    const session = client.sessionConfiguration;
    if (session === undefined) {
      const error = pool.entry.errors.find((e) => e.operation === "GetUserPoolClientSessionConfiguration" && e.resource === client.ClientId);
      return notEvaluated(error ? describeError(error) : "GetUserPoolClientSessionConfiguration was not collected");
    }
    const configured = session.SSOSession?.MaxValidityMinutes;
    const minutes = configured ?? DEFAULT_MINUTES;
    const evidence = { MaxValidityMinutes: configured ?? `${DEFAULT_MINUTES} (default)`, maxMinutes };
    if (minutes <= maxMinutes) return pass(evidence);
    return fail({ messageId: "tooLong", data: { minutes, hours: Math.round((minutes / 60) * 10) / 10, maxMinutes }, evidence });
  },
});
