import { readFile } from "node:fs/promises";
import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../../src/aws/clients.js";
import { RateLimits } from "../../src/aws/rateLimit.js";
import { checkRegions, COGNITO_REGIONS, enabledRegions, isKnownRegion, partitionOf, partitionRegions, similarRegions } from "../../src/aws/regions.js";
import { InputError } from "../../src/errors.js";
import { startLoopback, staticCredentials } from "./loopback.js";

describe("region names", () => {
  it("knows the regions the SDK lists in every partition, not what merely fits a partition's pattern", () => {
    for (const name of ["eu-west-1", "us-east-1", "us-gov-west-1", "cn-north-1"]) expect(isKnownRegion(name), name).toBe(true);
    // The aws partition's regionRegex accepts both of these.
    for (const name of ["eu-westt-1", "eu-central-9", "aws-global", "", "EU-WEST-1"]) expect(isKnownRegion(name), name).toBe(false);
  });

  it("suggests the regions one typo away", () => {
    expect(similarRegions("eu-westt-1")).toEqual(["eu-west-1"]);
    expect(similarRegions("eu-wset-1")).toContain("eu-west-1");
    expect(similarRegions("us-east1")).toContain("us-east-1");
  });

  it("checks each region once, in the order given", () => {
    expect(checkRegions(["eu-west-1", "us-east-1", "eu-west-1", " us-east-1 "], "--region")).toEqual(["eu-west-1", "us-east-1"]);
  });

  it("names the flag, the region, the fix and a suggestion", () => {
    expect(() => checkRegions(["eu-west-1", "eu-westt-1"], "--region")).toThrow(InputError);
    expect(() => checkRegions(["eu-westt-1"], "--region")).toThrow(/^--region: "eu-westt-1" is not a region of any AWS partition known to this version of the AWS SDK .* Did you mean eu-west-1\? Pass an existing region with --region\.$/);
    expect(() => checkRegions(["eu-central-9"], "--region")).toThrow(/known to this version of the AWS SDK \(if it is a region launched since, upgrade cognito-audit\)\. Did you mean eu-central-1 or eu-central-2\? Pass/);
    expect(() => checkRegions(["ireland\u001b[31m"], "--region")).toThrow(/"ireland\\u001b\[31m" is not an AWS region name; expected for example eu-west-1\./);
  });
});

