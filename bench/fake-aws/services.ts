// The read operations the fake endpoint answers, over a generated estate, with real pagination:
// MaxResults (or Limit) is validated and respected, NextToken is opaque and checked.
import type { Estate, FakePool, Wire } from "./estate.js";
import { FakeError, type Input, type ParsedRequest } from "./protocol.js";

export interface ServeOptions {
  /** Never more than this many items a page, whatever MaxResults asks (default: the service's maximum). */
  pageSize?: number;
}

type Handler = (input: Input, estate: Estate | undefined, options: ServeOptions) => Wire;

export interface Paging {
  /** Which input field bounds the page, its maximum, and whether AWS requires it. */
  sizeField?: string;
  max: number;
  required?: boolean;
  /** The error code for a bad token or size on this service. */
  invalid: string;
}

const encodeToken = (scope: string, offset: number) => Buffer.from(`${scope}\n${offset}`).toString("base64url");

/** One page of `items` and the token of the next one, as the service would cut it. */
export function page<T>(items: readonly T[], input: Input, scope: string, paging: Paging, options: ServeOptions): { items: T[]; NextToken?: string } {
  const field = paging.sizeField ?? "MaxResults";
  const asked = input[field];
  if (asked === undefined ? paging.required : typeof asked !== "number" || !Number.isInteger(asked) || asked < 1 || asked > paging.max) {
    throw new FakeError(400, paging.invalid, `${field} must be an integer from 1 to ${paging.max}.`);
  }
  let offset = 0;
  if (input.NextToken !== undefined && input.NextToken !== null) {
    const [tokenScope, at] = Buffer.from(typeof input.NextToken === "string" ? input.NextToken : JSON.stringify(input.NextToken), "base64url").toString().split("\n");
    offset = Number(at);
    if (tokenScope !== scope || !Number.isInteger(offset) || offset < 0 || offset > items.length) throw new FakeError(400, paging.invalid, "Invalid NextToken.");
  }
  const size = Math.min((asked as number | undefined) ?? paging.max, options.pageSize ?? Infinity);
  const end = Math.min(items.length, offset + size);
  return { items: items.slice(offset, end), ...(end < items.length ? { NextToken: encodeToken(scope, end) } : {}) };
}

const cognitoPaging = (max: number, sizeField?: string, required = true): Paging => ({ max, sizeField, required, invalid: "InvalidParameterException" });

function poolOf(estate: Estate | undefined, input: Input): FakePool {
  const pool = estate?.poolsById.get(String(input.UserPoolId));
  if (!pool) throw new FakeError(400, "ResourceNotFoundException", "User pool does not exist.");
  return pool;
}

function clientOf(pool: FakePool, input: Input) {
  const client = pool.clients.find((c) => c.summary.ClientId === input.ClientId);
  if (!client) throw new FakeError(400, "ResourceNotFoundException", "User pool client does not exist.");
  return client;
}

