// Evaluates a CloudFormation template's intrinsic functions as far as they are known before deploy
// (CloudFormation User Guide, "Intrinsic function reference" and "Pseudo parameters reference"):
// parameters given or defaulted, conditions over them, and the references between resources of the
// template. Anything else (an attribute of a resource created at deploy, an import, a parameter
// with no value) is an Unknown carrying the reason, never a guess.

/** A value not known before deploy, and why. */
export class Unknown {
  constructor(readonly reason: string) {}
}

/** AWS::NoValue: the property is removed. */
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

export type Resolved = null | boolean | number | string | Unknown | typeof NO_VALUE | Resolved[] | { [key: string]: Resolved };

/** What a Ref or Fn::GetAtt of a resource of the template gives before deploy, or undefined when not known. */
export type ResourceValue = (logicalId: string, attribute: string | undefined) => string | undefined;

export interface Scope {
  /** Parameter and pseudo-parameter values (lists as string arrays). */
  values: ReadonlyMap<string, string | string[]>;
  /** Why a parameter or pseudo parameter without a value is unknown. */
  missing: (name: string) => string | undefined;
  /** The template's Conditions and Mappings. */
  conditions: Record<string, unknown>;
  mappings: Record<string, unknown>;
  resources: ReadonlySet<string>;
  resourceValue: ResourceValue;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The first Unknown in a value (deep), if any. */
export function firstUnknown(value: Resolved): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (Array.isArray(value)) for (const v of value) { const u = firstUnknown(v); if (u) return u; }
  else if (isObject(value)) for (const v of Object.values(value)) { const u = firstUnknown(v); if (u) return u; }
  return undefined;
}

export class Resolver {
  private readonly conditionValues = new Map<string, boolean | Unknown>();
  constructor(private readonly scope: Scope) {}

