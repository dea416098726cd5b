// The identities of the fake endpoint: an organization of accounts, whose request a signature is
// (the management account's base credentials, or temporary credentials the fake issued by
// sts:AssumeRole), and the calls that answer about them: STS, organizations:ListAccounts and
// account:ListRegions, with AWS's refusals (AccessDenied, ExpiredToken, opt-in regions).
import { randomBytes } from "node:crypto";
import type { Wire } from "./estate.js";
import { hashUnit } from "./faults.js";
import { CREDENTIAL_ANSWERS, FakeError, type Input, type ParsedRequest } from "./protocol.js";
import { page, type ServeOptions } from "./services.js";

export interface OrganizationOptions {
  /** Account ids; the first is the management account, whose base credentials every test uses. */
  accounts: string[];
  /** The regions every account serves (enabled). */
  regions: string[];
  /** Default true; false: a standalone account, ListAccounts answers AWSOrganizationsNotInUseException. */
  organization?: boolean;
  /** The audit role in every account (default CognitoAuditRole). */
  roleName?: string;
  /** When set, AssumeRole needs exactly this ExternalId. */
  externalId?: string;
  /** Accounts whose role trusts nobody: AssumeRole answers AccessDenied. */
  deniedAccounts?: string[];
  /** Lifetime of issued credentials in seconds, whatever DurationSeconds asks (default: DurationSeconds, else 3600). */
  credentialSeconds?: number;
  /** Member accounts registered as delegated administrators: their sessions may ListAccounts and ask for other accounts' regions. */
  delegatedAdministrators?: string[];
  /** Accounts that ListAccounts shows SUSPENDED (their role can still be assumed: the collector must filter). */
  suspendedAccounts?: string[];
  /** ListAccounts also carries the Status field AWS announced it retires on 2026-09-09 (default true). */
  accountStatusField?: boolean;
  /** ListRegions answers AccessDeniedException: for every account (true) or these. */
  listRegionsDenied?: boolean | string[];
  /** Opt-in regions listed DISABLED, where every request answers the invalid-token error (default: three not served). */
  disabledRegions?: string[];
}

/** Whose request it is. */
export interface Caller {
  accountId: string;
  arn: string;
  userId: string;
  /** The management account's own (base) credentials, not credentials the fake issued. */
  base: boolean;
}

interface Issued {
  accountId: string;
  roleName: string;
  session: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds. */
  expires: number;
}

/** Regions AWS ships disabled (opt-in); the others are enabled by default. */
const OPT_IN_REGIONS = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-west-1",
  "eu-central-2",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
]);
const DEFAULT_DISABLED = ["af-south-1", "ap-east-1", "me-south-1", "il-central-1"];
const REGION_OPT_STATUSES = ["ENABLED", "ENABLING", "DISABLING", "DISABLED", "ENABLED_BY_DEFAULT"];
/** Organizations and Account are global: their requests are signed for us-east-1 and name no estate. */
const GLOBAL_SERVICES = new Set(["organizations", "account"]);
const DEFAULT_ROLE = "CognitoAuditRole";
const BASE_USER = "AIDAFAKEAUDITORUSER1";
/** 2024-03-01T00:00:00Z: when the generated accounts joined. */
const JOINED = 1_709_251_200;

/** `n` distinct 12-digit account ids from a seed; the first is 123456789012, the fake's usual account. */
export function generateAccountIds(n: number, seed = 1): string[] {
  const ids = new Set(n > 0 ? ["123456789012"] : []);
  for (let i = 1; ids.size < n; i++) ids.add(String(100_000_000_000 + Math.floor(hashUnit(`account|${seed}|${i}`) * 899_999_999_999)));
  return [...ids];
}

/** A string input as sent; anything else reads as missing. */
const text = (value: unknown) => (typeof value === "string" ? value : "");
const tokenText = (bytes: number) => randomBytes(bytes).toString("base64");

export class Organization {
  readonly management: string;
  readonly id: string;
  private readonly accounts: Set<string>;
  private readonly issued = new Map<string, Issued>();
  private readonly disabled: Set<string>;
  private issuedCount = 0;