const cognitoIdp: Record<string, Handler> = {
  ListUserPools: (input, estate, o) => {
    const { items, NextToken } = page(estate?.pools.map((p) => p.summary) ?? [], input, "ListUserPools", cognitoPaging(60), o);
    return { UserPools: items, ...(NextToken ? { NextToken } : {}) };
  },
  DescribeUserPool: (input, estate) => ({ UserPool: poolOf(estate, input).description }),
  GetUserPoolMfaConfig: (input, estate) => poolOf(estate, input).mfa,
  DescribeRiskConfiguration: (input, estate) => {
    const pool = poolOf(estate, input);
    if (input.ClientId === undefined) return { RiskConfiguration: pool.risk };
    const client = clientOf(pool, input);
    return { RiskConfiguration: client.risk ?? { ...pool.risk, ClientId: input.ClientId } };
  },
  ListUserPoolClients: (input, estate, o) => {
    const pool = poolOf(estate, input);
    const { items, NextToken } = page(pool.clients.map((c) => c.summary), input, `ListUserPoolClients ${pool.id}`, cognitoPaging(60, "MaxResults", false), o);
    return { UserPoolClients: items, ...(NextToken ? { NextToken } : {}) };
  },
  DescribeUserPoolClient: (input, estate) => ({ UserPoolClient: clientOf(poolOf(estate, input), input).description }),
  ListUserPoolClientSecrets: (input, estate, o) => {
    const client = clientOf(poolOf(estate, input), input);
    const { items, NextToken } = page(client.secrets, input, `ListUserPoolClientSecrets ${String(input.ClientId)}`, cognitoPaging(2, "MaxResults", false), o);
    return { ClientSecrets: items, ...(NextToken ? { NextToken } : {}) };
  },
  // Every client at AWS's default SSO session reuse (60 minutes), as a pool that never set one answers.
  GetUserPoolClientSessionConfiguration: (input, estate) => {
    const pool = poolOf(estate, input);
    return { UserPoolId: pool.id, ClientId: clientOf(pool, input).summary.ClientId, SSOSession: { MaxValidityMinutes: 60 } };
  },
  ListIdentityProviders: (input, estate, o) => {
    const pool = poolOf(estate, input);
    const summaries = pool.providers.map(({ ProviderName, ProviderType, LastModifiedDate, CreationDate }) => ({ ProviderName, ProviderType, LastModifiedDate, CreationDate }));
    const { items, NextToken } = page(summaries, input, `ListIdentityProviders ${pool.id}`, cognitoPaging(60, "MaxResults", false), o);
    return { Providers: items, ...(NextToken ? { NextToken } : {}) };
  },
  DescribeIdentityProvider: (input, estate) => {
    const provider = poolOf(estate, input).providers.find((p) => p.ProviderName === input.ProviderName);
    if (!provider) throw new FakeError(400, "ResourceNotFoundException", "Identity provider does not exist.");
    return { IdentityProvider: provider };
  },
  ListResourceServers: (input, estate, o) => {
    const pool = poolOf(estate, input);
    const { items, NextToken } = page(pool.resourceServers, input, `ListResourceServers ${pool.id}`, cognitoPaging(50), o);
    return { ResourceServers: items, ...(NextToken ? { NextToken } : {}) };
  },
  ListGroups: (input, estate, o) => {
    const pool = poolOf(estate, input);
    const { items, NextToken } = page(pool.groups, input, `ListGroups ${pool.id}`, cognitoPaging(60, "Limit", false), o);
    return { Groups: items, ...(NextToken ? { NextToken } : {}) };
  },
  // Like AWS, an unknown domain is an empty description, not an error.
  DescribeUserPoolDomain: (input, estate) => ({ DomainDescription: estate?.domains.get(String(input.Domain)) ?? {} }),
  GetLogDeliveryConfiguration: (input, estate) => ({ LogDeliveryConfiguration: poolOf(estate, input).logDelivery }),
  // No pool of the fake estate is replicated.
  ListUserPoolReplicas: (input, estate) => (poolOf(estate, input), { UserPoolReplicas: [] }),
};

const wafv2: Record<string, Handler> = {
  GetWebACLForResource: (input, estate) => {
    const match = /userpool\/([^/]+)$/.exec(String(input.ResourceArn));
    const pool = match ? estate?.poolsById.get(match[1]!) : undefined;
    if (!pool) throw new FakeError(400, "WAFNonexistentItemException", "The resource does not exist.");
    return pool.webAcl ? { WebACL: pool.webAcl } : {};
  },
};

function functionOf(estate: Estate | undefined, input: Input, operation: string) {
  const name = String(input.FunctionName);
  const account = /^arn:[^:]+:lambda:[^:]+:(\d{12}):function:/.exec(name)?.[1];
  if (account && estate?.foreignAccounts.has(account)) {
    throw new FakeError(403, "AccessDeniedException", `User is not authorized to perform: lambda:${operation} on this resource.`);
  }
  const fn = estate?.functions.get(name) ?? [...(estate?.functions.values() ?? [])].find((f) => f.configuration.FunctionName === name);
  if (!fn) throw new FakeError(404, "ResourceNotFoundException", "Function not found.");
  return fn;
}

const lambda: Record<string, Handler> = {
  GetFunctionConfiguration: (input, estate) => functionOf(estate, input, "GetFunctionConfiguration").configuration,
  GetPolicy: (input, estate) => {
    const fn = functionOf(estate, input, "GetPolicy");
    if (fn.policy === undefined) throw new FakeError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
    return { Policy: fn.policy, RevisionId: "00000000-0000-4000-b000-000000000000" };
  },
};

