// Collectors for what surrounds the user pools: the web ACL of each pool, its trigger functions,
// and the region's identity pools and trails.
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  GetPrincipalTagAttributeMapCommand,
  paginateListIdentityPools,
} from "@aws-sdk/client-cognito-identity";
import { GetFunctionConfigurationCommand, GetPolicyCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetWebACLForResourceCommand, WAFV2Client } from "@aws-sdk/client-wafv2";
import { createClient, type AwsOptions } from "../aws/clients.js";
import { parseFunctionArn, triggerFunctions } from "../snapshot/triggers.js";
import type { CollectionError, IdentityPool, LambdaFunction, PrincipalTagMap, RegionEntry, ResourcePolicy, UserPoolEntry } from "../snapshot/types.js";
import { attempt, attemptAll, errorCode, mapLimit, toCollectionError } from "./call.js";
import { toSnapshotData } from "../snapshot/redact.js";

/** The web ACL associated with the pool (null when none is). */
export async function collectWebAcl(waf: WAFV2Client, entry: UserPoolEntry): Promise<void> {
  const arn = entry.userPool.Arn;
  if (!arn) return;
  const result = await attempt(entry.errors, "GetWebACLForResource", () => waf.send(new GetWebACLForResourceCommand({ ResourceArn: arn })));
  if (result) entry.webAcl = result.WebACL ?? null;
}

interface CollectedFunction {
  fn: LambdaFunction;
  errors: CollectionError[];
}

const isNotFound = (error: unknown) => errorCode(error) === "ResourceNotFoundException";

/**
 * Fetches each trigger function once per scan, even when several pools share it. Each call goes to
 * the function's own region; a function in another account usually answers AccessDenied, which
 * makes the rules that needed it not_evaluated.
 */
export class TriggerFunctionCollector {
  private readonly cache = new Map<string, Promise<CollectedFunction>>();
  private readonly clients = new Map<string, LambdaClient>();
  constructor(private readonly aws: AwsOptions) {}

  private client(region: string): LambdaClient {
    let client = this.clients.get(region);
    if (!client) {
      client = createClient(LambdaClient, "lambda", { ...this.aws, region });
      this.clients.set(region, client);
    }
    return client;
  }

  private fetch(arn: string): Promise<CollectedFunction> {
    let pending = this.cache.get(arn);
    if (!pending) {
      pending = this.load(arn);
      this.cache.set(arn, pending);
    }
    return pending;
  }

  private async load(arn: string): Promise<CollectedFunction> {
    const errors: CollectionError[] = [];
    const client = this.client(parseFunctionArn(arn)?.region ?? this.aws.region);
    const fn: LambdaFunction = {};
    try {
      fn.configuration = toSnapshotData(await client.send(new GetFunctionConfigurationCommand({ FunctionName: arn })));
    } catch (error) {
      if (isNotFound(error)) fn.configuration = null;
      else errors.push(toCollectionError("GetFunctionConfiguration", error, arn));
    }
    if (fn.configuration !== null) {
      try {
        const { Policy } = await client.send(new GetPolicyCommand({ FunctionName: arn }));
        fn.policy = Policy ? (JSON.parse(Policy) as ResourcePolicy) : null;
      } catch (error) {
        if (isNotFound(error)) fn.policy = null;
        else errors.push(toCollectionError("GetPolicy", error, arn));
      }
    }
    return { fn, errors };
  }

  async collect(entry: UserPoolEntry): Promise<void> {
    const functions: Record<string, LambdaFunction> = {};
    for (const arn of triggerFunctions(entry.userPool).keys()) {
      const { fn, errors } = await this.fetch(arn);
      functions[arn] = structuredClone(fn);
      entry.errors.push(...errors);
    }
    entry.lambdaFunctions = functions;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
  }
}

/** The region's identity pools, each described. */
export async function collectIdentityPools(client: CognitoIdentityClient, region: Omit<RegionEntry, "userPools">): Promise<void> {
  const listed = await attemptAll(region.errors, "ListIdentityPools", async function* () {
    for await (const page of paginateListIdentityPools({ client }, { MaxResults: 60 })) yield page.IdentityPools;
  });
  if (!listed) return;
  const described = await mapLimit(listed, 2, (p) =>
    attempt(region.errors, "DescribeIdentityPool", () => client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: p.IdentityPoolId ?? "" })), p.IdentityPoolId),
  );
  // A partial list would let a rule pass on identity pools it never saw.
  if (!described.every((d) => d !== undefined)) return;
  region.identityPools = await mapLimit(described, 2, (pool) => identityPoolRoles(client, region.errors, pool));
}

/**
 * The pool's roles and role mappings, and the principal tag map of each user pool it trusts. A
 * provider without a tag map answers ResourceNotFoundException: recorded as null (none).
 */
async function identityPoolRoles(client: CognitoIdentityClient, errors: CollectionError[], pool: IdentityPool): Promise<IdentityPool> {
  const id = pool.IdentityPoolId ?? "";
  const roles = await attempt(errors, "GetIdentityPoolRoles", () => client.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id })), id);
  const principalTags: Record<string, PrincipalTagMap | null> = {};
  for (const provider of pool.CognitoIdentityProviders ?? []) {
    const name = provider.ProviderName;
    if (!name || Object.hasOwn(principalTags, name)) continue;
    try {
      principalTags[name] = toSnapshotData(await client.send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: id, IdentityProviderName: name })));
    } catch (error) {
      if (isNotFound(error)) principalTags[name] = null;
      else errors.push(toCollectionError("GetPrincipalTagAttributeMap", error, id));
    }
  }
  return { ...pool, ...(roles ? { roles } : {}), principalTags };
}

/** The trails that apply to the region (shadow trails of multi-region trails included), with status and selectors. */
export async function collectTrails(client: CloudTrailClient, region: Omit<RegionEntry, "userPools">): Promise<void> {
  const described = await attempt(region.errors, "DescribeTrails", () => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
  if (!described) return;
  region.trails = await mapLimit(described.trailList ?? [], 2, async (trail) => {
    const id = trail.TrailARN ?? trail.Name ?? "";
    const status = await attempt(region.errors, "GetTrailStatus", () => client.send(new GetTrailStatusCommand({ Name: id })), id);
    const selectors = await attempt(region.errors, "GetEventSelectors", () => client.send(new GetEventSelectorsCommand({ TrailName: id })), id);
    return { ...trail, ...(status ? { status } : {}), ...(selectors ? { eventSelectors: selectors } : {}) };
  });
}

export function regionalClients(aws: AwsOptions) {
  return {
    waf: createClient(WAFV2Client, "wafv2", aws),
    identity: createClient(CognitoIdentityClient, "cognito-identity", aws),
    cloudTrail: createClient(CloudTrailClient, "cloudtrail", aws),
  };
}
