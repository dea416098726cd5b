// Reaching the accounts of an organization: which accounts (--accounts, organizations:ListAccounts),
// and credentials in each (sts:AssumeRole on the audit role of docs/cognito-audit-role.yaml).
// Every call goes through createClient, the STS call that assumes the role included, so it is
// checked as a read, paced, counted and bounded by the call deadline like any other.
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { paginateListAccounts, type OrganizationsClient } from "@aws-sdk/client-organizations";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { InputError } from "../errors.js";
import { createClient, type AwsOptions } from "./clients.js";
import { printable } from "./wire.js";

/** The session name CloudTrail shows in the audited accounts unless --role-session-name says otherwise. */
export const DEFAULT_SESSION_NAME = "cognito-audit";

/**
 * Credentials are renewed this long before they expire. The SDK's clients ask their provider again
 * when less than 5 minutes are left; a margin as wide answers them with fresh credentials, not the
 * expiring ones.
 */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** AssumeRole's shortest session: assumed when an answer carries no usable expiry. */
const MIN_SESSION_MS = 15 * 60_000;

const ACCOUNT_ID = /^\d{12}$/;
const PARTITION = /^aws(-[a-z]+)*$/;
// IAM's character sets (AWS STS API reference, AssumeRole): names and session names, and external ids.
const IAM_NAME_CHARS = /^[\w+=,.@-]+$/;
const EXTERNAL_ID_CHARS = /^[\w+=,.@:/-]+$/;
const ASSUMED_ROLE_ARN = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/;

const shown = (value: string) => JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);

/** --accounts: "all" (the organization's ACTIVE accounts) or the given 12-digit ids, each once, in order. */
export function parseAccountsFlag(value: string): "all" | string[] {
  const expected = "expected all (every ACTIVE account of the organization) or 12-digit account ids separated by commas, e.g. --accounts 111122223333,444455556666";
  if (value.trim() === "all") return "all";
  const ids = value.split(",").map((id) => id.trim()).filter(Boolean);
  if (ids.length === 0) throw new InputError(`--accounts: no account given; ${expected}.`);
  for (const id of ids) {
    if (!ACCOUNT_ID.test(id)) throw new InputError(`--accounts: ${shown(id)} is not an AWS account id; ${expected}.`);
  }
  return [...new Set(ids)];
}

/** --role-name: the audit role's name (no path), as IAM allows it. */
export function checkRoleName(name: string): string {
  if (name.length >= 1 && name.length <= 64 && IAM_NAME_CHARS.test(name)) return name;
  throw new InputError(
    `--role-name: ${shown(name)} is not an IAM role name; expected 1 to 64 letters, digits or characters of + = , . @ _ - (the RoleName parameter of docs/cognito-audit-role.yaml, by default CognitoAuditRole).`,
  );
}

/** --role-session-name: shown as the session in the audited accounts' CloudTrail. */
export function checkSessionName(name: string): string {
  if (name.length >= 2 && name.length <= 64 && IAM_NAME_CHARS.test(name)) return name;
  throw new InputError(`--role-session-name: ${shown(name)} is not a role session name; expected 2 to 64 letters, digits or characters of + = , . @ _ - (default ${DEFAULT_SESSION_NAME}).`);
}

/** --external-id: must equal the ExternalId the audit role's trust policy requires. */
export function checkExternalId(id: string): string {
  if (id.length >= 2 && id.length <= 1224 && EXTERNAL_ID_CHARS.test(id)) return id;
  throw new InputError(`--external-id: the value is not an external id; expected 2 to 1224 letters, digits or characters of + = , . @ : / _ - (the ExternalId parameter of docs/cognito-audit-role.yaml).`);
}

/** The audit role in one account: arn:<partition>:iam::<account>:role/<name>. */
export function roleArn(partitionName: string, accountId: string, name: string): string {
  if (!PARTITION.test(partitionName)) throw new Error(`not an AWS partition: ${shown(partitionName)}`);
  if (!ACCOUNT_ID.test(accountId)) throw new Error(`not an AWS account id: ${shown(accountId)}`);
  return `arn:${partitionName}:iam::${accountId}:role/${checkRoleName(name)}`;
}

export interface OrganizationAccount {
  id: string;
  name: string;
  /** The account's state (ACTIVE: the only ones listed). */
  status: string;
}

const codeOf = (error: unknown): string => {
  const e = error as { name?: string; Code?: string; code?: string };
  return printable(String(e?.Code ?? e?.name ?? e?.code ?? "Error"));
};

/**
 * The ACTIVE accounts of the organization (organizations:ListAccounts, every page), each once.
 * Organizations retires the account's `Status` on 2026-09-09 in favour of `State`; `State` is read
 * first and `Status` only when `State` is absent. Entries whose id is not 12 digits cannot be
 * reached by a role ARN and are left out. Only the management account or a delegated administrator
 * may list the accounts: otherwise an InputError says so.
 */
