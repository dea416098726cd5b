// A live scan's collection: the accounts and region(s), the preflight identity check and the
// collectors, with progress on stderr. Loaded by source.ts only when a scan or collect calls AWS.
import { AccountClient } from "@aws-sdk/client-account";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { assumeFailure, assumeRoleProvider, checkExternalId, checkRoleName, checkSessionName, listOrganizationAccounts, parseAccountsFlag, roleArn } from "../aws/accounts.js";
import { CALL_DEFAULTS, createClient, type AwsOptions } from "../aws/clients.js";
import { RateLimits } from "../aws/rateLimit.js";
import { checkRegions, enabledRegions } from "../aws/regions.js";
import { collectEstate, memorySink, snapshotSource, type AccountTarget, type CollectionSummary, type RegionChoice, type SnapshotSink } from "../collect/index.js";
import type { Coverage } from "../snapshot/coverage.js";
import { createSnapshotWriter } from "../snapshot/stream.js";
import type { CollectionError, Snapshot } from "../snapshot/types.js";
import { preflight, type CallerIdentity } from "../collect/preflight.js";
import { InputError } from "../errors.js";
import { lookupWindow, type eventMode } from "./events.js";
import { warn, type CommandIo } from "./io.js";
import { startProgress } from "./progress.js";
import type { SourceOptions } from "./source.js";

