// Collects one region's user pools through cognito-idp: read-only, paced, one failed call at a time.
import {
  CognitoIdentityProviderClient,
  DescribeIdentityProviderCommand,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetLogDeliveryConfigurationCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientSecretsCommand,
  paginateListGroups,
  paginateListIdentityProviders,
  paginateListResourceServers,
  paginateListUserPoolClients,
  paginateListUserPools,
  type ClientSecretDescriptorType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { CollectionError, UserPoolEntry } from "../snapshot/types.js";
import { attempt, attemptAll, mapLimit } from "./call.js";

type Client = CognitoIdentityProviderClient;
const POOL_CONCURRENCY = 4;

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

/** Describes one pool and everything attached to it. */
export async function collectUserPool(client: Client, poolId: string): Promise<PoolCollection> {
  const errors: CollectionError[] = [];
  const described = await attempt(errors, "DescribeUserPool", () => client.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), poolId);
  const userPool = described?.UserPool;
  if (!userPool) {
    const error = errors[0];
    if (error?.code === "ResourceNotFoundException") {
      return { skipped: { poolId, notFound: true, note: `User pool ${poolId} was listed but no longer exists (deleted during the scan); skipped.` } };
    }
    return { skipped: { poolId, error: error ?? { operation: "DescribeUserPool", code: "EmptyResponse", message: "no UserPool in the response", resource: poolId } } };
  }

  const entry: UserPoolEntry = { userPool, errors };
  const id = { UserPoolId: poolId };

  const mfa = await attempt(errors, "GetUserPoolMfaConfig", () => client.send(new GetUserPoolMfaConfigCommand(id)));
  if (mfa) entry.mfaConfig = mfa;

  const risk = await attempt(errors, "DescribeRiskConfiguration", () => client.send(new DescribeRiskConfigurationCommand(id)));
  if (risk) entry.riskConfiguration = risk.RiskConfiguration ?? null;

  const listed = await attemptAll(errors, "ListUserPoolClients", async function* () {
    for await (const page of paginateListUserPoolClients({ client }, { ...id, MaxResults: 60 })) yield page.UserPoolClients;
  });
  if (listed) {
    entry.clients = [];
    const clientRisk: NonNullable<UserPoolEntry["clientRiskConfigurations"]> = {};
    for (const item of listed) {
      const clientId = item.ClientId ?? "";
      const described = await attempt(
        errors,
        "DescribeUserPoolClient",
        () => client.send(new DescribeUserPoolClientCommand({ ...id, ClientId: clientId })),
        clientId,
      );
      if (!described?.UserPoolClient) {
        // Keep the client visible; the runner turns the recorded error into not_evaluated.
        entry.clients.push({ ClientId: clientId, ClientName: item.ClientName, UserPoolId: poolId });
        continue;
      }
      const appClient: NonNullable<UserPoolEntry["clients"]>[number] = described.UserPoolClient;
      if (appClient.ClientSecret !== undefined) {
        const secrets = await listClientSecrets(client, errors, poolId, clientId);
        if (secrets) appClient.secrets = secrets;
      }
      entry.clients.push(appClient);
      const riskForClient = await attempt(
        errors,
        "DescribeRiskConfiguration",
        () => client.send(new DescribeRiskConfigurationCommand({ ...id, ClientId: clientId })),
        clientId,
      );
      if (riskForClient) clientRisk[clientId] = riskForClient.RiskConfiguration ?? null;
    }
    if (Object.keys(clientRisk).length > 0 || listed.length === 0) entry.clientRiskConfigurations = clientRisk;
  }

  const providers = await attemptAll(errors, "ListIdentityProviders", async function* () {
    for await (const page of paginateListIdentityProviders({ client }, { ...id, MaxResults: 60 })) yield page.Providers;
  });
  if (providers) {
    const described = await mapLimit(providers, 1, (p) =>
      attempt(
        errors,
        "DescribeIdentityProvider",
        () => client.send(new DescribeIdentityProviderCommand({ ...id, ProviderName: p.ProviderName ?? "" })),
        p.ProviderName,
      ),
    );
    const complete = described.every((d) => d?.IdentityProvider);
    // A partial provider list would let a rule pass on providers it never saw.
    if (complete) entry.identityProviders = described.map((d) => d!.IdentityProvider!);
  }

  const servers = await attemptAll(errors, "ListResourceServers", async function* () {
    for await (const page of paginateListResourceServers({ client }, { ...id, MaxResults: 50 })) yield page.ResourceServers;
  });
  if (servers) entry.resourceServers = servers;

  const groups = await attemptAll(errors, "ListGroups", async function* () {
    for await (const page of paginateListGroups({ client }, { ...id, Limit: 60 })) yield page.Groups;
  });
  if (groups) entry.groups = groups;

  const domainNames = [userPool.Domain, userPool.CustomDomain].filter((d): d is string => !!d);
  const domains = await mapLimit(domainNames, 1, (Domain) =>
    attempt(errors, "DescribeUserPoolDomain", () => client.send(new DescribeUserPoolDomainCommand({ Domain })), Domain),
  );
  if (domains.every((d) => d !== undefined)) {
    entry.domains = domains.flatMap((d) => (d?.DomainDescription ? [d.DomainDescription] : []));
  }

  const logs = await attempt(errors, "GetLogDeliveryConfiguration", () => client.send(new GetLogDeliveryConfigurationCommand(id)));
  if (logs) entry.logDeliveryConfiguration = logs.LogDeliveryConfiguration ?? null;

  return { entry };
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

/** Collects the given pools (or all of the region's), a few at a time; `onDone` counts them for the progress line. */
export async function collectUserPools(client: Client, poolIds: string[], onDone?: (done: number, total: number) => void) {
  let done = 0;
  return mapLimit(poolIds, POOL_CONCURRENCY, async (poolId) => {
    const result = await collectUserPool(client, poolId);
    onDone?.(++done, poolIds.length);
    return result;
  });
}
