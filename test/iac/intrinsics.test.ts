// The template reader's own parts: short tags to long form, and intrinsic functions evaluated only
// as far as they are known before deploy.
import { describe, expect, it } from "vitest";
import { parseTemplateText } from "../../src/iac/parse.js";
import { NO_VALUE, Resolver, Unknown, type Scope } from "../../src/iac/intrinsics.js";
import { defineUnknown, UnknownValueError } from "../../src/snapshot/unknown.js";

const scope = (over: Partial<Scope> = {}): Scope => ({
  values: new Map<string, string | string[]>([["Stage", "prod"], ["AWS::Region", "eu-west-1"], ["Zones", ["a", "b"]]]),
  missing: (name) => (name === "Secret" ? "the parameter Secret has no default and no value was given" : undefined),
  conditions: { IsProd: { "Fn::Equals": [{ Ref: "Stage" }, "prod"] }, Unknowable: { "Fn::Equals": [{ Ref: "Secret" }, "x"] } },
  mappings: { Sizes: { prod: { Min: 16 } } },
  resources: new Set(["Pool"]),
  resourceValue: (id, attribute) => (id === "Pool" && attribute === "Arn" ? "arn:aws:cognito-idp:eu-west-1:000000000000:userpool/Pool" : id === "Pool" && attribute === undefined ? "Pool" : undefined),
  ...over,
});

describe("parseTemplateText", () => {
  it("expands the short tags and records the line of every key", () => {
    const text = "Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n    Properties:\n      Name: !Sub '${Stage}-x'\n      Arn: !GetAtt Fn.Outputs.Arn\n      Mfa: !If [IsProd, 'ON', !Ref AWS::NoValue]\n";
    const parsed = parseTemplateText(text, "t.yaml");
    expect(parsed.data).toEqual({
      Resources: {
        Pool: {
          Type: "AWS::Cognito::UserPool",
          Properties: { Name: { "Fn::Sub": "${Stage}-x" }, Arn: { "Fn::GetAtt": ["Fn", "Outputs.Arn"] }, Mfa: { "Fn::If": ["IsProd", "ON", { Ref: "AWS::NoValue" }] } },
        },
      },
    });
    expect(parsed.lines.get("Resources/Pool")).toBe(2);
    expect(parsed.lines.get("Resources/Pool/Properties/Mfa")).toBe(7);
  });

  it("stops an alias bomb with an input error", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? "*a" : `*l${i - 1}`).join(", ")}]`);
    expect(() => parseTemplateText(levels.join("\n"), "bomb.yaml")).toThrow(/bomb\.yaml: expands to more than 1,000,000 values through YAML aliases/);
  });

  it("reads JSON with the same parser, and keeps a __proto__ key as data", () => {
    const parsed = parseTemplateText('{"Resources": {"__proto__": {"Type": "x"}}}', "t.json");
    expect(Object.keys((parsed.data as { Resources: object }).Resources)).toEqual(["__proto__"]);
  });
});

describe("Resolver", () => {
  const r = new Resolver(scope());
  it("evaluates what is known", () => {
    expect(r.value({ "Fn::Sub": "${Stage}-${AWS::Region}-${!Literal}" })).toBe("prod-eu-west-1-${Literal}");
    expect(r.value({ "Fn::If": ["IsProd", "ACTIVE", "INACTIVE"] })).toBe("ACTIVE");
    expect(r.value({ "Fn::Join": [":", ["a", { Ref: "Stage" }]] })).toBe("a:prod");
    expect(r.value({ "Fn::Select": [1, { Ref: "Zones" }] })).toBe("b");
    expect(r.value({ "Fn::FindInMap": ["Sizes", { Ref: "Stage" }, "Min"] })).toBe(16);
    expect(r.value({ "Fn::GetAtt": ["Pool", "Arn"] })).toBe("arn:aws:cognito-idp:eu-west-1:000000000000:userpool/Pool");
    expect(r.value({ "Fn::Sub": "${Pool.Arn}/x" })).toBe("arn:aws:cognito-idp:eu-west-1:000000000000:userpool/Pool/x");
    expect(r.value({ Ref: "AWS::NoValue" })).toBe(NO_VALUE);
    expect(r.value({ A: { Ref: "AWS::NoValue" }, B: 1 })).toEqual({ B: 1 });
  });

  it("says why what is not known is not known", () => {
    expect(r.value({ Ref: "Secret" })).toEqual(new Unknown("the parameter Secret has no default and no value was given"));
    expect(r.value({ "Fn::Sub": "x-${Secret}" })).toEqual(new Unknown("the parameter Secret has no default and no value was given"));
    expect(r.value({ "Fn::If": ["Unknowable", 1, 2] })).toEqual(new Unknown("the condition Unknowable is not known before deploy: the parameter Secret has no default and no value was given"));
    expect(r.value({ "Fn::ImportValue": "Shared" })).toEqual(new Unknown("Fn::ImportValue is a value exported by another stack, known only at deploy"));
    expect(r.value({ "Fn::GetAtt": ["Pool", "ProviderURL"] })).toEqual(new Unknown("Fn::GetAtt Pool.ProviderURL is an attribute set at deploy"));
    // A condition that is known wins over one that is not.
    expect(r.value({ "Fn::Or": [{ Condition: "IsProd" }, { Condition: "Unknowable" }] })).toBe(true);
  });
});

describe("defineUnknown", () => {
  it("throws the reason when read, and is invisible to JSON, spreads and Object.keys", () => {
    const holder: Record<string, unknown> = { known: 1 };
    defineUnknown(holder, "later", "set at deploy");
    expect(() => holder.later).toThrow(UnknownValueError);
    expect(() => holder.later).toThrow("set at deploy");
    expect(JSON.stringify(holder)).toBe('{"known":1}');
    expect(Object.keys({ ...holder })).toEqual(["known"]);
    expect(Object.hasOwn(holder, "later")).toBe(true);
  });
});
