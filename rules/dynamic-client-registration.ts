import { boolean, defineConfigRule, fail, pass } from "../src/engine/rule.js";
import { ADMIN_SCOPE } from "../src/cognito/tokens.js";

const CLIENT_CREDENTIALS = "client_credentials";

/** The grant types a registration mode accepts, with AWS's default when the list is not set; empty: the mode is refused. */
function grants(configured: string[] | undefined, defaults: string[]): { grants: string[]; defaulted: boolean } {
  // AWS accepts `implicit` in these lists and ignores it.
  return configured === undefined ? { grants: defaults, defaulted: true } : { grants: configured.filter((g) => g !== "implicit"), defaulted: false };
}

export default defineConfigRule({
  id: "dynamic-client-registration",
  resourceType: "userPool",
  severity: "high",
  title: "Applications can register their own app clients",
  rationale:
    "With dynamic client registration on, the /oauth2/register endpoint of the pool's domain creates app clients at runtime. Open registration needs no token at all: anyone can register a client with their own callback URL and send your users to your real sign-in page, which then hands the attacker an authorization code for the victim. With client_credentials allowed, a registered client mints machine-to-machine access tokens for the allowed custom scopes, billed per token to you; with aws.cognito.signin.user.admin allowed, every token of a registered client can change its user's attributes, password and MFA.",
  remediation:
    "Turn dynamic client registration off (DcrConfiguration.EnableStatus Disabled) unless applications really register themselves; otherwise keep OpenDcrEnabled false, list only `code` in AuthenticatedGrantTypes and OpenDcrGrantTypes, and keep aws.cognito.signin.user.admin out of AllowedScopes.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DcrConfigurationType.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-dynamic-client-registration.html"],
  options: {
    allowAuthenticatedClientCredentials: boolean({
      default: false,
      description:
        "Accept client_credentials in authenticated registration (holders of a token with the aws.cognito/dcr/register scope may register machine-to-machine clients), for pools that onboard M2M partners this way.",
    }),
  },
  messages: {
    openClientCredentials:
      "Open dynamic client registration allows client_credentials: anyone can register a machine-to-machine client and request access tokens, without any token, on your bill.",
    open: "Open dynamic client registration is on: anyone can register an app client, with their own callback URLs, without any token.",
    adminScope: "Dynamic client registration lets registered app clients request aws.cognito.signin.user.admin: their tokens can change the user's attributes, password and MFA.",
    authenticatedClientCredentials:
      "Authenticated dynamic client registration allows client_credentials{{how}}: any holder of a registration token can create machine-to-machine clients.",
  },
  check({ pool }, options) {
    const dcr = pool.entry.userPool.DcrConfiguration;
    // Not configured: registration is off. A configuration without EnableStatus turns it on (API reference).
    const enabled = dcr != null && (dcr.EnableStatus ?? "Enabled").toUpperCase() === "ENABLED";
    if (!dcr || !enabled) return pass({ DcrConfiguration: dcr ?? null });

    const openMode = dcr.OpenDcrEnabled === true ? grants(dcr.OpenDcrGrantTypes, ["code"]) : undefined;
    const authenticated = grants(dcr.AuthenticatedGrantTypes, ["code", CLIENT_CREDENTIALS]);
    const open = openMode !== undefined && openMode.grants.length > 0;
    const registers = open || authenticated.grants.length > 0;
    const scopes = dcr.AllowedScopes ?? [];
    const evidence = {
      EnableStatus: dcr.EnableStatus ?? "Enabled (default)",
      OpenDcrEnabled: dcr.OpenDcrEnabled ?? false,
      OpenDcrGrantTypes: openMode ? (openMode.defaulted ? ["code (default)"] : openMode.grants) : null,
      AuthenticatedGrantTypes: authenticated.defaulted ? ["code (default)", "client_credentials (default)"] : authenticated.grants,
      AllowedScopes: scopes,
    };
    if (open && openMode.grants.includes(CLIENT_CREDENTIALS)) return fail({ messageId: "openClientCredentials", evidence, severity: "critical" });
    if (open) return fail({ messageId: "open", evidence });
    if (registers && scopes.includes(ADMIN_SCOPE)) return fail({ messageId: "adminScope", evidence, severity: "medium" });
    if (authenticated.grants.includes(CLIENT_CREDENTIALS) && !options.allowAuthenticatedClientCredentials) {
      return fail({
        messageId: "authenticatedClientCredentials",
        data: { how: authenticated.defaulted ? " (AuthenticatedGrantTypes is not set, and AWS's default includes it)" : "" },
        evidence,
        severity: "medium",
      });
    }
    return pass(evidence);
  },
});
