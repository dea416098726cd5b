// Where a scan's snapshot comes from: a saved file, or a live collection.
import { redactUrl } from "../snapshot/redact.js";
import { InputError } from "../errors.js";
import { blindCoverage, blindRun, failedCallKinds, type Coverage } from "../snapshot/coverage.js";
import { loadSnapshot, reread } from "../snapshot/io.js";
import { narrowSnapshot } from "../snapshot/narrow.js";
import type { Snapshot } from "../snapshot/types.js";
import { eventMode, type EventOptions } from "./events.js";
import { warn, type CommandIo } from "./io.js";
import { loadTemplates, type IacInput } from "../iac/template.js";
import { loadTerraformPlan } from "../iac/terraform.js";

export interface SourceOptions extends EventOptions {
  snapshot?: string;
  /** --template FILE|DIR: CloudFormation templates or a CDK cdk.out, before deploy. */
  template?: string;
  /** --terraform-plan FILE: `terraform show -json` of a plan. */
  terraformPlan?: string;
  /** --parameter Key=Value (repeatable) and --parameters-file FILE, for --template. */
  parameter?: string[];
  parametersFile?: string;
  /** --account (scan --snapshot only): keep these accounts of the saved snapshot. */
  account?: string[];
  /** Live: the regions to collect. With --snapshot: the regions of it to keep. */
  region?: string[];
  profile?: string;
  endpointUrl?: string;
  /** Live: the pools to collect (no ListUserPools). With --snapshot: the pools of it to keep. */
  poolId?: string[];
  /** --accounts all|ID,…: the accounts to collect (live only). */
  accounts?: string;
  /** The audit role to assume in each of --accounts, and how. */
  roleName?: string;
  externalId?: string;
  roleSessionName?: string;
  /** --timeout: seconds one AWS call may take, retries included. */
  timeout?: number;
  quiet?: boolean;
}

/** Scanning nothing is never a pass: exit 2 with the cause, before any report or snapshot is written. */
function refuseBlind(snapshot: Snapshot, where: string): void {
  const blind = blindRun(snapshot);
  if (blind) throw new InputError(`${where}${blind}.`);
}

/** The options that choose how to collect live or how to read CloudTrail: none applies to infrastructure code. */
const LIVE_OPTIONS = ["snapshot", "account", "region", "poolId", "profile", "endpointUrl", "timeout", "accounts", "roleName", "externalId", "roleSessionName", "cloudtrail", "since", "maxEvents", "athenaWorkgroup", "athenaOutput"] as const;

/** Whether the scan reads infrastructure code (--template or --terraform-plan), checked against every other source. */
export function iacSource(options: SourceOptions): "template" | "terraformPlan" | undefined {
  const chosen = (["template", "terraformPlan"] as const).filter((k) => options[k] !== undefined);
  if (chosen.length === 0) {
    const stray = (["parameter", "parametersFile"] as const).filter((k) => options[k] !== undefined && !(Array.isArray(options[k]) && options[k].length === 0));
    if (stray.length > 0) throw new InputError(`${stray.map(flag).join(", ")} give values to a template's parameters and need --template FILE|DIR.`);
    return undefined;
  }
  if (chosen.length > 1) throw new InputError("--template and --terraform-plan are two sources: scan one at a time.");
  const source = chosen[0]!;
  const conflicting = LIVE_OPTIONS.filter((k) => options[k] !== undefined && !(Array.isArray(options[k]) && options[k].length === 0));
  if (conflicting.length > 0) {
    throw new InputError(`${flag(source)} scans infrastructure code before deploy and cannot be combined with ${conflicting.map(flag).join(", ")}, which read a saved snapshot, a live account or CloudTrail.`);
  }
  if (source === "terraformPlan" && (options.parameter?.length || options.parametersFile)) {
    throw new InputError("--parameter and --parameters-file are for --template: a Terraform plan already holds its variables' values.");
  }
  return source;
}