  constructor(
    private readonly options: OrganizationOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (options.accounts.length === 0) throw new Error("fake-aws: an organization needs at least one account");
    for (const id of options.accounts) if (!/^\d{12}$/.test(id)) throw new Error(`fake-aws: an account id is 12 digits, got "${id}"`);
    this.accounts = new Set(options.accounts);
    this.management = options.accounts[0]!;
    this.id = `o-${Math.floor(hashUnit(`org|${this.management}`) * 36 ** 10).toString(36).padStart(10, "0")}`;
    this.disabled = new Set((options.disabledRegions ?? DEFAULT_DISABLED).filter((r) => !options.regions.includes(r)));
  }

  /** Whose request it is; a FakeError when AWS would refuse its credentials or region. */
  identify(request: ParsedRequest): Caller {
    const issued = this.issued.get(request.accessKeyId);
    const refuse = (kind: "expired" | "invalid", message: string) => {
      const [status, code] = CREDENTIAL_ANSWERS[request.service][kind];
      return new FakeError(status, code, message);
    };
    if (!GLOBAL_SERVICES.has(request.service) && this.disabled.has(request.region)) {
      throw refuse("invalid", "The security token included in the request is invalid.");
    }
    if (!issued) return { accountId: this.management, arn: `arn:aws:iam::${this.management}:user/auditor`, userId: BASE_USER, base: true };
    if (request.securityToken !== issued.sessionToken) throw refuse("invalid", "The security token included in the request is invalid.");
    if (this.now() >= issued.expires) throw refuse("expired", "The security token included in the request is expired");
    return {
      accountId: issued.accountId,
      arn: `arn:aws:sts::${issued.accountId}:assumed-role/${issued.roleName}/${issued.session}`,
      userId: `${roleId(issued.accountId, issued.roleName)}:${issued.session}`,
      base: false,
    };
  }

  /** The answer of an STS, Organizations or Account operation; undefined for the estate services. */
  serve(request: ParsedRequest, caller: Caller, options: ServeOptions): Wire | undefined {
    if (request.service === "sts") {
      if (request.operation === "GetCallerIdentity") return { Arn: caller.arn, UserId: caller.userId, Account: caller.accountId };
      if (request.operation === "AssumeRole") return this.assumeRole(request.input, caller);
    }
    if (request.service === "organizations" && request.operation === "ListAccounts") return this.listAccounts(request.input, caller, options);
    if (request.service === "account" && request.operation === "ListRegions") return this.listRegions(request.input, caller, options);
    if (request.service === "sts" || request.service === "organizations" || request.service === "account") {
      throw new FakeError(400, "AccessDeniedException", `The fake endpoint does not allow ${request.service}:${request.operation}.`);
    }
    return undefined;
  }

  /** The management account's own credentials, or a session in a delegated administrator account. */
  private administers(caller: Caller): boolean {
    return caller.base || (this.options.delegatedAdministrators ?? []).includes(caller.accountId);
  }

