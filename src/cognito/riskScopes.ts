// The threat-protection (risk) configurations in force for a pool and its app clients.
import type { RiskConfiguration, UserPoolEntry } from "../snapshot/types.js";
import { missingSectionReason } from "../snapshot/sections.js";

export interface RiskScope {
  /** "user pool" or "app client <name> (<id>)". */
  level: string;
  /** null: nothing is configured at this level. */
  config: RiskConfiguration | null;
}

export interface RiskScopes {
  /** The levels that were read: always the pool, then each client with a configuration of its own. */
  scopes: RiskScope[];
  /**
   * Evidence of what is missing, to spread into a finding's evidence: `clientsNotRead` (the
   * clients whose configuration could not be read) or `clientLevels` (not collected at all).
   */
  gaps: { clientsNotRead?: string[]; clientLevels?: string };
  /**
   * Why the client levels are not all known (some clients unread, or none collected); undefined
   * when they are. A failure found on the levels read stands; a pass needs this to be undefined.
   */
  incomplete?: string;
}

/**
 * The risk configurations in force: the pool's, and each app client's own, which replaces the
 * pool's for that client. DescribeRiskConfiguration with a ClientId answers with the pool's
 * configuration (another or no ClientId) or an empty one when the client has none of its own:
 * such clients inherit and are not a level of their own. `clientRiskConfigurations: null` means
 * collected, and no client has one; absent means not collected. Clients whose configuration
 * could not be read are returned apart.
 */
export function riskScopes(entry: UserPoolEntry): RiskScopes {
  const scopes: RiskScope[] = [{ level: "user pool", config: entry.riskConfiguration ?? null }];
  const byClient = entry.clientRiskConfigurations;
  if (byClient === undefined) {
    const reason = missingSectionReason(entry.errors, "clientRiskConfigurations");
    return { scopes, gaps: { clientLevels: `not collected: ${reason}` }, incomplete: `the app clients' own risk configurations were not collected (${reason})` };
  }
  const names = new Map((entry.clients ?? []).map((c) => [c.ClientId ?? "", c.ClientName ?? c.ClientId ?? ""]));
  const read = byClient ?? {};
  // Own keys only: a client id such as "constructor" must not count as read.
  const unreadClients = byClient === null ? [] : [...names].filter(([id]) => !Object.hasOwn(read, id)).map(([id, name]) => (name === id ? id : `${name} (${id})`));
  for (const [clientId, config] of Object.entries(read)) {
    if (!config || config.ClientId !== clientId) continue;
    const own = config.CompromisedCredentialsRiskConfiguration || config.AccountTakeoverRiskConfiguration || config.RiskExceptionConfiguration;
    if (!own) continue;
    const name = names.get(clientId);
    scopes.push({ level: `app client ${name && name !== clientId ? `${name} (${clientId})` : clientId}`, config });
  }
  const incomplete = unreadClients.length > 0 ? `the risk configuration of app client(s) ${unreadClients.join(", ")} could not be read (DescribeRiskConfiguration)` : undefined;
  return { scopes, gaps: unreadClients.length > 0 ? { clientsNotRead: unreadClients } : {}, ...(incomplete ? { incomplete } : {}) };
}
