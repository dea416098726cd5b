// The complete list of AWS operations cognito-audit may send. The read-only guard refuses
// anything else, and the README's IAM policy is tested to list exactly these.

/** A Cognito quota category with its default request rate (requests per second). */
export interface QuotaCategory {
  name: string;
  rps: number;
  /** A further limit per operation and per user pool, where AWS sets one. */
  perPoolOperationRps?: number;
}

// "Quotas in Amazon Cognito", section "Amazon Cognito user pools API operation categories and request
// rate quotas" (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#category_operations,
// read 2026-12-03): each category's default rate holds for all user pools of one account in one
// Region; in the UserPoolResourceRead and UserPoolClientRead categories "any individual operation ...
// [cannot be] called at a rate higher than 5 RPS for a single user pool" (footnote 1). Placement, by
// the categories' descriptions there ("operations that read your user pools", "...retrieve
// information about resources, such as groups or resource servers, from a user pool", "...retrieve
// information about your user pool clients"): DescribeUserPool and ListUserPools are UserPoolRead;
// GetUserPoolMfaConfig, DescribeRiskConfiguration, DescribeUserPoolDomain, ListIdentityProviders,
// DescribeIdentityProvider, ListResourceServers, ListGroups and GetLogDeliveryConfiguration are
// UserPoolResourceRead; ListUserPoolClients, DescribeUserPoolClient and ListUserPoolClientSecrets are
// UserPoolClientRead, which is also how the issue tracker's quota review placed them.
// GetUserPoolClientSessionConfiguration (newer than that review) reads a client's settings, so it is
// placed in UserPoolClientRead by the same description. (The page's
// per-operation lists were not readable here: a wrong placement would show as throttles, which
// back the lane off, never as lost resources.)
export const QUOTA_CATEGORIES = {
  UserPoolRead: { name: "UserPoolRead", rps: 15 },
  UserPoolClientRead: { name: "UserPoolClientRead", rps: 15, perPoolOperationRps: 5 },
  UserPoolResourceRead: { name: "UserPoolResourceRead", rps: 20, perPoolOperationRps: 5 },
  CallerIdentity: { name: "CallerIdentity", rps: 10 },
  // Reaching member accounts and listing the estate: a handful of calls per scan, kept slow.
  AssumeRole: { name: "AssumeRole", rps: 5 },
  OrganizationsRead: { name: "OrganizationsRead", rps: 2 },
  AccountRead: { name: "AccountRead", rps: 2 },
  // The services below publish no read category for these calls; these rates are deliberately
  // conservative so that an audit never competes with production traffic.
  WafRead: { name: "WafRead", rps: 5 },
  LambdaRead: { name: "LambdaRead", rps: 10 },
  IdentityPoolRead: { name: "IdentityPoolRead", rps: 5 },
  CloudTrailRead: { name: "CloudTrailRead", rps: 5 },
  // LookupEvents: a hard limit of 2 requests per second per account and region.
  CloudTrailLookup: { name: "CloudTrailLookup", rps: 2 },
  // A trail's log files (--cloudtrail s3://): S3 serves thousands of GETs per second per prefix;
  // this keeps a scan far below that, and below what a shared log-archive bucket would notice.
  S3Read: { name: "S3Read", rps: 50 },
  // Athena allows 20 StartQueryExecution/StopQueryExecution and 100 Get* calls per second per account
  // and region by default; one query per scan needs far less.
  AthenaQuery: { name: "AthenaQuery", rps: 2 },
  AthenaRead: { name: "AthenaRead", rps: 10 },
} as const satisfies Record<string, QuotaCategory>;

export interface ReadOperation {
  /** The IAM service prefix, as in `cognito-idp:DescribeUserPool`. */
  service: "cognito-idp" | "sts" | "wafv2" | "lambda" | "cognito-identity" | "cloudtrail" | "organizations" | "account" | "s3" | "athena";
  /** The API operation (the SDK command's name without `Command`). */
  operation: string;
  /** The IAM action that allows it, as in `s3:ListBucket`: `service:operation` unless IAM names it otherwise. */
  action: string;
  quota: QuotaCategory;
  /** Whether IAM needs to allow it (sts:GetCallerIdentity is always allowed). */
  needsPermission: boolean;
  /**
   * Whose permission it needs: "audit" in every audited account (the README's minimal policy and the
   * audit role of docs/), "caller" only in the account that runs the scan across accounts, "trail"
   * only on the bucket of a trail read with --cloudtrail s3:// (often in a log-archive account),
   * "athena" only for --cloudtrail athena:DATABASE.TABLE (docs/athena.md's policy).
   */
  scope: "audit" | "caller" | "trail" | "athena";
}

