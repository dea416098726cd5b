// The threat-protection (risk) configurations in force for a pool and its app clients.
import type { RiskConfiguration, UserPoolEntry } from "../snapshot/types.js";

export interface RiskScope {
  /** "user pool" or "app client <name> (<id>)". */
  level: string;
  /** null: nothing is configured at this level. */
  config: RiskConfiguration | null;
}

/**
 * The risk configurations in force: the pool's, and each app client's own, which replaces the
 * pool's for that client. DescribeRiskConfiguration with a ClientId answers with the pool's
 * configuration (another or no ClientId) or an empty one when the client has none of its own:
 * such clients inherit and are not a level of their own. Clients whose configuration could not be
 * read are returned apart.
 */
export function riskScopes(entry: UserPoolEntry): { scopes: RiskScope[]; unreadClients: string[] } {
  const scopes: RiskScope[] = [{ level: "user pool", config: entry.riskConfiguration ?? null }];
  const byClient = entry.clientRiskConfigurations ?? {};
  const names = new Map((entry.clients ?? []).map((c) => [c.ClientId ?? "", c.ClientName ?? c.ClientId ?? ""]));
  const unreadClients = [...names].filter(([id]) => !(id in byClient)).map(([id, name]) => (name === id ? id : `${name} (${id})`));
  for (const [clientId, config] of Object.entries(byClient)) {
    if (!config || config.ClientId !== clientId) continue;
    const own = config.CompromisedCredentialsRiskConfiguration || config.AccountTakeoverRiskConfiguration || config.RiskExceptionConfiguration;
    if (!own) continue;
    const name = names.get(clientId);
    scopes.push({ level: `app client ${name && name !== clientId ? `${name} (${clientId})` : clientId}`, config });
  }
  return { scopes, unreadClients };
}