describe("the regions --region all scans", () => {
  let account: AwsClientStub<AccountClient>;
  beforeEach(() => {
    account = mockClient(AccountClient);
  });
  afterEach(() => account.restore());
  const client = () => new AccountClient({ region: "us-east-1", credentials: staticCredentials() });

  it("dates its table of Cognito regions and holds only regions the SDK lists in that partition, each once", async () => {
    const source = await readFile(new URL("../../src/aws/regions.ts", import.meta.url), "utf8");
    expect(source).toMatch(/as of \d{4}-\d{2}-\d{2}/);
    expect(source).toContain("https://docs.aws.amazon.com/general/latest/gr/cognito.html");
    for (const [name, regions] of Object.entries(COGNITO_REGIONS)) {
      expect(new Set(regions).size, name).toBe(regions.length);
      for (const region of regions) {
        expect(isKnownRegion(region), region).toBe(true);
        expect(partitionOf(region), region).toBe(name);
      }
    }
    expect(COGNITO_REGIONS.aws).toContain("eu-west-1");
    expect(COGNITO_REGIONS["aws-us-gov"]).toEqual(["us-gov-east-1", "us-gov-west-1"]);
  });

  it("lists exactly the regions of the SDK's partition data, without the -global pseudo-regions", async () => {
    // The SDK does not export this data; the test reads its file to check what partitionRegions finds.
    const file = "../../node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js";
    const { partitionsInfo } = (await import(file)) as { partitionsInfo: { partitions: { id: string; regions: Record<string, unknown> }[] } };
    expect(partitionsInfo.partitions.length).toBeGreaterThan(3);
    for (const p of partitionsInfo.partitions) {
      const expected = Object.keys(p.regions).filter((r) => !r.endsWith("-global")).sort();
      expect(partitionRegions(p.id), p.id).toEqual(expected);
    }
    expect(partitionRegions("aws")).toContain("us-east-1");
    expect(partitionRegions("no-such-partition")).toEqual([]);
    // A copy: the caller may change it.
    partitionRegions("aws").length = 0;
    expect(partitionRegions("aws").length).toBeGreaterThan(20);
  });

  it("asks for the enabled regions, reads every page, keeps Cognito's and names the others", async () => {
    const pages = [
      {
        Regions: [
          { RegionName: "eu-west-1", RegionOptStatus: "ENABLED_BY_DEFAULT" as const },
          { RegionName: "mx-central-1", RegionOptStatus: "ENABLED" as const },
          // Asked away, answered anyway: dropped.
          { RegionName: "af-south-1", RegionOptStatus: "DISABLED" as const },
        ],
        NextToken: "page-2",
      },
      {
        Regions: [
          { RegionName: "ap-southeast-5", RegionOptStatus: "ENABLED" as const },
          { RegionName: "us-east-1", RegionOptStatus: "ENABLED_BY_DEFAULT" as const },
          // Not a region of this partition (nor any): never scanned, never echoed.
          { RegionName: "us-gov-west-1", RegionOptStatus: "ENABLED" as const },
          { RegionName: "evil-\u001b[31m-1", RegionOptStatus: "ENABLED" as const },
          { RegionOptStatus: "ENABLED" as const },
        ],
      },
    ];
    // The paginator reuses one input object; each call's input is copied as it is sent.
    const inputs: unknown[] = [];
    account.on(ListRegionsCommand).callsFake((input: object) => {
      inputs.push(JSON.parse(JSON.stringify(input)));
      return pages[inputs.length - 1];
    });
    const result = await enabledRegions(client(), "aws");
    expect(result.source).toBe("ListRegions");
    expect(result.regions).toEqual(["ap-southeast-5", "eu-west-1", "us-east-1"]);
    expect(result.note).toMatch(/^Not scanned, as Cognito user pools are not offered there .*: mx-central-1; name a region with --region to scan it anyway\.$/);
    expect(inputs).toEqual([
      { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] },
      { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"], NextToken: "page-2" },
    ]);
  });

  it("says nothing when every enabled region has Cognito", async () => {
    account.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: "eu-west-1", RegionOptStatus: "ENABLED_BY_DEFAULT" }] });
    expect(await enabledRegions(client(), "aws")).toEqual({ regions: ["eu-west-1"], source: "ListRegions" });
  });

  it("falls back to the partition's regions when ListRegions is denied, and says so", async () => {
    account.on(ListRegionsCommand).rejects(Object.assign(new Error("User is not authorized to perform account:ListRegions"), { name: "AccessDeniedException" }));
    const result = await enabledRegions(client(), "aws");
    expect(result.source).toBe("partition");
    expect(result.regions).toEqual([...COGNITO_REGIONS.aws!].sort());
    expect(result.note).toMatch(/^account:ListRegions was denied \(AccessDeniedException\), so the regions enabled for the account are unknown: scanning every region of the aws partition where Cognito is offered .* allow account:ListRegions to scan only the enabled ones\./);
    // The partition's regions without Cognito are named.
    const without = partitionRegions("aws").filter((r) => !COGNITO_REGIONS.aws!.includes(r));
    expect(without.length).toBeGreaterThan(0);
    expect(result.note).toContain(`: ${without.join(", ")}; name a region`);
  });

  it("falls back when ListRegions is unavailable (any other failure), naming the error", async () => {
    account.on(ListRegionsCommand).rejects(Object.assign(new Error("getaddrinfo ENOTFOUND"), { name: "Error", code: "ENOTFOUND" }));
    const gov = await enabledRegions(client(), "aws-us-gov");
    expect(gov).toEqual({
      regions: ["us-gov-east-1", "us-gov-west-1"],
      source: "partition",
      note: expect.stringMatching(/^account:ListRegions failed \(Error\)/) as unknown,
      // Kept in the snapshot as the account's error: the report says the partition's list was used.
      failure: { operation: "ListRegions", code: "Error", message: "getaddrinfo ENOTFOUND" },
    });
    // China: no user pools, every region named as left out.
    const china = await enabledRegions(client(), "aws-cn");
    expect(china.regions).toEqual([]);
    expect(china.note).toContain(": cn-north-1, cn-northwest-1; name a region");
  });

  it("does not hide the read-only guard's refusal behind the fallback", async () => {
    account.on(ListRegionsCommand).rejects(Object.assign(new Error("refused"), { name: "ReadOnlyViolation" }));
    await expect(enabledRegions(client(), "aws")).rejects.toThrow("refused");
  });
});

describe("account:ListRegions through createClient", () => {
  let server: Awaited<ReturnType<typeof startLoopback>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("is sent as the REST call the guard knows, signed with the credentials given, every page", async () => {
    server = await startLoopback((_request, index) => ({
      body: JSON.stringify(
        index === 0
          ? { Regions: [{ RegionName: "eu-central-1", RegionOptStatus: "ENABLED_BY_DEFAULT" }], NextToken: "t2" }
          : { Regions: [{ RegionName: "il-central-1", RegionOptStatus: "ENABLED" }] },
      ),
    }));
    const limits = new RateLimits();
    const client = createClient(AccountClient, "account", { region: "us-east-1", endpointUrl: server.endpoint, limits, credentials: staticCredentials("AKIDGIVEN") });
    const result = await enabledRegions(client, "aws");
    expect(result).toEqual({ regions: ["eu-central-1", "il-central-1"], source: "ListRegions" });
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([
      ["POST", "/listRegions"],
      ["POST", "/listRegions"],
    ]);
    expect(JSON.parse(server.requests[1]!.body)).toEqual({ NextToken: "t2", RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] });
    expect(server.requests[0]!.headers.authorization).toContain("Credential=AKIDGIVEN/");
    expect(limits.stats.calls).toBe(2);
  });

  it("falls back on the wire's AccessDeniedException without retrying it", async () => {
    server = await startLoopback(() => ({
      status: 403,
      headers: { "x-amzn-errortype": "AccessDeniedException" },
      body: JSON.stringify({ message: "not allowed" }),
    }));
    const client = createClient(AccountClient, "account", { region: "us-east-1", endpointUrl: server.endpoint, limits: new RateLimits(), credentials: staticCredentials() });
    const result = await enabledRegions(client, "aws");
    expect(result.source).toBe("partition");
    expect(result.note).toMatch(/^account:ListRegions was denied \(AccessDeniedException\)/);
    expect(server.requests).toHaveLength(1);
  });
});