const cognitoIdentity: Record<string, Handler> = {
  ListIdentityPools: (input, estate, o) => {
    const { items, NextToken } = page(estate?.identityPools.map((p) => p.summary) ?? [], input, "ListIdentityPools", cognitoPaging(60), o);
    return { IdentityPools: items, ...(NextToken ? { NextToken } : {}) };
  },
  DescribeIdentityPool: (input, estate) => {
    const pool = estate?.identityPools.find((p) => p.summary.IdentityPoolId === input.IdentityPoolId);
    if (!pool) throw new FakeError(400, "ResourceNotFoundException", "Identity pool does not exist.");
    return pool.description;
  },
  // One authenticated role per identity pool, no role mappings and no principal tag maps.
  GetIdentityPoolRoles: (input, estate) => {
    const pool = estate?.identityPools.find((p) => p.summary.IdentityPoolId === input.IdentityPoolId);
    if (!pool) throw new FakeError(400, "ResourceNotFoundException", "Identity pool does not exist.");
    return { IdentityPoolId: input.IdentityPoolId, Roles: { authenticated: `arn:aws:iam::${estate!.accountId}:role/${String(pool.summary.IdentityPoolName)}-auth` } };
  },
  GetPrincipalTagAttributeMap: () => {
    throw new FakeError(400, "ResourceNotFoundException", "No principal tag map for this provider.");
  },
};

function trailOf(estate: Estate | undefined, name: unknown) {
  const trail = estate?.trails.find((t) => t.trail.TrailARN === name || t.trail.Name === name);
  if (!trail) throw new FakeError(400, "TrailNotFoundException", "Unknown trail.");
  return trail;
}

const cloudtrail: Record<string, Handler> = {
  DescribeTrails: (_input, estate) => ({ trailList: estate?.trails.map((t) => t.trail) ?? [] }),
  GetTrailStatus: (input, estate) => trailOf(estate, input.Name).status,
  GetEventSelectors: (input, estate) => trailOf(estate, input.TrailName).selectors,
  LookupEvents: (input, estate, o) => {
    const start = typeof input.StartTime === "number" ? input.StartTime : -Infinity;
    const end = typeof input.EndTime === "number" ? input.EndTime : Infinity;
    const attributes = Array.isArray(input.LookupAttributes) ? (input.LookupAttributes as { AttributeKey?: string; AttributeValue?: string }[]) : [];
    if (attributes.length > 1) throw new FakeError(400, "InvalidLookupAttributesException", "Only one lookup attribute is allowed.");
    const filter = attributes[0];
    const events = (estate?.events ?? []).filter((e) => {
      const time = e.EventTime as number;
      if (time < start || time > end) return false;
      return !filter || e[String(filter.AttributeKey)] === filter.AttributeValue;
    });
    const scope = `LookupEvents ${canonicalScope(input)}`;
    const { items, NextToken } = page(events, input, scope, { max: 50, invalid: "InvalidNextTokenException" }, o);
    return { Events: items, ...(NextToken ? { NextToken } : {}) };
  },
};

/** A LookupEvents token is only valid for the same query. */
const canonicalScope = (input: Input) => JSON.stringify([input.StartTime, input.EndTime, input.LookupAttributes]);

// STS, Organizations and Account answer about identities, not an estate: organization.ts.
const HANDLERS: Record<string, Record<string, Handler>> = { "cognito-idp": cognitoIdp, wafv2, lambda, "cognito-identity": cognitoIdentity, cloudtrail };

/** The answer to a parsed request; throws FakeError for AWS error answers. */
export function serve(request: ParsedRequest, estate: Estate | undefined, options: ServeOptions): Wire {
  const handler = HANDLERS[request.service]?.[request.operation];
  if (!handler) {
    // A known read the fake does not model, or a write: AWS would need permissions the fake never grants.
    throw new FakeError(request.service === "lambda" ? 403 : 400, "AccessDeniedException", `The fake endpoint does not allow ${request.service}:${request.operation}.`);
  }
  return handler(request.input, estate, options);
}
