import { describe, expect, it } from "vitest";
import { checkRegions, isKnownRegion, similarRegions } from "../../src/aws/regions.js";
import { InputError } from "../../src/errors.js";

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
