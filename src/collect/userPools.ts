// Collects one region's user pools through cognito-idp: read-only, paced, one failed call at a time.
import {
  CognitoIdentityProviderClient,
  DescribeIdentityProviderCommand,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetLogDeliveryConfigurationCommand,
  GetUserPoolClientSessionConfigurationCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientSecretsCommand,
  ListUserPoolReplicasCommand,
  paginateListGroups,
  paginateListIdentityProviders,
  paginateListResourceServers,
  paginateListUserPoolClients,
  paginateListUserPools,
  type ClientSecretDescriptorType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { AppClient, CollectionError, IdentityProvider, MfaConfig, UserPoolEntry } from "../snapshot/types.js";
import { attempt, attemptAll, mapLimit } from "./call.js";

type Client = CognitoIdentityProviderClient;
/** Pools of one region in flight at once: enough to keep every quota lane of the region busy. */
const POOL_CONCURRENCY = 32;
/** Clients (and identity providers) of one pool in flight at once; AWS allows 5 RPS per operation and pool. */
const CLIENT_CONCURRENCY = 10;

/** Every user pool id of the region (all pages), or undefined when the listing failed. */
export async function listUserPoolIds(client: Client, errors: CollectionError[]): Promise<string[] | undefined> {
  const pools = await attemptAll(errors, "ListUserPools", async function* () {
    for await (const page of paginateListUserPools({ client }, { MaxResults: 60 })) yield page.UserPools;
  });
  return pools?.map((p) => p.Id).filter((id): id is string => typeof id === "string");
}

export interface PoolCollection {
  entry?: UserPoolEntry;
  /** Set when the pool could not be described: why it is missing from the snapshot (notFound: it does not exist). */
  skipped?: { poolId: string; notFound?: true; note?: string; error?: CollectionError };
}

/** What is read around a pool besides cognito-idp: its web ACL and its trigger functions. */
export interface PoolNeighbours {
  webAcl(entry: UserPoolEntry): Promise<void>;
  functions(entry: UserPoolEntry): Promise<void>;
}

/** A sub-collection's value and the errors of its calls, kept apart so that the entry is assembled in one fixed order. */
type Part<T> = Promise<T | undefined>;

/**
 * Describes one pool and everything attached to it. After DescribeUserPool every independent read
 * is in flight at once, so that the pool keeps the resource, client, WAF and Lambda lanes busy
 * together; the entry is then assembled in a fixed order (the same snapshot, whatever the timing).
 */
export async function collectUserPool(client: Client, poolId: string, neighbours?: PoolNeighbours): Promise<PoolCollection> {
  const describeErrors: CollectionError[] = [];
  const described = await attempt(describeErrors, "DescribeUserPool", () => client.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), poolId);
  const userPool = described?.UserPool;
  if (!userPool) {
    const error = describeErrors[0];
    if (error?.code === "ResourceNotFoundException") {
      return { skipped: { poolId, notFound: true, note: `User pool ${poolId} was listed but no longer exists (deleted during the scan); skipped.` } };
    }
    return { skipped: { poolId, error: error ?? { operation: "DescribeUserPool", code: "EmptyResponse", message: "no UserPool in the response", resource: poolId } } };
  }
  const id = { UserPoolId: poolId };
  // One error list per part, concatenated in the parts' order below.
  const errors = Array.from({ length: 9 }, (): CollectionError[] => []);
  const mfa: Part<MfaConfig> = attempt(errors[0]!, "GetUserPoolMfaConfig", () => client.send(new GetUserPoolMfaConfigCommand(id)));
  const risk = attempt(errors[1]!, "DescribeRiskConfiguration", () => client.send(new DescribeRiskConfigurationCommand(id)));
  const clients = collectClients(client, poolId, errors[2]!);
  const providers = collectProviders(client, poolId, errors[3]!);
  const servers = attemptAll(errors[4]!, "ListResourceServers", async function* () {
    for await (const page of paginateListResourceServers({ client }, { ...id, MaxResults: 50 })) yield page.ResourceServers;
  });
  const groups = attemptAll(errors[5]!, "ListGroups", async function* () {
    for await (const page of paginateListGroups({ client }, { ...id, Limit: 60 })) yield page.Groups;
  });
  const domainNames = [userPool.Domain, userPool.CustomDomain].filter((d): d is string => !!d);
  // One after the other (at most two): their errors keep the domains' order.
  const domains = (async () => {
    const answers = [];
    for (const Domain of domainNames) answers.push(await attempt(errors[6]!, "DescribeUserPoolDomain", () => client.send(new DescribeUserPoolDomainCommand({ Domain })), Domain));
    return answers;
  })();
  const logs = attempt(errors[7]!, "GetLogDeliveryConfiguration", () => client.send(new GetLogDeliveryConfigurationCommand(id)));
  const replicas = listReplicas(client, poolId, errors[8]!);

  // The neighbours record into an entry of their own each (webAcl, lambdaFunctions and their errors).
  const waf: UserPoolEntry = { userPool, errors: [] };
  const lambda: UserPoolEntry = { userPool, errors: [] };
  const neighbourhood = Promise.all([neighbours?.webAcl(waf), neighbours?.functions(lambda)]);

  const entry: UserPoolEntry = { userPool, errors: [] };
  const mfaConfig = await mfa;
  if (mfaConfig) entry.mfaConfig = mfaConfig;
  const riskConfiguration = await risk;
  if (riskConfiguration) entry.riskConfiguration = riskConfiguration.RiskConfiguration ?? null;
  const listed = await clients;
  if (listed) {
    entry.clients = listed.clients;
    if (listed.risk) entry.clientRiskConfigurations = listed.risk;
  }
  const identityProviders = await providers;
  if (identityProviders) entry.identityProviders = identityProviders;
  const resourceServers = await servers;
  if (resourceServers) entry.resourceServers = resourceServers;
  const groupList = await groups;
  if (groupList) entry.groups = groupList;
  const domainList = await domains;
  if (domainList.every((d) => d !== undefined)) entry.domains = domainList.flatMap((d) => (d.DomainDescription ? [d.DomainDescription] : []));
  const logDelivery = await logs;
  if (logDelivery) entry.logDeliveryConfiguration = logDelivery.LogDeliveryConfiguration ?? null;
  const replicaList = await replicas;
  if (replicaList) entry.replicas = replicaList;
  await neighbourhood;
  if (waf.webAcl !== undefined) entry.webAcl = waf.webAcl;
  if (lambda.lambdaFunctions) entry.lambdaFunctions = lambda.lambdaFunctions;
  // In one order, whichever failed first.
  entry.errors = [...errors.flat(), ...waf.errors, ...lambda.errors];
  return { entry };
}

