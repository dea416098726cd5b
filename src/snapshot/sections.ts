// The snapshot's sections and the API calls behind them: why a section is missing.
import type { CollectionError, PoolSection, RegionSection } from "./types.js";

/** The API calls behind each snapshot section, to explain why a section is missing. */
export const SECTION_OPERATIONS: Record<PoolSection | RegionSection, string[]> = {
  mfaConfig: ["GetUserPoolMfaConfig"],
  riskConfiguration: ["DescribeRiskConfiguration"],
  clientRiskConfigurations: ["DescribeRiskConfiguration", "ListUserPoolClients"],
  clients: ["ListUserPoolClients"],
  identityProviders: ["ListIdentityProviders", "DescribeIdentityProvider"],
  resourceServers: ["ListResourceServers"],
  groups: ["ListGroups"],
  domains: ["DescribeUserPoolDomain"],
  logDeliveryConfiguration: ["GetLogDeliveryConfiguration"],
  webAcl: ["GetWebACLForResource"],
  lambdaFunctions: ["GetFunctionConfiguration", "GetPolicy"],
  trails: ["DescribeTrails", "GetTrailStatus", "GetEventSelectors"],
  identityPools: ["ListIdentityPools", "DescribeIdentityPool"],
};

export const describeError = (e: CollectionError) => `${e.operation} failed with ${e.code}${e.message ? `: ${e.message}` : ""}`;

/** Why a section is absent: the failed call behind it, else that it was not collected. */
export function missingSectionReason(errors: readonly CollectionError[], section: PoolSection | RegionSection): string {
  const operations = SECTION_OPERATIONS[section];
  const error = errors.find((e) => operations.includes(e.operation) && e.resource === undefined) ?? errors.find((e) => operations.includes(e.operation));
  return error ? describeError(error) : `${section} was not collected (${operations.join("/")})`;
}