  /** The value with every intrinsic function evaluated (Unknown where it cannot be before deploy). */
  value(input: unknown): Resolved {
    if (Array.isArray(input)) return input.map((v) => this.value(v)).filter((v) => v !== NO_VALUE);
    if (!isObject(input)) return input === undefined ? null : (input as Resolved);
    const keys = Object.keys(input);
    if (keys.length === 1) {
      const key = keys[0]!;
      if (key === "Ref") return this.ref(input.Ref);
      if (key === "Condition" && typeof input.Condition === "string") return this.condition(input.Condition);
      if (key.startsWith("Fn::")) return this.fn(key, input[key]);
    }
    const out: Record<string, Resolved> = {};
    for (const key of keys) {
      const v = this.value(input[key]);
      if (v !== NO_VALUE) Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /** A Condition of the template, evaluated once. */
  condition(name: string): boolean | Unknown {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    if (!Object.hasOwn(this.scope.conditions, name)) return new Unknown(`the template has no condition ${name}`);
    this.conditionValues.set(name, new Unknown(`the condition ${name} refers to itself`));
    const raw = this.value(this.scope.conditions[name]);
    const result = typeof raw === "boolean" ? raw : raw instanceof Unknown ? new Unknown(`the condition ${name} is not known before deploy: ${raw.reason}`) : new Unknown(`the condition ${name} is not a boolean`);
    this.conditionValues.set(name, result);
    return result;
  }

  private ref(name: unknown): Resolved {
    if (typeof name !== "string") return new Unknown("a Ref names no parameter or resource");
    if (name === "AWS::NoValue") return NO_VALUE;
    const value = this.scope.values.get(name);
    if (value !== undefined) return value;
    if (this.scope.resources.has(name)) {
      return this.scope.resourceValue(name, undefined) ?? new Unknown(`Ref ${name} is the physical id of a resource created at deploy`);
    }
    return new Unknown(this.scope.missing(name) ?? `Ref ${name} names neither a parameter nor a resource of the template`);
  }

  private text(value: Resolved, what: string): string | Unknown {
    if (value instanceof Unknown) return value;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
    return new Unknown(`${what} is not a string`);
  }

  private fn(name: string, arg: unknown): Resolved {
    const args = Array.isArray(arg) ? arg : [arg];
    switch (name) {
      case "Fn::GetAtt": {
        const [resource, attribute] = typeof arg === "string" ? [arg.split(".")[0], arg.split(".").slice(1).join(".")] : (args as unknown[]).map((a) => this.value(a));
        if (typeof resource !== "string" || typeof attribute !== "string") return new Unknown("an Fn::GetAtt is not known before deploy");
        return this.scope.resourceValue(resource, attribute) ?? new Unknown(`Fn::GetAtt ${resource}.${attribute} is an attribute set at deploy`);
      }
      case "Fn::Sub":
        return this.sub(args[0], isObject(args[1]) ? args[1] : {});
      case "Fn::Join": {
        const delimiter = this.value(args[0]);
        const list = this.value(args[1]);
        if (typeof delimiter !== "string") return delimiter instanceof Unknown ? delimiter : new Unknown("an Fn::Join delimiter is not a string");
        if (!Array.isArray(list)) return list instanceof Unknown ? list : new Unknown("an Fn::Join list is not a list");
        const parts = list.map((v) => this.text(v, "an Fn::Join item"));
        const unknown = parts.find((p) => p instanceof Unknown);
        return unknown ?? (parts as string[]).join(delimiter);
      }
      case "Fn::If": {
        const [condition, yes, no] = args as unknown[];
        const test = typeof condition === "string" ? this.condition(condition) : new Unknown("an Fn::If names no condition");
        if (test instanceof Unknown) return test;
        return this.value(test ? yes : no);
      }
      case "Fn::Equals": {
        const [a, b] = (args as unknown[]).map((v) => this.value(v));
        const unknown = firstUnknown([a ?? null, b ?? null]);
        return unknown ?? JSON.stringify(a) === JSON.stringify(b);
      }
      case "Fn::And":
      case "Fn::Or": {
        const values = (args as unknown[]).map((v) => this.value(v));
        const decisive = name === "Fn::And" ? false : true;
        if (values.includes(decisive)) return decisive;
        return values.find((v) => v instanceof Unknown) ?? !decisive;
      }
      case "Fn::Not": {
        const v = this.value(args[0]);
        return typeof v === "boolean" ? !v : v instanceof Unknown ? v : new Unknown("an Fn::Not of a non-boolean");
      }
      case "Fn::Select": {
        const index = this.value(args[0]);
        const list = this.value(args[1]);
        if (index instanceof Unknown) return index;
        if (!Array.isArray(list)) return list instanceof Unknown ? list : new Unknown("an Fn::Select list is not a list");
        return list[Number(index)] ?? new Unknown(`an Fn::Select index ${JSON.stringify(index)} is out of range`);
      }
      case "Fn::Split": {
        const delimiter = this.value(args[0]);
        const source = this.value(args[1]);
        if (typeof delimiter !== "string" || typeof source !== "string") return firstUnknown([delimiter, source]) ?? new Unknown("an Fn::Split of a non-string");
        return source.split(delimiter);
      }
      case "Fn::FindInMap": {
        const [map, top, second] = (args as unknown[]).map((v) => this.value(v));
        const unknown = firstUnknown([map ?? null, top ?? null, second ?? null]);
        if (unknown) return unknown;
        const [m, k1, k2] = [map, top, second].map((v) => (typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v)));
        const found = [k1!, k2!].reduce<unknown>((at, key) => (isObject(at) && Object.hasOwn(at, key) ? at[key] : undefined), Object.hasOwn(this.scope.mappings, m!) ? this.scope.mappings[m!] : undefined);
        return found === undefined ? new Unknown(`Fn::FindInMap ${m}.${k1}.${k2} is not in the template's Mappings`) : this.value(found);
      }
      case "Fn::Base64":
        return this.value(args[0]);
      case "Fn::ToJsonString": {
        const v = this.value(args[0]);
        return firstUnknown(v) ?? JSON.stringify(v);
      }
      case "Fn::Length": {
        const v = this.value(args[0]);
        return Array.isArray(v) ? v.length : v instanceof Unknown ? v : new Unknown("an Fn::Length of a non-list");
      }
      case "Fn::ImportValue":
        return new Unknown("Fn::ImportValue is a value exported by another stack, known only at deploy");
      case "Fn::GetAZs":
      case "Fn::Cidr":
      case "Fn::Transform":
        return new Unknown(`${name} is evaluated by CloudFormation at deploy`);
      default:
        return new Unknown(`${name} is not an intrinsic function this tool evaluates`);
    }
  }

  private sub(template: unknown, variables: Record<string, unknown>): Resolved {
    if (typeof template !== "string") return new Unknown("an Fn::Sub template is not a string");
    let unknown: Unknown | undefined;
    const text = template.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      let value: Resolved;
      if (Object.hasOwn(variables, name)) value = this.value(variables[name]);
      else if (name.includes(".") && !name.startsWith("AWS::")) value = this.fn("Fn::GetAtt", name);
      else value = this.ref(name);
      const piece = this.text(value, `\${${name}}`);
      if (piece instanceof Unknown) {
        unknown ??= piece;
        return whole;
      }
      return piece;
    });
    return unknown ?? text;
  }
}