/** App clients listed, then each described (with its secrets' metadata) and its own risk configuration read, a few at a time. */
async function collectClients(client: Client, poolId: string, errors: CollectionError[]) {
  const id = { UserPoolId: poolId };
  const listed = await attemptAll(errors, "ListUserPoolClients", async function* () {
    for await (const page of paginateListUserPoolClients({ client }, { ...id, MaxResults: 60 })) yield page.UserPoolClients;
  });
  if (!listed) return undefined;
  const perClient = await mapLimit(listed, CLIENT_CONCURRENCY, async (item) => {
    const clientId = item.ClientId ?? "";
    const own: CollectionError[] = [];
    const [described, risk] = await Promise.all([
      attempt(own, "DescribeUserPoolClient", () => client.send(new DescribeUserPoolClientCommand({ ...id, ClientId: clientId })), clientId),
      attempt(own, "DescribeRiskConfiguration", () => client.send(new DescribeRiskConfigurationCommand({ ...id, ClientId: clientId })), clientId),
    ]);
    let appClient: AppClient;
    if (!described?.UserPoolClient) {
      // Keep the client visible; the runner turns the recorded error into not_evaluated.
      appClient = { ClientId: clientId, ClientName: item.ClientName, UserPoolId: poolId };
    } else {
      appClient = described.UserPoolClient;
      const [secrets, session] = await Promise.all([
        appClient.ClientSecret !== undefined ? listClientSecrets(client, own, poolId, clientId) : undefined,
        attempt(own, "GetUserPoolClientSessionConfiguration", () => client.send(new GetUserPoolClientSessionConfigurationCommand({ ...id, ClientId: clientId })), clientId),
      ]);
      if (secrets) appClient.secrets = secrets;
      if (session) appClient.sessionConfiguration = session.SSOSession ? { SSOSession: session.SSOSession } : {};
    }
    // In the order the calls are listed above, whatever order they failed in.
    const order = ["DescribeUserPoolClient", "ListUserPoolClientSecrets", "GetUserPoolClientSessionConfiguration", "DescribeRiskConfiguration"];
    own.sort((a, b) => order.indexOf(a.operation) - order.indexOf(b.operation));
    return { clientId, appClient, risk, own };
  });
  const risk: NonNullable<UserPoolEntry["clientRiskConfigurations"]> = {};
  for (const c of perClient) {
    errors.push(...c.own);
    if (c.risk) risk[c.clientId] = c.risk.RiskConfiguration ?? null;
  }
  return { clients: perClient.map((c) => c.appClient), risk: Object.keys(risk).length > 0 || listed.length === 0 ? risk : undefined };
}

