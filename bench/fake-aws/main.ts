// Runs the fake AWS endpoint until SIGINT/SIGTERM, e.g.
//   node dist/bench/fake-aws/main.js --pools 50 --clients 5 --faults 0.2 --seed 7 [--quotas] [--port 0]
//   node dist/bench/fake-aws/main.js --accounts 3 --regions eu-west-1,us-east-1 --latency-ms 20 --quotas
// Prints the endpoint URL on stdout (point --endpoint-url at it) and, on exit, the request and
// fault counts on stderr.
import { parseArgs } from "node:util";
import { generateAccountIds } from "./organization.js";
import { startFakeAws, type FakeAwsOptions } from "./server.js";

const USAGE =
  "usage: fake-aws [--pools N] [--clients N] [--faults 0..1] [--seed N] [--quotas] [--port N] [--page-size N] [--slow-ms N] [--region R | --regions R,R…] [--accounts N] [--latency-ms N]";
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

class UsageError extends Error {}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`fake-aws: ${flag} expects a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}

function parseOptions(argv: string[]): FakeAwsOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        pools: { type: "string" },
        clients: { type: "string" },
        faults: { type: "string" },
        seed: { type: "string" },
        quotas: { type: "boolean" },
        port: { type: "string" },
        "page-size": { type: "string" },
        "slow-ms": { type: "string" },
        region: { type: "string" },
        regions: { type: "string" },
        accounts: { type: "string" },
        "latency-ms": { type: "string" },
      },
    }));
  } catch (error) {
    throw new UsageError(`fake-aws: ${(error as Error).message} ${USAGE}`);
  }
  const faults = values.faults === undefined ? undefined : Number(values.faults);
  if (faults !== undefined && !(values.faults!.trim() !== "" && faults >= 0 && faults <= 1)) {
    throw new UsageError(`fake-aws: --faults expects a share of requests from 0 to 1 (e.g. 0.2), got "${values.faults}".`);
  }
  if (values.region !== undefined && !REGION.test(values.region)) {
    throw new UsageError(`fake-aws: --region expects an AWS region name such as eu-west-1, got "${values.region}".`);
  }
  if (values.region !== undefined && values.regions !== undefined) throw new UsageError("fake-aws: give --region or --regions, not both.");
  const regions = values.regions?.split(",");
  if (regions && (regions.some((r) => !REGION.test(r)) || new Set(regions).size !== regions.length)) {
    throw new UsageError(`fake-aws: --regions expects distinct AWS region names separated by commas, such as eu-west-1,us-east-1, got "${values.regions}".`);
  }
  const seed = integer("--seed", values.seed, 0, 2 ** 32 - 1);
  const accountCount = integer("--accounts", values.accounts, 1, 1_000);
  return {
    pools: integer("--pools", values.pools, 0, 1_000_000),
    clientsPerPool: integer("--clients", values.clients, 0, 1_000),
    faults,
    seed,
    quotas: values.quotas ?? false,
    port: integer("--port", values.port, 0, 65_535),
    pageSize: integer("--page-size", values["page-size"], 1, 1_000),
    slowMs: integer("--slow-ms", values["slow-ms"], 0, 60_000),
    region: values.region,
    regions,
    accounts: accountCount === undefined ? undefined : generateAccountIds(accountCount, seed),
    latencyMs: integer("--latency-ms", values["latency-ms"], 0, 60_000),
  };
}

async function main() {
  let options: FakeAwsOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const fake = await startFakeAws(options);
  process.stdout.write(`${fake.endpoint}\n`);
  const where =
    fake.accounts.length === 1 && fake.regions.length === 1
      ? `in ${fake.estate.region} (account ${fake.estate.accountId})`
      : `in each of ${fake.accounts.length} accounts (${fake.accounts.join(", ")}; the first is the management account) × ${fake.regions.length} regions (${fake.regions.join(", ")})`;
  process.stderr.write(`fake-aws: ${fake.estate.pools.length} user pools ${where}; Ctrl-C to stop.\n`);
  const stop = async () => {
    await fake.close();
    process.stderr.write(`fake-aws: ${JSON.stringify(fake.stats)}\n`);
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

await main();