  private assumeRole(input: Input, caller: Caller): Wire {
    const roleArn = text(input.RoleArn);
    const session = text(input.RoleSessionName);
    if (!/^[\w+=,.@-]{2,64}$/.test(session)) throw new FakeError(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint.");
    const duration = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      throw new FakeError(400, "ValidationError", "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint.");
    }
    const denied = () => new FakeError(403, "AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn.slice(0, 200)}`);
    const match = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    const roleName = this.options.roleName ?? DEFAULT_ROLE;
    // The audit role trusts the management account's principals only, and only with the ExternalId when one is set.
    if (!match || match[2] !== roleName || !this.accounts.has(match[1]!) || !caller.base) throw denied();
    if (this.options.deniedAccounts?.includes(match[1]!)) throw denied();
    if (this.options.externalId !== undefined && input.ExternalId !== this.options.externalId) throw denied();
    const accountId = match[1]!;
    const accessKeyId = `ASIAFAKE${(++this.issuedCount).toString(36).toUpperCase().padStart(12, "0")}`;
    const seconds = this.options.credentialSeconds ?? duration;
    const issued: Issued = { accountId, roleName, session, secretAccessKey: tokenText(30), sessionToken: tokenText(96), expires: this.now() + seconds * 1000 };
    this.issued.set(accessKeyId, issued);
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        // As AWS writes it, to the second (rounded down: a client never believes it has longer than it has).
        Expiration: new Date(issued.expires).toISOString().replace(/\.\d{3}Z$/, "Z"),
      },
      AssumedRoleUser: { AssumedRoleId: `${roleId(accountId, roleName)}:${session}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}` },
      PackedPolicySize: 0,
    };
  }

  private listAccounts(input: Input, caller: Caller, options: ServeOptions): Wire {
    if (this.options.organization === false) throw new FakeError(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
    if (!this.administers(caller)) throw new FakeError(400, "AccessDeniedException", "You don't have permissions to access this resource.");
    const suspended = new Set(this.options.suspendedAccounts ?? []);
    const accounts = this.options.accounts.map((id, n) => {
      const state = suspended.has(id) ? "SUSPENDED" : "ACTIVE";
      return {
        Id: id,
        Arn: `arn:aws:organizations::${this.management}:account/${this.id}/${id}`,
        Email: `aws+${id}@example.com`,
        Name: n === 0 ? "management" : `member-${n}`,
        ...(this.options.accountStatusField === false ? {} : { Status: state }),
        State: state,
        JoinedMethod: n === 0 ? "CREATED" : n % 2 ? "INVITED" : "CREATED",
        JoinedTimestamp: JOINED + n * 86_400,
      };
    });
    const { items, NextToken } = page(accounts, input, `ListAccounts ${this.id}`, { max: 20, invalid: "InvalidInputException" }, options);
    return { Accounts: items, ...(NextToken ? { NextToken } : {}) };
  }

  private listRegions(input: Input, caller: Caller, options: ServeOptions): Wire {
    const accountId = input.AccountId === undefined || input.AccountId === null ? caller.accountId : text(input.AccountId);
    if (!/^\d{12}$/.test(accountId)) throw new FakeError(400, "ValidationException", "AccountId must be 12 digits.");
    const denied = this.options.listRegionsDenied;
    // Another account's regions: only the management account (or a delegated administrator) may ask, for a member of its organization.
    const foreign = accountId !== caller.accountId && !(this.administers(caller) && this.accounts.has(accountId) && this.options.organization !== false);
    if (foreign || denied === true || (Array.isArray(denied) && denied.includes(accountId))) {
      throw new FakeError(403, "AccessDeniedException", `User: ${caller.arn} is not authorized to perform: account:ListRegions`);
    }
    const wanted = input.RegionOptStatusContains;
    if (wanted !== undefined && (!Array.isArray(wanted) || wanted.some((s) => !REGION_OPT_STATUSES.includes(String(s))))) {
      throw new FakeError(400, "ValidationException", `RegionOptStatusContains must list values among ${REGION_OPT_STATUSES.join(", ")}.`);
    }
    const regions = [
      ...this.options.regions.map((RegionName) => ({ RegionName, RegionOptStatus: OPT_IN_REGIONS.has(RegionName) ? "ENABLED" : "ENABLED_BY_DEFAULT" })),
      ...[...this.disabled].map((RegionName) => ({ RegionName, RegionOptStatus: "DISABLED" })),
    ]
      .filter((r) => !wanted || (wanted as unknown[]).includes(r.RegionOptStatus))
      .sort((a, b) => (a.RegionName < b.RegionName ? -1 : 1));
    const scope = `ListRegions ${accountId} ${JSON.stringify(wanted ?? null)}`;
    const { items, NextToken } = page(regions, input, scope, { max: 50, invalid: "ValidationException" }, options);
    return { Regions: items, ...(NextToken ? { NextToken } : {}) };
  }
}

/** A role's unique id (AROA…), stable for the account and role name. */
const roleId = (accountId: string, roleName: string) =>
  `AROA${Math.floor(hashUnit(`role|${accountId}|${roleName}`) * 36 ** 12).toString(36).toUpperCase().padStart(12, "0")}FAKE`;