const op = (
  service: ReadOperation["service"],
  operation: string,
  quota: QuotaCategory,
  needsPermission = true,
  scope: ReadOperation["scope"] = "audit",
  action = `${service}:${operation}`,
): ReadOperation => ({
  service,
  operation,
  action,
  quota,
  needsPermission,
  scope,
});

const {
  UserPoolRead,
  UserPoolClientRead,
  UserPoolResourceRead,
  CallerIdentity,
  AssumeRole,
  OrganizationsRead,
  AccountRead,
  WafRead,
  LambdaRead,
  IdentityPoolRead,
  CloudTrailRead,
  CloudTrailLookup,
  S3Read,
  AthenaQuery,
  AthenaRead,
} = QUOTA_CATEGORIES;

export const READ_OPERATIONS: readonly ReadOperation[] = [
  op("cognito-idp", "ListUserPools", UserPoolRead),
  op("cognito-idp", "DescribeUserPool", UserPoolRead),
  op("cognito-idp", "GetUserPoolMfaConfig", UserPoolResourceRead),
  op("cognito-idp", "DescribeRiskConfiguration", UserPoolResourceRead),
  op("cognito-idp", "ListUserPoolClients", UserPoolClientRead),
  op("cognito-idp", "DescribeUserPoolClient", UserPoolClientRead),
  op("cognito-idp", "ListUserPoolClientSecrets", UserPoolClientRead),
  // Per described app client: its SSO session reuse (ClientSSOSessionConfigType).
  op("cognito-idp", "GetUserPoolClientSessionConfiguration", UserPoolClientRead),
  op("cognito-idp", "ListIdentityProviders", UserPoolResourceRead),
  op("cognito-idp", "DescribeIdentityProvider", UserPoolResourceRead),
  op("cognito-idp", "ListResourceServers", UserPoolResourceRead),
  op("cognito-idp", "ListGroups", UserPoolResourceRead),
  op("cognito-idp", "DescribeUserPoolDomain", UserPoolResourceRead),
  op("cognito-idp", "GetLogDeliveryConfiguration", UserPoolResourceRead),
  // Not in the quotas page's category lists as read here; placed with DescribeUserPool, whose pool it reads.
  op("cognito-idp", "ListUserPoolReplicas", UserPoolRead),
  op("wafv2", "GetWebACLForResource", WafRead),
  op("lambda", "GetFunctionConfiguration", LambdaRead),
  op("lambda", "GetPolicy", LambdaRead),
  op("cognito-identity", "ListIdentityPools", IdentityPoolRead),
  op("cognito-identity", "DescribeIdentityPool", IdentityPoolRead),
  op("cognito-identity", "GetIdentityPoolRoles", IdentityPoolRead),
  op("cognito-identity", "GetPrincipalTagAttributeMap", IdentityPoolRead),
  op("cloudtrail", "DescribeTrails", CloudTrailRead),
  op("cloudtrail", "GetTrailStatus", CloudTrailRead),
  op("cloudtrail", "GetEventSelectors", CloudTrailRead),
  op("cloudtrail", "LookupEvents", CloudTrailLookup),
  op("sts", "GetCallerIdentity", CallerIdentity, false),
  // Only for --accounts: the caller assumes the audit role in each member account.
  op("sts", "AssumeRole", AssumeRole, true, "caller"),
  // Only for --accounts all, in the management or a delegated administrator account.
  op("organizations", "ListAccounts", OrganizationsRead, true, "caller"),
  // Only for --region all: the regions enabled for the audited account.
  op("account", "ListRegions", AccountRead),
  // Only for --cloudtrail s3://bucket/prefix, on that bucket: ListObjectsV2 is allowed by the
  // s3:ListBucket action (on the bucket), GetObject by s3:GetObject (on its objects).
  op("s3", "ListObjectsV2", S3Read, true, "trail", "s3:ListBucket"),
  op("s3", "GetObject", S3Read, true, "trail"),
  // Only for --cloudtrail athena:DATABASE.TABLE: one query over the trail's table. StartQueryExecution
  // writes nothing but Athena's own results (to the workgroup's or --athena-output's location), and
  // the query is a SELECT built from checked names (src/cloudtrail/athena.ts).
  op("athena", "GetTableMetadata", AthenaRead, true, "athena"),
  op("athena", "StartQueryExecution", AthenaQuery, true, "athena"),
  op("athena", "GetQueryExecution", AthenaRead, true, "athena"),
  op("athena", "GetQueryResults", AthenaRead, true, "athena"),
  op("athena", "StopQueryExecution", AthenaQuery, true, "athena"),
];

export function findReadOperation(service: string, operation: string): ReadOperation | undefined {
  return READ_OPERATIONS.find((o) => o.service === service && o.operation === operation);
}
