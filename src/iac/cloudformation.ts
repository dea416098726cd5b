// A CloudFormation template (or a CDK app's synthesised one) as snapshot v1: each Cognito, WAF,
// Lambda and CloudTrail resource in the API shape the collectors write, so the rules run unchanged.
// Properties have the API's names except where the CloudFormation reference names them otherwise
// (UserPoolName, Schema, EnabledMfas, GenerateSecret, …). An absent property takes the default
// Amazon Cognito gives it: the reference says of AWS::Cognito::UserPool and UserPoolClient "If you
// don't specify a value for a parameter, Amazon Cognito sets it to a default value"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpool.html,
// …/aws-resource-cognito-userpoolclient.html), and those defaults are the CreateUserPool and
// CreateUserPoolClient ones (API reference; the SDK model's doc strings quote them below).
import { clientIdentifier, identityProviderIdentifier, userPoolArn } from "../snapshot/identifiers.js";
import { identityPoolKey, regionKey, triggerKey } from "../snapshot/locate.js";
import { isSecretKey, isUnitMap, REDACTED } from "../snapshot/redact.js";
import type { AppClient, IdentityPool, LambdaFunction, PolicyStatement, RegionEntry, TrailEntry, UserPoolEntry, UserPoolReplica, WebAcl } from "../snapshot/types.js";
import { defineUnknown } from "../snapshot/unknown.js";
import { firstUnknown, NO_VALUE, Resolver, Unknown, type Resolved } from "./intrinsics.js";
import type { SourceSpot, SourceSpots } from "./spots.js";

/** Where the stack is deployed: the pseudo parameters, known only when given. */
export interface Deployment {
  /** False when accountId is a placeholder (AWS::AccountId was not given and no ARN of the code names it). */
  accountKnown?: boolean;
  accountId: string;
  region: string;
  partition: string;
}

/** One template's resources, evaluated: logical id → type and properties. */
export interface TemplateResources {
  file: string;
  /** Logical id prefix for a nested stack ("Parent/"), "" at the top. */
  prefix: string;
  resources: Map<string, { type: string; properties: Record<string, Resolved>; spot: SourceSpot }>;
  notes: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Record<string, Resolved> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown);

/**
 * A resolved value as snapshot data: an Unknown becomes a throwing getter on its holder (a list
 * holding one is unknown as a whole), so a rule that reads it is not evaluated with `where`'s reason.
 */
export function materialise(value: Resolved, where: string, key?: string): unknown {
  if (value instanceof Unknown) return value;
  if (value === NO_VALUE) return undefined;
  if (Array.isArray(value)) {
    const unknown = firstUnknown(value);
    return unknown ? new Unknown(unknown.reason) : value.map((v) => materialise(v, where));
  }
  if (isObject(value)) {
    const out: Json = {};
    for (const [child, v] of Object.entries(value)) put(out, child, materialise(v, `${where}.${child}`, child), `${where}.${child}`, key);
    return out;
  }
  return value;
}

/**
 * Sets holder[key] (holder being the value of `parent`) to a materialised value: an Unknown is a
 * getter that explains itself, and a secret (an IdP's client_secret written in a template or a
 * plan) is kept as REDACTED, as collection keeps it (snapshot/redact.ts).
 */
function put(holder: Json, key: string, value: unknown, where: string, parent?: string): void {
  if (value instanceof Unknown) defineUnknown(holder, key, `${where} is not known before deploy (${value.reason})`);
  else if (value !== undefined) {
    const secret = value !== null && isSecretKey(key) && !(parent !== undefined && isUnitMap(parent));
    Object.defineProperty(holder, key, { value: secret ? REDACTED : value, enumerable: true, writable: true, configurable: true });
  }
}

/** The resolved properties as data, renamed and defaulted; `rename` maps CloudFormation names to API names, null drops one. */
function shape(properties: Record<string, Resolved>, where: string, rename: Record<string, string | null>, defaults: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(properties)) {
    const target = Object.hasOwn(rename, key) ? rename[key] : key;
    if (target === null || target === undefined) continue;
    put(out, target, materialise(value, `${where}.${key}`, target), `${where}.${key}`);
  }
  for (const [key, value] of Object.entries(defaults)) if (!Object.getOwnPropertyDescriptor(out, key)) out[key] = value;
  return out;
}