/** The region of the caller's configuration (AWS_REGION, the profile's), or undefined when none is set. */
async function configuredRegion(options: SourceOptions): Promise<string | undefined> {
  const probe = new CognitoIdentityProviderClient(options.profile ? { profile: options.profile } : {});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/**
 * The regions to scan, each checked against the SDK's partition data and each once: --region (a
 * list, or `all`: every region enabled for each account where Cognito is offered), else the AWS
 * CLI's chain (AWS_REGION, the profile's region). The home region is where global calls go.
 */
async function resolveRegions(options: SourceOptions): Promise<{ home: string; choice: RegionChoice }> {
  const given = (options.region ?? []).map((r) => r.trim()).filter(Boolean);
  if (given.includes("all")) {
    if (given.length > 1) throw new InputError(`--region all scans every enabled region and cannot be combined with other regions (${given.filter((r) => r !== "all").join(", ")}).`);
    const home = (await configuredRegion(options)) ?? "us-east-1";
    return { home: checkRegions([home], "the region of AWS_REGION or the profile")[0]!, choice: { all: regionsEnabledFor } };
  }
  if (given.length) {
    const regions = checkRegions(given, "--region");
    return { home: regions[0]!, choice: { regions } };
  }
  const region = await configuredRegion(options);
  if (!region) {
    throw new InputError(
      "No AWS region given: pass --region (for example --region eu-west-1, or --region all), set AWS_REGION, or set a region in the profile of ~/.aws/config.",
    );
  }
  const regions = checkRegions([region], "the region of AWS_REGION or the profile");
  return { home: regions[0]!, choice: { regions } };
}

/** --region all in one account: account:ListRegions with the account's own credentials (or the partition's list). */
async function regionsEnabledFor(aws: AwsOptions, partition: string): Promise<{ regions: string[]; note?: string; failure?: CollectionError }> {
  const client = createClient(AccountClient, "account", aws);
  try {
    return await enabledRegions(client, partition);
  } finally {
    client.destroy();
  }
}

/** The accounts to audit: the caller's own by default; --accounts a list, or `all` of the organization. */
async function resolveTargets(options: SourceOptions, aws: AwsOptions, identity: CallerIdentity | undefined): Promise<AccountTarget[] | undefined> {
  const roleFlags = (["roleName", "externalId", "roleSessionName"] as const).filter((k) => options[k] !== undefined);
  if (options.accounts === undefined) {
    if (roleFlags.length) throw new InputError(`--${roleFlags.map(kebab).join(", --")} only apply with --accounts (the accounts whose audit role to assume).`);
    return undefined;
  }
  const asked = parseAccountsFlag(options.accounts);
  const partition = identity?.partition ?? "aws";
  let accounts: { id: string; name?: string }[];
  if (asked === "all") {
    const organizations = createClient(OrganizationsClient, "organizations", aws);
    try {
      accounts = await listOrganizationAccounts(organizations);
    } finally {
      organizations.destroy();
    }
    if (accounts.length === 0) throw new InputError("--accounts all: the organization lists no ACTIVE account: nothing to audit.");
  } else {
    accounts = asked.map((id) => ({ id }));
  }
  const others = accounts.filter((a) => a.id !== identity?.accountId);
  if (others.length && options.roleName === undefined) {
    throw new InputError(`--accounts: --role-name NAME is required to reach ${others.map((a) => a.id).slice(0, 3).join(", ")}${others.length > 3 ? ` and ${others.length - 3} more` : ""} (the audit role of docs/cognito-audit-role.yaml, e.g. --role-name CognitoAuditRole).`);
  }
  // Checked before any call: a mistyped flag is an input error, not an AssumeRole failure in every account.
  const roleName = options.roleName === undefined ? undefined : checkRoleName(options.roleName);
  if (options.externalId !== undefined) checkExternalId(options.externalId);
  if (options.roleSessionName !== undefined) checkSessionName(options.roleSessionName);
  return accounts.map((account): AccountTarget => {
    const named = account.name ? { name: account.name } : {};
    // The caller's own account is read with the caller's own credentials.
    if (account.id === identity?.accountId) return { accountId: account.id, partition, ...named };
    const arn = roleArn(partition, account.id, roleName!);
    return {
      accountId: account.id,
      partition,
      ...named,
      connect: async () => {
        const role = assumeRoleProvider({ base: aws, roleArn: arn, externalId: options.externalId, sessionName: options.roleSessionName });
        return { credentials: role.credentials, accountId: await role.accountId() };
      },
      failure: (error) => assumeFailure(error, arn),
    };
  });
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);

/** A live scan's snapshot, in memory (the scan holds it anyway), with what it covers. */
export async function collectToMemory(options: SourceOptions, mode: ReturnType<typeof eventMode>, io: CommandIo): Promise<{ snapshot: Snapshot; coverage: Coverage }> {
  const sink = memorySink();
  const coverage = await collectLive(options, mode, io, sink);
  return { snapshot: sink.snapshot({ collectedAt: io.now().toISOString(), source: snapshotSource(options) }), coverage };
}

/**
 * `collect`: each pool is written to `output` as it arrives, so memory stays flat whatever the
 * estate's size. `check` sees the coverage before the file is put in place: a blind run writes nothing.
 */
export async function collectToFile(
  options: SourceOptions,
  mode: ReturnType<typeof eventMode>,
  io: CommandIo,
  output: string,
  check: (coverage: Coverage) => void,
): Promise<{ pools: number; coverage: Coverage }> {
  const writer = createSnapshotWriter(output, `--output ${output}`);
  // Interrupted (Ctrl-C, a CI job cancelled): the partial pools spooled beside the target are removed.
  const interrupted = (signal: NodeJS.Signals) => {
    void writer.abort().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    const coverage = await collectLive(options, mode, io, writer);
    check(coverage);
    const { pools } = await writer.close({ collectedAt: io.now().toISOString(), source: snapshotSource(options) });
    return { pools, coverage };
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
  }
}

/** Collects from AWS as the options say (accounts, regions, pools, CloudTrail window) into `sink`. */
async function collectLive(options: SourceOptions, mode: ReturnType<typeof eventMode>, io: CommandIo, sink: SnapshotSink): Promise<CollectionSummary> {
  const quiet = options.quiet ?? false;
  const { home, choice } = await resolveRegions(options);
  const cloudTrail = mode === "lookup" ? lookupWindow(options, io.now()) : undefined;
  const limits = new RateLimits();
  const callTimeoutMs = options.timeout !== undefined ? options.timeout * 1000 : CALL_DEFAULTS.callTimeoutMs;
  const aws: AwsOptions = { region: home, profile: options.profile, endpointUrl: options.endpointUrl, callTimeoutMs, limits };

  const { identity, note } = await preflight(aws);
  if (note) warn(io, quiet, note);
  const targets = await resolveTargets(options, identity ? { ...aws, accountId: identity.accountId } : aws, identity);
  const who = identity ? `account ${identity.accountId} (${identity.arn})` : "account from the pool ARNs";
  const where = "regions" in choice ? `regions ${choice.regions.join(", ")}` : "every enabled region";
  warn(io, quiet, targets ? `${targets.length} account(s) as ${who}, ${where}` : `${who}, ${where}`);

  const progress = startProgress(io, quiet, limits);
  try {
    return await collectEstate(
      {
        regions: choice,
        homeRegion: home,
        ...(targets ? { targets } : {}),
        profile: options.profile,
        endpointUrl: options.endpointUrl,
        poolIds: options.poolId,
        callTimeoutMs,
        limits,
        identity,
        now: io.now,
        ...(progress ? { progress: (tally, finished) => progress.update(tally, finished) } : {}),
        ...(cloudTrail ? { cloudTrail } : {}),
        warn: (line) => warn(io, quiet, line),
      },
      sink,
    );
  } finally {
    progress?.stop();
  }
}
