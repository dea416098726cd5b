// The command line: declarations only. Each action hands its parsed options to a command.
import { Command, InvalidArgumentError, Option } from "commander";
import { TOOL_VERSION } from "../package.js";
import type { CommandIo } from "../commands/io.js";
import type { CollectCommandOptions } from "../commands/collect.js";
import type { InitOptions } from "../commands/init.js";
import type { RulesOptions } from "../commands/rules.js";
import type { ScanOptions } from "../commands/scan.js";
import { FORMATS } from "../report/formats.js";
import { withoutControls } from "../util/terminal.js";
import { didYouMean, matchName } from "../suggest.js";

const SEVERITIES = ["critical", "high", "medium", "low", "info"];
const SEVERITY_CHOICES = [...SEVERITIES, "none"];
const GROUP_BY = ["pool", "rule", "account"];

/** A value from a fixed list, in any case; a typo gets the closest choice as a suggestion. */
function parseChoice(choices: readonly string[]) {
  return (value: string): string => {
    const match = matchName(value, choices);
    if (match === undefined) throw new InvalidArgumentError(`expected one of ${choices.join(", ")}${didYouMean(value, choices)}.`);
    return match;
  };
}

const choiceOption = (flags: string, description: string, choices: readonly string[]) =>
  new Option(flags, `${description} (${choices.join(", ")})`).argParser(parseChoice(choices));

const collectValues = (value: string, previous: string[] = []) => [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];

function parseScore(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError("expected a number from 0 to 100.");
  return n;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new InvalidArgumentError("expected a positive whole number.");
  return n;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 1 || n > 3600) throw new InvalidArgumentError("expected a number of seconds from 1 to 3600.");
  return n;
}

function addEventOptions(command: Command, modes: string): Command {
  return command
    .option("--cloudtrail <source>", modes)
    .option("--since <duration>", "how far back CloudTrail events are analysed, e.g. 36h, 7d (default 7d for lookup)")
    .option("--max-events <n>", "stop LookupEvents after n events of each event source (cognito-idp, cognito-identity) in each region, with a warning (default 20000)", parseCount)
    .option("--athena-workgroup <name>", "with --cloudtrail athena:DATABASE.TABLE: the Athena workgroup (default primary)")
    .option("--athena-output <s3-uri>", "with --cloudtrail athena:…: where Athena writes the results, s3://BUCKET/PREFIX/ (default: the workgroup's)");
}

function addSourceOptions(command: Command): Command {
  return command
    .option("--region <region...>", "AWS region(s) to scan, or all: every region enabled for each account where Cognito is offered (default: AWS_REGION or the profile's region)", collectValues)
    .option("--profile <profile>", "named profile from ~/.aws/config and ~/.aws/credentials")
    .option("--endpoint-url <url>", "send every AWS call to this endpoint (a local emulator)")
    .option("--pool-id <id...>", "only these user pools (skips ListUserPools)", collectValues)
    .option("--accounts <ids>", "audit these accounts (all: every ACTIVE account of the organization), each through --role-name")
    .option("--role-name <name>", "with --accounts: the audit role to assume in each account (docs/cognito-audit-role.yaml)")
    .option("--external-id <id>", "with --accounts: the ExternalId the audit role's trust policy requires")
    .option("--role-session-name <name>", "with --accounts: the session name in the accounts' CloudTrail (default cognito-audit)")
    .option("--timeout <seconds>", "seconds one AWS call may take, retries included (default 30)", parseSeconds)
    .option("--quiet", "no progress or warnings on stderr", false);
}

