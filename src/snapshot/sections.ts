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
  replicas: ["ListUserPoolReplicas"],
  lambdaFunctions: ["GetFunctionConfiguration", "GetPolicy"],
  trails: ["DescribeTrails", "GetTrailStatus", "GetEventSelectors"],
  identityPools: ["ListIdentityPools", "DescribeIdentityPool"],
};

export const describeError = (e: CollectionError) => `${e.operation} failed with ${e.code}${e.message ? `: ${e.message}` : ""}`;

/** The failed call behind a gap, as data: reports group unevaluated checks by it, never by their text. */
export interface CollectionCause {
  operation: string;
  code: string;
}

/** Why something could not be judged: the text for people, and the failed call when there was one. */
export interface MissingReason {
  reason: string;
  cause?: CollectionCause;
}

/** A collection error as the reason of a gap. */
export const errorReason = (e: CollectionError): MissingReason => ({ reason: describeError(e), cause: { operation: e.operation, code: e.code } });

/** Why a section is absent: the failed call behind it, else that it was not collected. */
export function missingSection(errors: readonly CollectionError[], section: PoolSection | RegionSection): MissingReason {
  const operations = SECTION_OPERATIONS[section];
  const error = errors.find((e) => operations.includes(e.operation) && e.resource === undefined) ?? errors.find((e) => operations.includes(e.operation));
  return error ? errorReason(error) : { reason: `${section} was not collected (${operations.join("/")})` };
}

/** missingSection's text alone, for messages that quote it. */
export const missingSectionReason = (errors: readonly CollectionError[], section: PoolSection | RegionSection): string => missingSection(errors, section).reason;