export async function listOrganizationAccounts(client: OrganizationsClient): Promise<OrganizationAccount[]> {
  const accounts = new Map<string, OrganizationAccount>();
  try {
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        const status = account.State ?? account.Status;
        if (status !== "ACTIVE" || typeof account.Id !== "string" || !ACCOUNT_ID.test(account.Id)) continue;
        if (!accounts.has(account.Id)) accounts.set(account.Id, { id: account.Id, name: typeof account.Name === "string" ? account.Name : "", status });
      }
    }
  } catch (error) {
    const code = codeOf(error);
    const fix =
      "organizations:ListAccounts answers only in the organization's management account or a delegated administrator account, and needs that permission there (README, Scanning an organization): run cognito-audit from such an account, or name the accounts with --accounts ID,ID.";
    if (code === "AWSOrganizationsNotInUseException") {
      throw new InputError(`--accounts all: this account is not a member of an organization (organizations:ListAccounts failed with ${code}). ${fix}`);
    }
    if (/^AccessDenied/.test(code)) {
      throw new InputError(`--accounts all: listing the organization's accounts was denied (organizations:ListAccounts failed with ${code}). ${fix}`);
    }
    throw error;
  }
  return [...accounts.values()];
}

/** A role that could not be assumed: which one, and AWS's error code. */
export class AssumeRoleError extends Error {
  override readonly name = "AssumeRoleError";
  constructor(
    readonly roleArn: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface AssumeRoleOptions {
  /** The caller's own connection: region, profile or credentials, endpoint, limits. */
  base: AwsOptions;
  roleArn: string;
  externalId?: string;
  /** Default DEFAULT_SESSION_NAME. */
  sessionName?: string;
}

export interface AssumedRole {
  /** For AwsOptions.credentials: cached, renewed REFRESH_MARGIN_MS before expiry, one renewal shared by concurrent callers. */
  credentials: AwsCredentialIdentityProvider;
  /** The account of the identity AWS handed out (AssumedRoleUser.Arn), not the one asked for. */
  accountId(): Promise<string>;
}

interface Session {
  identity: AwsCredentialIdentity & { expiration: Date };
  accountId: string;
}

/**
 * Credentials of the audit role in one account. Not `fromTemporaryCredentials`
 * (@aws-sdk/credential-providers): it caches nothing (every client of the account would assume the
 * role on its own), drops AssumedRoleUser (the real account id would cost a GetCallerIdentity), builds
 * its STS client itself, so createClient's call deadline (installed on `send`) cannot be added, and
 * re-applies `clientPlugins` to the same client on every call, which the middleware stack refuses as a
 * duplicate name from the second renewal on. The cache below is small.
 */
export function assumeRoleProvider(options: AssumeRoleOptions): AssumedRole {
  const { base, roleArn: arn } = options;
  const sessionName = checkSessionName(options.sessionName ?? DEFAULT_SESSION_NAME);
  const externalId = options.externalId === undefined ? undefined : checkExternalId(options.externalId);
  let sts: STSClient | undefined;
  let current: Session | undefined;
  let renewal: Promise<Session> | undefined;

  const assume = async (): Promise<Session> => {
    sts ??= createClient(STSClient, "sts", base);
    let answer;
    try {
      answer = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: sessionName, ...(externalId !== undefined ? { ExternalId: externalId } : {}) }));
    } catch (error) {
      const message = String((error as Error)?.message ?? error).replace(/\s+/g, " ");
      throw new AssumeRoleError(arn, codeOf(error), printable(message), { cause: error });
    }
    const { Credentials: c, AssumedRoleUser: user } = answer;
    const account = typeof user?.Arn === "string" ? ASSUMED_ROLE_ARN.exec(user.Arn)?.[2] : undefined;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !account) {
      throw new AssumeRoleError(arn, "InvalidResponse", "the AssumeRole answer lacks credentials or an assumed-role ARN naming the account");
    }
    const expires = c.Expiration instanceof Date && !Number.isNaN(c.Expiration.getTime()) ? c.Expiration : new Date(Date.now() + MIN_SESSION_MS);
    return {
      identity: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: expires, accountId: account },
      accountId: account,
    };
  };

  const session = async (): Promise<Session> => {
    if (current && current.identity.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS) return current;
    // One renewal at a time; a failed one is not remembered, so the next call tries again.
    renewal ??= assume()
      .then((fresh) => (current = fresh))
      .finally(() => (renewal = undefined));
    try {
      return await renewal;
    } catch (error) {
      // An early renewal that fails leaves the credentials in hand usable until they really expire.
      if (current && current.identity.expiration.getTime() > Date.now()) return current;
      throw error;
    }
  };

  return {
    credentials: async () => (await session()).identity,
    accountId: async () => (await session()).accountId,
  };
}

/** What the snapshot records for an account whose role could not be assumed (a CollectionError). */
export interface AssumeRoleFailure {
  operation: "AssumeRole";
  code: string;
  message: string;
}

/**
 * The collection error for a failed assumption: which role, AWS's answer, and the fix. `roleArn`
 * names the role when `error` is not an AssumeRoleError (which carries its own).
 */
export function assumeFailure(error: unknown, roleArn?: string): AssumeRoleFailure {
  const arn = error instanceof AssumeRoleError ? error.roleArn : roleArn;
  const code = error instanceof AssumeRoleError ? error.code : codeOf(error);
  const said = printable(String((error as Error)?.message ?? error).replace(/\s+/g, " ")).replace(/\.$/, "");
  const role = arn ? `the role ${printable(arn)}` : "the audit role";
  return {
    operation: "AssumeRole",
    code,
    message:
      `cognito-audit could not assume ${role}: ${said}. Its checks were not evaluated. Deploy docs/cognito-audit-role.yaml to that account (as a StackSet: README, Scanning an organization), ` +
      `make sure its trust policy names the account cognito-audit runs from (AuditAccountId), that --external-id equals its ExternalId, ` +
      `and that the caller may sts:AssumeRole on it.`,
  };
}
