// The user pools an identity pool trusts, as its CognitoIdentityProviders and role mappings name them.
import type { IdentityPool, RegionEntry, UserPoolEntry } from "../snapshot/types.js";
import { describeError } from "../snapshot/sections.js";

/**
 * "cognito-idp.<region>.amazonaws.com/<pool id>" (the ProviderName of CognitoIdentityProviders),
 * followed by ":<app client id>" in the keys of RoleMappings (the API reference's examples); the
 * China partition's host ends in .amazonaws.com.cn. Anything else is another kind of provider.
 */
const COGNITO_PROVIDER = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9-]+_[0-9a-zA-Z]+)(?::([\w+]+))?$/;

export interface CognitoProvider {
  region: string;
  poolId: string;
  clientId?: string;
}

export function parseCognitoProvider(name: string): CognitoProvider | undefined {
  const match = COGNITO_PROVIDER.exec(name);
  if (!match) return undefined;
  return { region: match[1]!, poolId: match[2]!, ...(match[3] ? { clientId: match[3] } : {}) };
}

/** A user pool the identity pool trusts, with the pool's entry when the scan collected it (same account and region). */
export interface TrustedPool {
  providerName: string;
  provider: CognitoProvider;
  entry?: UserPoolEntry;
}

/** The user pool entry of a provider, looked up among the region's pools (a pool elsewhere is not in the region entry). */
export function trustedPool(region: Pick<RegionEntry, "region" | "userPools">, providerName: string): TrustedPool | undefined {
  const provider = parseCognitoProvider(providerName);
  if (!provider) return undefined;
  const entry = provider.region === region.region ? region.userPools.find((p) => p.userPool.Id === provider.poolId) : undefined;
  return { providerName, provider, ...(entry ? { entry } : {}) };
}

/** Why a trusted pool's entry is missing. */
export const poolNotScanned = (trusted: TrustedPool) =>
  `the user pool ${trusted.provider.poolId} (${trusted.provider.region}) is not in the snapshot: it was not scanned, or it is in another account or region`;

/** Why the identity pool's roles are missing: the failed GetIdentityPoolRoles for it, else that they were not collected. */
export function missingRoles(region: RegionEntry, identityPool: IdentityPool): string {
  const error = region.errors.find((e) => e.operation === "GetIdentityPoolRoles" && e.resource === identityPool.IdentityPoolId);
  return error ? describeError(error) : "the identity pool's roles were not collected (GetIdentityPoolRoles)";
}
