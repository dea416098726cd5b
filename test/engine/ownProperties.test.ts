// Keys from AWS data are looked up as own properties: "constructor" or "toString" must not find Object.prototype's.
import { describe, expect, it } from "vitest";
import { field } from "../../src/cloudtrail/normalise.js";
import { poolScope, triggerTarget } from "../../src/engine/resources.js";
import { ACCOUNT, functionArn, lambdaFunction, poolEntry, REGION, userPool } from "../helpers/factories.js";

describe("own-property lookups", () => {
  it.each(["constructor", "toString", "__proto__"])("a trigger named %s is not found among collected functions it is not one of", (name) => {
    const entry = poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: name } }), lambdaFunctions: {} });
    expect(triggerTarget(poolScope(ACCOUNT, "aws", REGION, entry), name, ["PreSignUp"]).fn).toBeUndefined();
  });

  it("a collected function is found", () => {
    const arn = functionArn("pre");
    const entry = poolEntry({ lambdaFunctions: { [arn]: lambdaFunction(arn) } });
    expect(triggerTarget(poolScope(ACCOUNT, "aws", REGION, entry), arn, ["PreSignUp"]).fn).toBe(entry.lambdaFunctions![arn]);
  });

  it("CloudTrail fields: own keys, case-insensitively, never inherited ones", () => {
    expect(field({ UserPoolId: "p" }, "userPoolId")).toBe("p");
    expect(field({}, "constructor")).toBeUndefined();
    expect(field(Object.create({ userPoolId: "inherited" }), "userPoolId")).toBeUndefined();
  });
});