/** Identity providers listed and each described; a partial list would let a rule pass on providers it never saw. */
async function collectProviders(client: Client, poolId: string, errors: CollectionError[]): Promise<IdentityProvider[] | undefined> {
  const id = { UserPoolId: poolId };
  const providers = await attemptAll(errors, "ListIdentityProviders", async function* () {
    for await (const page of paginateListIdentityProviders({ client }, { ...id, MaxResults: 60 })) yield page.Providers;
  });
  if (!providers) return undefined;
  const described = await mapLimit(providers, CLIENT_CONCURRENCY, async (p) => {
    const own: CollectionError[] = [];
    const answer = await attempt(own, "DescribeIdentityProvider", () => client.send(new DescribeIdentityProviderCommand({ ...id, ProviderName: p.ProviderName ?? "" })), p.ProviderName);
    return { provider: answer?.IdentityProvider, own };
  });
  // The errors in the providers' order, whatever order they failed in.
  for (const d of described) errors.push(...d.own);
  return described.every((d) => d.provider) ? described.map((d) => d.provider!) : undefined;
}

/** The pool's multi-Region replicas (all pages). */
function listReplicas(client: Client, poolId: string, errors: CollectionError[]) {
  // The SDK has no paginator for it: the pages are followed here, all or none as for every listing.
  return attemptAll(errors, "ListUserPoolReplicas", async function* () {
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId, NextToken }));
      yield page?.UserPoolReplicas;
      NextToken = page?.NextToken;
    } while (NextToken);
  });
}

async function listClientSecrets(client: Client, errors: CollectionError[], poolId: string, clientId: string) {
  return attempt(
    errors,
    "ListUserPoolClientSecrets",
    async () => {
      const secrets: ClientSecretDescriptorType[] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId, NextToken }));
        secrets.push(...(page.ClientSecrets ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      return secrets;
    },
    clientId,
  );
}

/**
 * Collects the given pools (or all of the region's), many at a time, handing each to `onPool` as soon
 * as it is complete: nothing of a finished pool stays here. `onPool` gets the count done so far.
 */
export async function collectUserPools(
  client: Client,
  poolIds: string[],
  neighbours: PoolNeighbours | undefined,
  onPool: (result: PoolCollection, done: number, total: number) => Promise<void>,
): Promise<void> {
  let done = 0;
  const unique = [...new Set(poolIds)];
  await mapLimit(unique, POOL_CONCURRENCY, async (poolId) => {
    const result = await collectUserPool(client, poolId, neighbours);
    await onPool(result, ++done, unique.length);
  });
}
