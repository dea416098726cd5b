// The identifiers of the resources a snapshot holds, as every report names them.

export const RESOURCE_TYPES = {
  userPool: "AWS::Cognito::UserPool",
  client: "AWS::Cognito::UserPoolClient",
  identityProvider: "AWS::Cognito::UserPoolIdentityProvider",
  trigger: "AWS::Lambda::Function",
  identityPool: "AWS::Cognito::IdentityPool",
  region: "AWS::CloudTrail::Trail",
} as const;
export type ResourceKind = keyof typeof RESOURCE_TYPES;

/** Each kind of resource in words, as the documentation and `cognito-audit rules` name it. */
export const RESOURCE_LABELS: Record<ResourceKind, string> = {
  userPool: "user pool",
  client: "app client",
  identityProvider: "identity provider",
  trigger: "Lambda trigger",
  identityPool: "identity pool",
  region: "region",
};

/** How a finding names its resource in every report. */
export interface ResourceRef {
  /** The catalog identifier: a real ARN for pools; `<pool ARN>/client/<ClientId>` for clients (not an AWS ARN). */
  arn: string;
  type: (typeof RESOURCE_TYPES)[ResourceKind];
  name: string;
  accountId: string;
  region: string;
}

export const userPoolArn = (partition: string, region: string, accountId: string, poolId: string) =>
  `arn:${partition}:cognito-idp:${region}:${accountId}:userpool/${poolId}`;
export const clientIdentifier = (poolArn: string, clientId: string) => `${poolArn}/client/${clientId}`;
export const identityProviderIdentifier = (poolArn: string, providerName: string) => `${poolArn}/idp/${providerName}`;