/** Builds the program; `exit` receives each command's exit code. */
export function buildProgram(io: CommandIo, exit: (code: number) => void): Command {
  const program = new Command()
    .name("cognito-audit")
    .description("Audit the security posture of Amazon Cognito user pools.")
    .version(TOOL_VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(withoutControls(s)) });

  addEventOptions(
    addSourceOptions(
      program
        .command("scan")
      .description("collect (or load) configuration, run the rules, print the report; the exit code is a CI gate")
        .option("--snapshot <file>", "scan a snapshot written by `collect` instead of calling AWS (--account, --region and --pool-id then narrow it)")
        .option("--account <id...>", "with --snapshot: only these accounts of it (comma-separated or repeated)", collectValues)
        .option("--template <path>", "scan CloudFormation before deploy: a template (YAML or JSON), or a directory of them such as a CDK cdk.out; nested stacks on local paths are read too")
        .option("--terraform-plan <file>", "scan a Terraform plan before apply: the JSON of terraform show -json PLANFILE")
        .option("--parameter <key=value>", "with --template: a template parameter's value (AWS::AccountId and AWS::Region name the target); repeatable", (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
        .option("--parameters-file <file>", "with --template: parameter values, as for aws cloudformation deploy ([{ParameterKey, ParameterValue}] or {Name: value})"),
    ),
    "CloudTrail events to analyse: lookup (LookupEvents; default when scanning live), none, PATH (log files as delivered to S3: a .json/.json.gz file or a directory tree), s3://BUCKET/PREFIX (the trail's bucket) or athena:DATABASE.TABLE (docs/athena.md); a snapshot's own events by default",
  )
    .addOption(choiceOption("--format <format>", "report format (default: table on a terminal, json otherwise)", FORMATS))
    .option("--output <file>", "write the report to a file instead of stdout")
    .option("--report <format=file>", `also write FORMAT (${FORMATS.join(", ")}) to FILE; repeatable`, (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .addOption(choiceOption("--fail-on <severity>", "fail the gate on an unsuppressed finding at or above this severity", SEVERITY_CHOICES).default("high"))
    .option("--min-score <n>", "fail the gate when the run's score is below n (0-100)", parseScore)
    .option("--allow-incomplete", "exit 0 instead of 3 when some checks could not be evaluated (never when a region's pools could not be listed)", false)
    .option("--config <file>", "configuration file (default: .cognito-audit.yml, .yaml or .json in the working directory)")
    .option("--baseline <file>", "a JSON report of an earlier run: only failures new since then fail the gate")
    .option("--sarif-artifact <file>", "the file SARIF results point at, for GitHub code scanning (default: the --snapshot file, or the templates of --template)")
    .option("--include-passed", "list passed checks in the report too (they always count in the scores)", false)
    .addOption(choiceOption("--min-severity <severity>", "table, Markdown, HTML: show only failures at or above this severity (JSON, SARIF and JUnit stay complete; scores and gate count everything)", SEVERITIES))
    .option("--only-new", "with --baseline, table, Markdown, HTML: show only failures new since the baseline (JSON, SARIF and JUnit stay complete)", false)
    .option("--top <n>", "table, Markdown, HTML: show only the n most severe failures (JSON, SARIF and JUnit stay complete)", parseCount)
    .addOption(choiceOption("--group-by <what>", "table, Markdown, HTML: group the failures by", GROUP_BY))
    .option("--no-color", "no colours in the table")
    .action(async (options: ScanOptions) => {
      const { scan } = await import("../commands/scan.js");
      exit(await scan(options, io));
    });

  addEventOptions(
    addSourceOptions(
      program
        .command("collect")
        .description("collect configuration into a snapshot file (secrets redacted) for a later offline scan")
        .requiredOption("--output <file>", "where to write the snapshot JSON"),
    ),
    "lookup (default: store the window's cognito-idp and cognito-identity events from LookupEvents in the snapshot) or none",
  ).action(async (options: CollectCommandOptions) => {
    const { collect } = await import("../commands/collect.js");
    exit(await collect(options, io));
  });

  program
    .command("rules")
    .description("list the rules")
    .addOption(choiceOption("--format <format>", "output format", ["table", "json"]).default("table"))
    .action(async (options: RulesOptions) => {
      const { listRules } = await import("../commands/rules.js");
      exit(await listRules(options, io));
    });

  program
    .command("explain")
    .description("show a rule's documentation, or how the score is computed")
    .argument("[rule-id]", "a rule id from `cognito-audit rules`")
    .option("--scoring", "explain the scoring formula", false)
    .action(async (ruleId: string | undefined, options: { scoring: boolean }) => {
      const { explain } = await import("../commands/explain.js");
      exit(await explain({ ruleId, scoring: options.scoring }, io));
    });

  program
    .command("init")
    .description("write a commented .cognito-audit.yml (every rule and option, with its default) to start from")
    .option("--output <file>", "write it here instead of .cognito-audit.yml in the working directory")
    .option("--force", "replace an existing file", false)
    .action(async (options: InitOptions) => {
      const { init } = await import("../commands/init.js");
      exit(init(options, io));
    });

  return program;
}