const text = (v: Resolved | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** What a Ref or GetAtt of a resource gives before deploy: the identifiers this tool assigns, as in the snapshot. */
export function resourceValues(deployment: Deployment, ids: Map<string, { type: string; id: string; name?: string }>) {
  const { partition, region, accountId } = deployment;
  return (logicalId: string, attribute: string | undefined): string | undefined => {
    const resource = ids.get(logicalId);
    if (!resource) return undefined;
    const { type, id } = resource;
    const poolArn = userPoolArn(partition, region, accountId, id);
    switch (type) {
      case "AWS::Cognito::UserPool":
        if (attribute === undefined || attribute === "UserPoolId") return id;
        if (attribute === "Arn") return poolArn;
        return undefined;
      case "AWS::Cognito::UserPoolClient":
        return attribute === undefined || attribute === "ClientId" ? id : undefined;
      case "AWS::Cognito::IdentityPool":
        return attribute === undefined || attribute === "Id" ? id : attribute === "Name" ? resource.name : undefined;
      case "AWS::Lambda::Function": {
        const name = resource.name ?? id;
        if (attribute === undefined) return name;
        return attribute === "Arn" ? `arn:${partition}:lambda:${region}:${accountId}:function:${name}` : undefined;
      }
      case "AWS::WAFv2::WebACL":
        return attribute === "Arn" ? `arn:${partition}:wafv2:${region}:${accountId}:regional/webacl/${resource.name ?? id}/${id}` : undefined;
      case "AWS::IAM::Role":
        return attribute === "Arn" ? `arn:${partition}:iam::${accountId}:role/${resource.name ?? id}` : undefined;
      case "AWS::CloudTrail::Trail":
        return attribute === undefined ? (resource.name ?? id) : attribute === "Arn" ? `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${resource.name ?? id}` : undefined;
      default:
        return undefined;
    }
  };
}

export { Resolver };

/** Which resource a reference names: the pool whose Id a client's UserPoolId resolved to, and so on. */
const byId = <T extends { id: string }>(items: readonly T[], value: Resolved | undefined) => (typeof value === "string" ? items.find((i) => i.id === value) : undefined);

interface PoolBuild {
  id: string;
  arn: string;
  entry: UserPoolEntry;
  spot: SourceSpot;
}

/** The snapshot region of one or more evaluated templates (one stack and its nested stacks, or a directory of them). */
export function toRegion(templates: readonly TemplateResources[], deployment: Deployment, spots: SourceSpots, idOf: (t: TemplateResources, logicalId: string) => string): RegionEntry {
  const { partition, region, accountId } = deployment;
  const notes: string[] = [];
  const all = templates.flatMap((t) => [...t.resources].map(([logicalId, r]) => ({ template: t, logicalId, id: idOf(t, logicalId), ...r })));
  const of = (type: string) => all.filter((r) => r.type === type);
  const where = (r: { logicalId: string; template: TemplateResources }) => `${r.template.prefix}${r.logicalId}`;

  const pools: PoolBuild[] = of("AWS::Cognito::UserPool").map((r) => {
    const arn = userPoolArn(partition, region, accountId, r.id);
    const p = r.properties;
    const userPool = shape(
      p,
      where(r),
      { UserPoolName: null, Schema: "SchemaAttributes", EnabledMfas: null, UserPoolTags: "UserPoolTags", WebAuthnRelyingPartyID: null, WebAuthnUserVerification: null, EmailAuthenticationMessage: null, EmailAuthenticationSubject: null },
      {
        // CreateUserPool without MfaConfiguration makes a pool without MFA: DescribeUserPool reports OFF (the
        // reference lists OFF, ON and OPTIONAL; OFF: "MFA tokens aren't required").
        MfaConfiguration: "OFF",
        // Developer guide, "User pool deletion protection": inactive by default when created with the API (and so with CloudFormation).
        DeletionProtection: "INACTIVE",
        // CreateUserPoolRequest.UserPoolTier: "Defaults to ESSENTIALS".
        UserPoolTier: "ESSENTIALS",
      },
    );
    if (!Object.getOwnPropertyDescriptor(userPool, "UserAttributeUpdateSettings")) {
      defineUnknown(
        userPool,
        "UserAttributeUpdateSettings",
        `${where(r)} does not set UserAttributeUpdateSettings and no reference documents what a new pool gets: whether email and phone changes need verification first is known only on the deployed pool (scan it live)`,
      );
    }
    userPool.Id = r.id;
    userPool.Name = where(r);
    userPool.Arn = arn;
    const entry: UserPoolEntry = {
      userPool: userPool,
      mfaConfig: mfaConfig(p, userPool, where(r)),
      clients: [],
      identityProviders: [],
      resourceServers: [],
      groups: [],
      domains: [],
      riskConfiguration: null,
      clientRiskConfigurations: null,
      logDeliveryConfiguration: null,
      webAcl: null,
      lambdaFunctions: {},
      notes: [],
      errors: [],
    };
    spots.set(arn, r.spot);
    return { id: r.id, arn, entry, spot: r.spot };
  });

  /** The pool a resource's UserPoolId names; a resource of a pool outside the templates is left out, and said. */
  const poolOf = (r: (typeof all)[number]): PoolBuild | undefined => {
    const value = r.properties.UserPoolId;
    const pool = byId(pools, value);
    if (!pool) notes.push(`${where(r)} (${r.type}) belongs to a user pool that is not defined in the scanned templates (${value instanceof Unknown ? value.reason : "UserPoolId " + JSON.stringify(value)}): it was not audited.`);
    return pool;
  };

  const clients: { id: string; pool: PoolBuild; client: AppClient }[] = [];
  for (const r of of("AWS::Cognito::UserPoolClient")) {
    const pool = poolOf(r);
    if (!pool) continue;
    const generate = r.properties.GenerateSecret;
    const client = shape(r.properties, where(r), { GenerateSecret: null, UserPoolId: "UserPoolId", ClientName: null }, {
      // CreateUserPoolClientRequest.ExplicitAuthFlows: "If you don't specify a value for ExplicitAuthFlows, your app
      // client supports ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and ALLOW_CUSTOM_AUTH."
      ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"],
      // CreateUserPoolClientRequest.PreventUserExistenceErrors: "Defaults to LEGACY."
      PreventUserExistenceErrors: "LEGACY",
      // CreateUserPoolClientRequest.EnableTokenRevocation: "If you don't include this parameter, token revocation is
      // automatically activated for the new user pool client."
      EnableTokenRevocation: true,
      AllowedOAuthFlowsUserPoolClient: false,
      EnablePropagateAdditionalUserContextData: false,
    }) as AppClient & Json;
    client.ClientId = r.id;
    client.ClientName = where(r);
    client.UserPoolId = pool.id;
    if (generate instanceof Unknown) defineUnknown(client, "ClientSecret", `${where(r)}.GenerateSecret is not known before deploy (${generate.reason})`);
    else if (generate === true) client.ClientSecret = REDACTED;
    // A secret's age and the client's creation date exist only once deployed.
    const live = `${where(r)} is not deployed yet: its creation date and secrets exist only on the live pool (scan it live)`;
    defineUnknown(client, "CreationDate", live);
    defineUnknown(client, "LastModifiedDate", live);
    defineUnknown(client, "secrets", live);
    // GetUserPoolClientSessionConfiguration of a client without AWS::Cognito::UserPoolClientSessionConfigurationAttachment:
    // "If you have never called SetUserPoolClientSessionConfiguration for the app client, this operation returns the
    // default SSO session maximum validity of 60 minutes" (AWS CLI reference, get-user-pool-client-session-configuration).
    // An attachment, read below, replaces it.
    client.sessionConfiguration = {};
    pool.entry.clients!.push(client);
    clients.push({ id: r.id, pool, client });
    spots.set(clientIdentifier(pool.arn, r.id), r.spot);
  }

  // AWS::Cognito::UserPoolClientSessionConfigurationAttachment: UserPoolId, ClientId, SSOSession (MaxValidityMinutes).
  for (const r of of("AWS::Cognito::UserPoolClientSessionConfigurationAttachment")) {
    const pool = poolOf(r);
    if (!pool) continue;
    const clientId = r.properties.ClientId;
    const target = byId(clients, clientId);
    if (target) target.client.sessionConfiguration = shape(r.properties, where(r), { UserPoolId: null, ClientId: null }, {});
    else if (clientId instanceof Unknown) {
      // Which client it configures is not known: none of the pool's clients can be judged on its session.
      for (const c of clients) if (c.pool === pool) defineUnknown(c.client, "sessionConfiguration", `${where(r)}.ClientId is not known before deploy (${clientId.reason})`);
    }
  }

  // Multi-Region replicas: AWS::Cognito::UserPoolReplica (RegionName, UserPoolId). A pool has replicas only once
  // CreateUserPoolReplica made them (API reference): without such a resource, ListUserPoolReplicas lists none.
  for (const pool of pools) pool.entry.replicas = [];
  for (const r of of("AWS::Cognito::UserPoolReplica")) {
    const pool = poolOf(r);
    if (!pool) continue;
    const region = r.properties.RegionName;
    if (region instanceof Unknown) {
      defineUnknown(pool.entry, "replicas", `${where(r)}.RegionName is not known before deploy (${region.reason})`);
      continue;
    }
    if (typeof region !== "string") continue;
    const replicas = Object.getOwnPropertyDescriptor(pool.entry, "replicas")?.value as UserPoolReplica[] | undefined;
    replicas?.push({ RegionName: region, Role: "SECONDARY", UserPoolArn: userPoolArn(partition, region, accountId, pool.id) });
  }

  for (const r of of("AWS::Cognito::UserPoolIdentityProvider")) {
    const pool = poolOf(r);
    if (!pool) continue;
    const provider = shape(r.properties, where(r), {}, {});
    provider.UserPoolId = pool.id;
    pool.entry.identityProviders!.push(provider);
    const name = text(r.properties.ProviderName);
    if (name !== undefined) spots.set(identityProviderIdentifier(pool.arn, name), r.spot);
  }

  // Shaped objects are completed in place, never spread: a spread would drop their unknown values.
  const ofPool = (r: (typeof all)[number], pool: PoolBuild) => Object.assign(shape(r.properties, where(r), {}, {}), { UserPoolId: pool.id });
  for (const r of of("AWS::Cognito::UserPoolResourceServer")) {
    const pool = poolOf(r);
    if (pool) pool.entry.resourceServers!.push(ofPool(r, pool));
  }
  for (const r of of("AWS::Cognito::UserPoolGroup")) {
    const pool = poolOf(r);
    if (pool) pool.entry.groups!.push(ofPool(r, pool));
  }
  for (const r of of("AWS::Cognito::UserPoolDomain")) {
    const pool = poolOf(r);
    if (!pool) continue;
    const domain = ofPool(r, pool);
    const custom = Object.getOwnPropertyDescriptor(domain, "CustomDomainConfig")?.value as Json | undefined;
    // CloudFormation's CustomDomainConfig names the certificate only: the TLS policy is the deployed domain's.
    if (custom && typeof custom === "object" && !Object.getOwnPropertyDescriptor(custom, "SecurityPolicy")) {
      defineUnknown(custom, "SecurityPolicy", `${where(r)} does not set a TLS security policy: the policy of a custom domain is read from the deployed domain (scan it live)`);
    }
    pool.entry.domains!.push(domain);
  }
  for (const r of of("AWS::Cognito::LogDeliveryConfiguration")) {
    const pool = poolOf(r);
    if (pool) pool.entry.logDeliveryConfiguration = ofPool(r, pool) as UserPoolEntry["logDeliveryConfiguration"];
  }
  for (const r of of("AWS::Cognito::UserPoolRiskConfigurationAttachment")) {
    const pool = poolOf(r);
    if (!pool) continue;
    const config = shape(r.properties, where(r), {}, {});
    config.UserPoolId = pool.id;
    const clientId = r.properties.ClientId;
    // ClientId "ALL" is the pool's own configuration (AWS::Cognito::UserPoolRiskConfigurationAttachment ClientId).
    if (clientId === "ALL") pool.entry.riskConfiguration = config;
    else if (clientId instanceof Unknown) pool.entry.notes!.push(`${where(r)}.ClientId is not known before deploy (${clientId.reason}): its risk configuration was not audited.`);
    else {
      const client = byId(clients, clientId);
      if (client) (pool.entry.clientRiskConfigurations ??= {})[client.id] = Object.assign(config, { ClientId: client.id });
    }
  }

  // Web ACLs: those of the templates by their Arn; associations by the pool's Arn.
  const acls = of("AWS::WAFv2::WebACL").map((r) => ({ r, arn: resourceValues(deployment, new Map([[r.logicalId, { type: r.type, id: r.id, name: text(r.properties.Name) }]]))(r.logicalId, "Arn")! }));
  for (const r of of("AWS::WAFv2::WebACLAssociation")) {
    const resourceArn = r.properties.ResourceArn;
    const pool = pools.find((p) => p.arn === resourceArn);
    if (!pool) continue;
    const aclArn = r.properties.WebACLArn;
    const acl = acls.find((a) => a.arn === aclArn);
    if (acl) {
      const webAcl = shape(acl.r.properties, where(acl.r), { Tags: null }, {}) as WebAcl & Json;
      webAcl.ARN = acl.arn;
      webAcl.Id ??= acl.r.id;
      pool.entry.webAcl = webAcl;
    } else {
      const why = aclArn instanceof Unknown ? aclArn.reason : `the web ACL ${JSON.stringify(aclArn)} is not defined in the scanned templates`;
      defineUnknown(pool.entry, "webAcl", `${where(r)} associates a web ACL whose rules are not known before deploy (${why})`);
    }
  }

  // Lambda functions of the templates, with the statements their AWS::Lambda::Permission resources add.
  const functions = new Map<string, { r: (typeof all)[number]; name: string; arn: string }>();
  for (const r of of("AWS::Lambda::Function")) {
    const name = text(r.properties.FunctionName) ?? r.id;
    functions.set(`arn:${partition}:lambda:${region}:${accountId}:function:${name}`, { r, name, arn: `arn:${partition}:lambda:${region}:${accountId}:function:${name}` });
  }
  const statements = new Map<string, PolicyStatement[]>();
  for (const r of of("AWS::Lambda::Permission")) {
    const target = r.properties.FunctionName;
    const fn = [...functions.values()].find((f) => f.arn === target || f.name === target);
    if (!fn) continue;
    const p = r.properties;
    const condition: NonNullable<PolicyStatement["Condition"]> = {};
    const sourceArn = p.SourceArn;
    const sourceAccount = p.SourceAccount;
    if (sourceArn instanceof Unknown || sourceAccount instanceof Unknown) {
      statements.set(fn.arn, [...(statements.get(fn.arn) ?? []), new Unknown((sourceArn instanceof Unknown ? sourceArn : (sourceAccount as Unknown)).reason) as unknown as PolicyStatement]);
      continue;
    }
    if (typeof sourceArn === "string") condition.ArnLike = { "AWS:SourceArn": sourceArn };
    if (typeof sourceAccount === "string") condition.StringEquals = { "AWS:SourceAccount": sourceAccount };
    const principal = text(p.Principal) ?? "";
    statements.set(fn.arn, [
      ...(statements.get(fn.arn) ?? []),
      {
        Sid: r.logicalId,
        Effect: "Allow",
        Principal: principal.endsWith(".amazonaws.com") ? { Service: principal } : principal === "*" ? "*" : { AWS: principal },
        Action: text(p.Action) ?? "lambda:InvokeFunction",
        Resource: fn.arn,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      },
    ]);
  }

  for (const pool of pools) {
    const lambdaConfig = (Object.getOwnPropertyDescriptor(pool.entry.userPool, "LambdaConfig")?.value ?? {}) as Record<string, unknown>;
    if (Object.getOwnPropertyDescriptor(pool.entry.userPool, "LambdaConfig")?.get) {
      // The triggers cannot be listed: every rule about them is left out, and said.
      pool.entry.notes!.push(`${pool.spot.logicalId}.LambdaConfig is not known before deploy: its triggers were not audited.`);
      Object.defineProperty(pool.entry.userPool, "LambdaConfig", { value: {}, enumerable: true, configurable: true, writable: true });
      continue;
    }
    for (const [trigger, value] of Object.entries(lambdaConfig)) {
      const arn = typeof value === "string" ? value : (value as { LambdaArn?: unknown } | null)?.LambdaArn;
      if (typeof arn !== "string") continue;
      const fn = functions.get(arn);
      const lambda: LambdaFunction = {};
      if (fn) {
        const configuration = shape(fn.r.properties, where(fn.r), { Code: null, Tags: null }, { PackageType: "Zip" });
        configuration.FunctionName = fn.name;
        configuration.FunctionArn = fn.arn;
        lambda.configuration = configuration;
        const list = statements.get(fn.arn);
        const unknown = list?.find((s) => s instanceof Unknown);
        if (unknown) defineUnknown(lambda, "policy", `a permission of ${where(fn.r)} is not known before deploy (${unknown.reason})`);
        else lambda.policy = list ? { Version: "2012-10-17", Statement: list } : null;
        spots.set(triggerKey(pool.arn, arn), fn.r.spot);
      } else {
        const account = arn.split(":")[4];
        if (deployment.accountKnown === false && account && account !== accountId) {
          pool.entry.notes!.push(
            `${pool.spot.logicalId}.LambdaConfig.${trigger} names a function of account ${account}, compared with the placeholder account ${accountId}: give --parameter AWS::AccountId=… for trigger-cross-account to compare with the account the stack is deployed to.`,
          );
        }
        const why = `${pool.spot.logicalId}.LambdaConfig.${trigger} names ${arn}, a function not defined in the scanned templates: its runtime and resource policy are read only from the deployed function (scan live)`;
        defineUnknown(lambda, "configuration", why);
        defineUnknown(lambda, "policy", why);
        spots.set(triggerKey(pool.arn, arn), { ...pool.spot, line: pool.spot.properties.get(trigger) ?? pool.spot.line });
      }
      pool.entry.lambdaFunctions![arn] = lambda;
    }
  }

  const identityPools: IdentityPool[] = of("AWS::Cognito::IdentityPool").map((r) => {
    const identityPool = shape(r.properties, where(r), { IdentityPoolName: null, IdentityPoolTags: null, PushSync: null, CognitoEvents: null, CognitoStreams: null }, {
      // AWS::Cognito::IdentityPool AllowClassicFlow: "Enables the Basic (Classic) authentication flow" — false unless set (CreateIdentityPool).
      AllowClassicFlow: false,
    }) as IdentityPool & Json;
    identityPool.IdentityPoolId = r.id;
    identityPool.IdentityPoolName = where(r);
    // CognitoIdentityProvider ServerSideTokenCheck is optional, and neither the CloudFormation reference nor the API
    // reference (CognitoIdentityProvider) says what a provider created without it gets: known only once deployed.
    const providers = Object.getOwnPropertyDescriptor(identityPool, "CognitoIdentityProviders")?.value as Json[] | undefined;
    (Array.isArray(providers) ? providers : []).forEach((provider, i) => {
      if (typeof provider === "object" && provider !== null && !Object.getOwnPropertyDescriptor(provider, "ServerSideTokenCheck")) {
        defineUnknown(
          provider,
          "ServerSideTokenCheck",
          `${where(r)}.CognitoIdentityProviders[${i}] does not set ServerSideTokenCheck and no reference documents its default: whether the identity pool checks tokens with the user pool is known only on the deployed identity pool (scan it live)`,
        );
      }
    });
    // The identity pool's roles: an AWS::Cognito::IdentityPoolRoleAttachment names it, else it has none
    // (roles are set only by SetIdentityPoolRoles, which is what the attachment calls).
    identityPool.roles = { IdentityPoolId: r.id };
    spots.set(identityPoolKey(accountId, region, r.id), r.spot);
    return identityPool;
  });
  const identityPoolOf = (r: (typeof all)[number]) => {
    const target = identityPools.find((i) => i.IdentityPoolId === r.properties.IdentityPoolId);
    if (!target) notes.push(`${where(r)} (${r.type}) belongs to an identity pool that is not defined in the scanned templates: it was not audited.`);
    return target;
  };
  for (const r of of("AWS::Cognito::IdentityPoolRoleAttachment")) {
    const identityPool = identityPoolOf(r);
    if (identityPool) identityPool.roles = roleAttachment(r.properties, where(r), identityPool.IdentityPoolId!);
  }
  // Principal tags: AWS::Cognito::IdentityPoolPrincipalTag per provider; a provider without one has no tag map.
  for (const identityPool of identityPools) {
    const providers = Object.getOwnPropertyDescriptor(identityPool, "CognitoIdentityProviders");
    if (providers?.get) continue;
    const list = (providers?.value ?? []) as { ProviderName?: string }[];
    identityPool.principalTags = Object.fromEntries(list.flatMap((p) => (typeof p.ProviderName === "string" ? [[p.ProviderName, null]] : [])));
  }
  for (const r of of("AWS::Cognito::IdentityPoolPrincipalTag")) {
    const identityPool = identityPoolOf(r);
    const tags = identityPool?.principalTags;
    if (!identityPool || !tags) continue;
    const provider = r.properties.IdentityProviderName;
    if (typeof provider === "string") tags[provider] = Object.assign(shape(r.properties, where(r), {}, {}), { IdentityPoolId: identityPool.IdentityPoolId });
    else {
      // Which provider it tags is not known: no provider's tag map can be read.
      identityPool.principalTags = {};
      notes.push(`${where(r)}.IdentityProviderName is not known before deploy: the principal tags of ${identityPool.IdentityPoolName} were not audited.`);
    }
  }

  const entry: RegionEntry = { region, userPools: pools.map((p) => p.entry), identityPools, notes, errors: [] };
  const trails = of("AWS::CloudTrail::Trail");
  if (trails.length > 0) {
    entry.trails = trails.map((r) => trailEntry(r.properties, where(r), deployment, r.id));
    spots.set(regionKey(accountId, region), trails[0]!.spot);
  } else {
    defineUnknown(entry, "trails", "CloudTrail trails are account-wide and no AWS::CloudTrail::Trail is in the scanned templates: whether one records this region is known only live (scan live)");
    if (pools[0]) spots.set(regionKey(accountId, region), pools[0].spot);
  }
  return entry;
}

/**
 * GetIdentityPoolRoles' shape from AWS::Cognito::IdentityPoolRoleAttachment: Roles as they are; RoleMappings,
 * which CloudFormation keys by any name with the provider in IdentityProvider, keyed by that provider as the API does.
 */
function roleAttachment(p: Record<string, Resolved>, where: string, identityPoolId: string): NonNullable<IdentityPool["roles"]> {
  const roles: Json = { IdentityPoolId: identityPoolId };
  put(roles, "Roles", materialise(p.Roles ?? NO_VALUE, `${where}.Roles`), `${where}.Roles`);
  const mappings = p.RoleMappings;
  if (mappings instanceof Unknown) put(roles, "RoleMappings", mappings, `${where}.RoleMappings`);
  else if (isObject(mappings)) {
    const byProvider: Json = {};
    for (const [key, value] of Object.entries(mappings)) {
      const mapping = materialise(value, `${where}.RoleMappings.${key}`);
      if (mapping instanceof Unknown) {
        put(roles, "RoleMappings", mapping, `${where}.RoleMappings.${key}`);
        return roles;
      }
      const provider = Object.getOwnPropertyDescriptor(mapping, "IdentityProvider");
      if (provider?.get || typeof provider?.value !== "string") {
        defineUnknown(roles, "RoleMappings", `${where}.RoleMappings.${key}.IdentityProvider is not known before deploy`);
        return roles;
      }
      delete (mapping as Json).IdentityProvider;
      byProvider[provider.value] = mapping;
    }
    roles.RoleMappings = byProvider;
  }
  return roles;
}

/** GetUserPoolMfaConfig's shape from EnabledMfas and the pool's messages (AWS::Cognito::UserPool EnabledMfas). */
function mfaConfig(p: Record<string, Resolved>, userPool: Json, where: string): UserPoolEntry["mfaConfig"] {
  const enabled = p.EnabledMfas;
  const config: Json = {};
  // The same MfaConfiguration as the pool's (known or not): GetUserPoolMfaConfig reports it too.
  Object.defineProperty(config, "MfaConfiguration", Object.getOwnPropertyDescriptor(userPool, "MfaConfiguration")!);
  if (enabled instanceof Unknown || firstUnknown(enabled ?? null)) {
    const reason = `${where}.EnabledMfas is not known before deploy (${(firstUnknown(enabled ?? null) as Unknown).reason})`;
    for (const key of ["SmsMfaConfiguration", "SoftwareTokenMfaConfiguration", "EmailMfaConfiguration"]) defineUnknown(config, key, reason);
    return config;
  }
  const list = Array.isArray(enabled) ? enabled : [];
  config.SoftwareTokenMfaConfiguration = { Enabled: list.includes("SOFTWARE_TOKEN_MFA") };
  if (list.includes("SMS_MFA")) {
    const sms: Json = {};
    put(sms, "SmsAuthenticationMessage", materialise(p.SmsAuthenticationMessage ?? NO_VALUE, `${where}.SmsAuthenticationMessage`), `${where}.SmsAuthenticationMessage`);
    put(sms, "SmsConfiguration", materialise(p.SmsConfiguration ?? NO_VALUE, `${where}.SmsConfiguration`), `${where}.SmsConfiguration`);
    config.SmsMfaConfiguration = sms;
  }
  if (list.includes("EMAIL_OTP")) {
    const email: Json = {};
    put(email, "Message", materialise(p.EmailAuthenticationMessage ?? NO_VALUE, `${where}.EmailAuthenticationMessage`), `${where}.EmailAuthenticationMessage`);
    put(email, "Subject", materialise(p.EmailAuthenticationSubject ?? NO_VALUE, `${where}.EmailAuthenticationSubject`), `${where}.EmailAuthenticationSubject`);
    config.EmailMfaConfiguration = email;
  }
  if (p.WebAuthnRelyingPartyID !== undefined || p.WebAuthnUserVerification !== undefined) {
    const webAuthn: Json = {};
    put(webAuthn, "RelyingPartyId", materialise(p.WebAuthnRelyingPartyID ?? NO_VALUE, `${where}.WebAuthnRelyingPartyID`), `${where}.WebAuthnRelyingPartyID`);
    put(webAuthn, "UserVerification", materialise(p.WebAuthnUserVerification ?? NO_VALUE, `${where}.WebAuthnUserVerification`), `${where}.WebAuthnUserVerification`);
    config.WebAuthnConfiguration = webAuthn;
  }
  return config;
}

/** DescribeTrails + GetTrailStatus + GetEventSelectors, from AWS::CloudTrail::Trail (IsLogging is a required property there). */
function trailEntry(p: Record<string, Resolved>, where: string, d: Deployment, id: string): TrailEntry {
  const name = text(p.TrailName) ?? id;
  const trail = shape(p, where, { TrailName: null, IsLogging: null, EventSelectors: null, AdvancedEventSelectors: null, Tags: null }, {
    // CreateTrail's defaults (CloudTrail API reference): IsMultiRegionTrail false, IncludeGlobalServiceEvents true.
    IsMultiRegionTrail: false,
    IncludeGlobalServiceEvents: true,
  }) as TrailEntry & Json;
  trail.Name = name;
  trail.HomeRegion = d.region;
  trail.TrailARN = `arn:${d.partition}:cloudtrail:${d.region}:${d.accountId}:trail/${name}`;
  const status: Json = {};
  put(status, "IsLogging", materialise(p.IsLogging ?? null, `${where}.IsLogging`), `${where}.IsLogging`);
  trail.status = status;
  const selectors: Json = {};
  put(selectors, "EventSelectors", materialise(p.EventSelectors ?? NO_VALUE, `${where}.EventSelectors`), `${where}.EventSelectors`);
  put(selectors, "AdvancedEventSelectors", materialise(p.AdvancedEventSelectors ?? NO_VALUE, `${where}.AdvancedEventSelectors`), `${where}.AdvancedEventSelectors`);
  // CreateTrail without selectors logs all management events (read and write).
  if (p.EventSelectors === undefined && p.AdvancedEventSelectors === undefined) selectors.EventSelectors = [{ ReadWriteType: "All", IncludeManagementEvents: true }];
  trail.eventSelectors = selectors;
  return trail;
}
