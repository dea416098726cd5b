// defineConfigRule / defineEventRule: what the types refuse (checked by tsc through
// tsconfig.test.json: an unused @ts-expect-error is itself an error) and what the runtime refuses.
import { describe, expect, it } from "vitest";
import { boolean, defineConfigRule, defineEventRule, fail, integer, number, pass, stringList } from "../../src/engine/rule.js";

const meta = { resourceType: "userPool" as const, severity: "low" as const, title: "t", rationale: "r", remediation: "x", anchors: [] as string[] };

describe("option builders", () => {
  it("make the JSON Schema of each option", () => {
    expect(integer({ minimum: 2, maximum: 9, default: 10, description: "d" })).toEqual({ type: "integer", minimum: 2, maximum: 9, default: 10, description: "d" });
    expect(number({ minimum: 0.04, default: 30, description: "d" })).toEqual({ type: "number", minimum: 0.04, default: 30, description: "d" });
    expect(boolean({ default: false, description: "d" })).toEqual({ type: "boolean", default: false, description: "d" });
    expect(stringList({ default: [], description: "d" })).toEqual({ type: "array", items: { type: "string", minLength: 1 }, default: [], description: "d" });
  });

  it("give the rule its defaults and an options schema that allows nothing else", () => {
    const rule = defineConfigRule({
      ...meta,
      id: "typed",
      options: { threshold: integer({ minimum: 2, default: 10, description: "n" }), allowed: stringList({ default: ["a"], description: "l" }) },
      messages: { m: "m" },
      check: () => pass(),
    });
    expect(rule.kind).toBe("config");
    expect(rule.defaultOptions).toEqual({ threshold: 10, allowed: ["a"] });
    expect(rule.optionsSchema).toEqual({
      type: "object",
      properties: { threshold: { type: "integer", minimum: 2, default: 10, description: "n" }, allowed: { type: "array", items: { type: "string", minLength: 1 }, default: ["a"], description: "l" } },
      additionalProperties: false,
    });
    expect(rule).not.toHaveProperty("options");
  });
});

describe("the types", () => {
  it("infer option types and message ids from the declaration", () => {
    const rule = defineConfigRule({
      ...meta,
      id: "typed",
      options: {
        threshold: integer({ minimum: 2, default: 10, description: "n" }),
        allowed: stringList({ default: [], description: "l" }),
        enabled: boolean({ default: true, description: "b" }),
      },
      messages: { tooMany: "{{n}}", other: "o" },
      check(_target, { threshold, allowed, enabled }) {
        const n: number = threshold;
        const list: string[] = allowed;
        const on: boolean = enabled;
        // @ts-expect-error: threshold is a number
        const wrong: string = threshold;
        expect(wrong).toBeDefined();
        if (!on) return pass();
        // @ts-expect-error: "tpyo" is not one of the rule's messages
        if (list.length > n) return fail({ messageId: "tpyo" });
        return fail({ messageId: "tooMany", data: { n } });
      },
    });
    expect(rule.check(null as never, { threshold: 1, allowed: [], enabled: true }, { now: new Date() })).toEqual({ status: "fail", messageId: "tooMany", data: { n: 1 } });
  });

  it("type an event rule's analysis the same way", () => {
    const rule = defineEventRule({
      ...meta,
      id: "typed-events",
      options: { windowMinutes: number({ default: 5, description: "w" }) },
      messages: { burst: "b" },
      events: {
        analyse({ windowMinutes }) {
          // @ts-expect-error: windowMinutes is a number
          windowMinutes.toUpperCase();
          return {
            observe() {},
            // @ts-expect-error: "bursts" is not one of the rule's messages
            verdict: () => fail({ messageId: "bursts" }),
          };
        },
      },
    });
    expect(rule.kind).toBe("event");
  });

  it("refuse a wrong option default and a rule with both or neither judgement", () => {
    // @ts-expect-error: an integer option's default is a number
    integer({ default: "10", description: "n" });
    // @ts-expect-error: a config rule needs a check
    expect(() => defineConfigRule({ ...meta, id: "neither", messages: { m: "m" } })).toThrow(/a configuration rule has a check and no events/);
    expect(() =>
      // @ts-expect-error: a config rule has no events
      defineConfigRule({ ...meta, id: "both", messages: { m: "m" }, check: () => pass(), events: { analyse: () => ({ observe() {}, verdict: () => pass() }) } }),
    ).toThrow(/a configuration rule has a check and no events/);
    // @ts-expect-error: an event rule needs events
    expect(() => defineEventRule({ ...meta, id: "neither", messages: { m: "m" } })).toThrow(/an event rule has events and no check/);
    expect(() =>
      // @ts-expect-error: an event rule has no check
      defineEventRule({ ...meta, id: "both", messages: { m: "m" }, check: () => pass(), events: { analyse: () => ({ observe() {}, verdict: () => pass() }) } }),
    ).toThrow(/an event rule has events and no check/);
  });
});
