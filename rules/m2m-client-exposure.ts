import { matchNamePattern } from "../src/cognito/names.js";
import { defineConfigRule, fail, integer, pass, stringList } from "../src/engine/rule.js";

/** The scope's own name: the part after the resource server's identifier ("https://api.example.com/orders.read" → "orders.read"). */
const scopeName = (scope: string) => scope.slice(scope.lastIndexOf("/") + 1);

export default defineConfigRule({
  id: "m2m-client-exposure",
  resourceType: "client",
  severity: "medium",
  title: "A machine-to-machine client with broad scopes has no WAF in front of its token requests",
  rationale:
    "Amazon Cognito bills machine-to-machine authorization by request volume: every client_credentials token request counts. Whoever holds the client's secret — a leaked CI variable, a copied config file, a runaway job that fetches a token per call — can request tokens at the pool's ClientAuthentication quota rate, on your bill, and each token carries every scope the client allows. Without a WAF web ACL on the pool nothing limits that rate per source or blocks unexpected networks.",
  remediation:
    "Associate a WAF web ACL with the user pool with a rate-based rule on the token endpoint (and an IP allow list for known callers where you can); give each M2M client only the scopes its job needs, one client per job; cache tokens for their lifetime in callers.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/tracking-cost.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html"],
  requires: ["webAcl"],
  options: {
    manyScopes: integer({
      minimum: 2,
      default: 5,
      description: "A client allowed at least this many custom scopes has broad scopes.",
    }),
    broadScopeWords: stringList({
      default: ["admin", "administrator", "superuser", "root", "all", "full", "fullaccess", "manage", "management", "sudo"],
      description:
        "Words that make a scope name admin-like (matched as whole words of the name after the resource server identifier, case and separators ignored: admin matches orders.admin and AdminAll).",
    }),
  },
  messages: {
    exposed:
      "The client may request client_credentials tokens with {{count}} custom scope(s){{why}}, and no WAF web ACL limits the rate of its token requests: each one is billed and carries all its scopes.",
  },
  appliesTo: ({ client }) => client.AllowedOAuthFlowsUserPoolClient === true && (client.AllowedOAuthFlows ?? []).includes("client_credentials"),
  check({ pool, client }, { manyScopes, broadScopeWords }) {
    const scopes = client.AllowedOAuthScopes ?? [];
    const adminLike = scopes.flatMap((scope) => {
      const word = matchNamePattern(scopeName(scope), broadScopeWords);
      return word ? [{ scope, word }] : [];
    });
    const broad = scopes.length >= manyScopes || adminLike.length > 0;
    const evidence = {
      AllowedOAuthFlows: client.AllowedOAuthFlows ?? [],
      AllowedOAuthScopes: scopes,
      ...(adminLike.length > 0 ? { adminLikeScopes: adminLike } : {}),
      manyScopes,
      webAcl: pool.entry.webAcl ? (pool.entry.webAcl.Name ?? pool.entry.webAcl.Id ?? "unnamed") : "none associated",
    };
    if (!broad || pool.entry.webAcl) return pass(evidence);
    const why = [
      ...(scopes.length >= manyScopes ? [`at least ${manyScopes}`] : []),
      ...(adminLike.length > 0 ? [`admin-like: ${adminLike.map((a) => a.scope).join(", ")}`] : []),
    ].join("; ");
    return fail({ messageId: "exposed", data: { count: scopes.length, why: ` (${why})` }, evidence });
  },
});