/** The snapshot of a template or a plan, with where each resource is written. */
export async function obtainIac(options: SourceOptions, source: "template" | "terraformPlan"): Promise<IacInput> {
  const input =
    source === "template"
      ? await loadTemplates(options.template!, { parameters: options.parameter, parametersFile: options.parametersFile })
      : await loadTerraformPlan(options.terraformPlan!);
  const where = `${flag(source)} ${options[source]!}: `;
  // Scanning nothing is never a pass: said in the words of infrastructure code, not of a live collection.
  const regions = input.snapshot.accounts.flatMap((a) => a.regions);
  if (regions.every((r) => r.userPools.length === 0 && (r.identityPools?.length ?? 0) === 0)) {
    throw new InputError(`${where}defines no Amazon Cognito user pool or identity pool: nothing was audited; expected ${source === "template" ? "AWS::Cognito::UserPool or AWS::Cognito::IdentityPool resources" : "aws_cognito_user_pool or aws_cognito_identity_pool resources that the plan creates or keeps"}.`);
  }
  return input;
}

export async function obtainSnapshot(options: SourceOptions, io: CommandIo): Promise<Snapshot> {
  const mode = eventMode(options);
  if (options.snapshot) {
    // --region and --pool-id narrow the saved snapshot instead (as --account does).
    const live = ["profile", "endpointUrl", "timeout", "accounts", "roleName", "externalId", "roleSessionName"] as const;
    const conflicting = live.filter((k) => options[k] !== undefined);
    if (conflicting.length > 0) {
      throw new InputError(`--snapshot reads a saved file and cannot be combined with ${conflicting.map(flag).join(", ")}, which choose how to collect live.`);
    }
    // Narrowed right after it is read: what is not kept is neither audited nor reported.
    // `--region all` keeps every region of the file, as it collects every region live.
    const regions = options.region?.length === 1 && options.region[0] === "all" ? undefined : options.region;
    const saved = narrowSnapshot(await loadSnapshot(options.snapshot), { accounts: options.account, regions, poolIds: options.poolId }, options.snapshot);
    refuseBlind(saved, `${options.snapshot}: `);
    return saved;
  }
  checkLiveOptions(options);
  // The AWS SDK and the collectors are loaded only for a live scan: scanning a saved snapshot does
  // not pay for them in start-up time or memory.
  const { collectToMemory } = await import("./live.js");
  const { snapshot, coverage } = await collectToMemory(options, mode, io);
  checkCoverage(coverage, io, options.quiet ?? false);
  // What the rules see live is exactly what a saved snapshot would give them.
  return reread(snapshot, "collected snapshot");
}

/** The options of a live collection that can be checked before any call. */
export function checkLiveOptions(options: SourceOptions): void {
  if (options.account !== undefined && options.account.length > 0) {
    throw new InputError(`--account ${options.account.join(",")}: --account narrows a saved snapshot and needs --snapshot FILE; to collect accounts live, use --accounts.`);
  }
  if (options.endpointUrl !== undefined) {
    try {
      new URL(options.endpointUrl);
    } catch {
      throw new InputError(`--endpoint-url: ${JSON.stringify(redactUrl(options.endpointUrl))} is not a URL; expected for example http://127.0.0.1:9229.`);
    }
  }
}

/**
 * After a live collection, before any report or file: a blind run is exit 2 with its cause; gaps
 * (regions not listed, accounts not reached, failed calls) are said on stderr.
 */
export function checkCoverage(coverage: Coverage, io: CommandIo, quiet: boolean): void {
  const blind = blindCoverage(coverage);
  if (blind) throw new InputError(`${blind}.`);
  const unlisted = coverage.regions.filter((r) => r.errors.some((e) => e.operation === "ListUserPools")).map((r) => r.region);
  if (unlisted.length > 0) warn(io, quiet, `the user pools of ${unlisted.join(", ")} could not be listed: the run is incomplete (exit 3 even with --allow-incomplete).`);
  const { unreachable } = coverage;
  if (unreachable.length > 0) {
    const named = unreachable.slice(0, 6).map((a) => `${a.accountId} (${a.operation} ${a.code})`).join(", ");
    warn(io, quiet, `${unreachable.length} account(s) could not be reached and were not audited: ${named}${unreachable.length > 6 ? ", …" : ""} (exit 3 even with --allow-incomplete).`);
  }
  if (coverage.failedCalls.count > 0) {
    warn(io, quiet, `${coverage.failedCalls.count} AWS call(s) failed and their checks are reported as not evaluated: ${failedCallKinds(coverage.failedCalls)}.`);
  }
}

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
