// What a rule is: metadata, typed options with defaults, messages, and a pure judgement. The rule
// module is the source of truth: docs/rules.md and the option tables of the doc pages are
// generated from it, and config validation uses its options schema.
import type { PoolSection, RegionSection } from "../snapshot/types.js";
import type { EventAnalysis, Evidence, MessageData, OptionSchema, RuleContext, Verdict } from "./types.js";
export type { Evidence, MessageData, OptionSchema, RuleContext, Verdict } from "./types.js";
import type { TargetOf } from "./resources.js";
import type { ResourceKind } from "../snapshot/identifiers.js";
import type { Severity } from "./severity.js";

/** What a failed check reports: one of the rule's messages, its placeholders' values, the evidence. */
export interface Failure<M extends string> {
  messageId: M;
  data?: MessageData;
  evidence?: Evidence;
  /** Raises or lowers the rule's default severity for this resource, where the doc page says so. */
  severity?: Severity;
}

export const pass = (evidence?: Evidence): Verdict<never> => ({ status: "pass", ...(evidence ? { evidence } : {}) });
/**
 * M comes from where the verdict goes (the check's or the analysis' return type, so from the
 * rule's `messages`), never from the argument: a messageId the rule lacks is an error right here.
 * So return a failure where it is made: kept in a variable first it is a Verdict<string>, which no check may return.
 */
export const fail = <M extends string>({ messageId, data, evidence, severity }: Failure<NoInfer<M>>): Verdict<M> => ({
  status: "fail",
  messageId,
  ...(data ? { data } : {}),
  ...(evidence ? { evidence } : {}),
  ...(severity ? { severity } : {}),
});
export const notEvaluated = (reason: string): Verdict<never> => ({ status: "not_evaluated", reason });

// Option builders: each one is the JSON Schema of an option and fixes the type the check receives.
interface OptionSpec<T> {
  default: T;
  /** The option's documentation: the doc page's option table is generated from it. */
  description: string;
}
interface NumberSpec extends OptionSpec<number> {
  minimum?: number;
  maximum?: number;
}
export const integer = (spec: NumberSpec): OptionSchema<number> => ({ type: "integer", ...spec });
export const number = (spec: NumberSpec): OptionSchema<number> => ({ type: "number", ...spec });
export const boolean = (spec: OptionSpec<boolean>): OptionSchema<boolean> => ({ type: "boolean", ...spec });
/** A list of non-empty strings (principal ARNs, IP ranges, …). */
export const stringList = (spec: OptionSpec<string[]>): OptionSchema<string[]> => ({ type: "array", items: { type: "string", minLength: 1 }, ...spec });

type OptionSchemas = Record<string, OptionSchema>;
/** The options object a check receives: every option, its default filled in. */
export type OptionsOf<S extends OptionSchemas> = { -readonly [P in keyof S]: S[P]["default"] };

/** What every rule is, as declared and as registered. */
interface RuleBasics<K extends ResourceKind> {
  /** Stable public id: the module's file name and its doc page's. */
  id: string;
  resourceType: K;
  /** Default severity; a failure may raise or lower it where the doc page says so. */
  severity: Severity;
  /** States the condition found, e.g. "MFA is not required". */
  title: string;
  /** Why it matters, in a paragraph. */
  rationale: string;
  /** How to fix it, in a sentence or two (the doc page has the commands). */
  remediation: string;
  /** Where the check also appears: FSBP control ids, other scanners. */
  anchors: string[];
  /**
   * Snapshot sections the check reads (of the pool, or of the region for region-level rules);
   * missing ones make it not_evaluated. `userPool` is always there.
   */
  requires?: (PoolSection | RegionSection)[];
  /**
   * Whether the rule judges this resource at all, from data that is always there; checked before
   * `requires`, so a rule that does not apply never becomes not_evaluated for lack of data.
   */
  // Method syntax on purpose, here and below: a client rule is still a Rule in the registry's list.
  appliesTo?(target: TargetOf<K>): boolean;
}

/** What every rule declares. `M` (the message ids) is inferred from `messages` alone. */
interface RuleMeta<K extends ResourceKind, S extends OptionSchemas, M extends string> extends RuleBasics<K> {
  /** Built with integer(), number(), boolean(), stringList(): they type the check's options. */
  options?: S;
  messages: Record<M, string>;
}

export interface ConfigRuleDefinition<K extends ResourceKind, S extends OptionSchemas, M extends string> extends RuleMeta<K, S, M> {
  /** Judges one resource from the snapshot; null when the resource is not the rule's business. */
  check(target: TargetOf<K>, options: OptionsOf<S>, context: RuleContext): Verdict<NoInfer<M>> | null;
  events?: never;
}

export interface EventRuleDefinition<K extends ResourceKind, S extends OptionSchemas, M extends string> extends RuleMeta<K, S, M> {
  /**
   * Judges CloudTrail events instead of the configuration: `analyse` starts the rule's state for
   * one scan; the events are observed once each, then `verdict` judges each resource. Without
   * events the rule is not_evaluated.
   */
  events: { analyse(options: OptionsOf<S>, context: RuleContext): EventAnalysis<TargetOf<K>, NoInfer<M>> };
  check?: never;
}

/** A declared rule, as the runner, the config loader and the docs read it. */
interface RuleInfo<K extends ResourceKind> extends RuleBasics<K> {
  messages: Readonly<Record<string, string>>;
  /** The options with every default filled in. */
  defaultOptions: Record<string, unknown>;
  /** The JSON Schema of the rule's options object. */
  optionsSchema: object;
}
export interface ConfigRule<K extends ResourceKind = ResourceKind> extends RuleInfo<K> {
  kind: "config";
  check(target: TargetOf<K>, options: Record<string, unknown>, context: RuleContext): Verdict | null;
  events?: undefined;
}
export interface EventRule<K extends ResourceKind = ResourceKind> extends RuleInfo<K> {
  kind: "event";
  events: { analyse(options: Record<string, unknown>, context: RuleContext): EventAnalysis<TargetOf<K>> };
  check?: undefined;
}
export type Rule<K extends ResourceKind = ResourceKind> = ConfigRule<K> | EventRule<K>;

// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- no options: the empty record on purpose
type NoOptions = Record<never, OptionSchema>;

/** The declaration without its option builders, plus the defaults and schema they make. */
function ruleInfo<K extends ResourceKind>(definition: RuleMeta<K, OptionSchemas, string>): RuleInfo<K> {
  const { options: properties = {}, ...info } = definition;
  const defaultOptions = Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, schema.default]));
  return { ...info, defaultOptions, optionsSchema: { type: "object", properties, additionalProperties: false } };
}

/** Declares a rule that judges the configuration; the check's options and message ids are typed from the declaration. */
export function defineConfigRule<K extends ResourceKind, S extends OptionSchemas = NoOptions, M extends string = never>(
  definition: ConfigRuleDefinition<K, S, M>,
): ConfigRule<K> {
  // For JavaScript callers: the types already refuse a rule with both or neither.
  if (typeof definition.check !== "function" || definition.events !== undefined) throw new TypeError(`rule ${definition.id}: a configuration rule has a check and no events`);
  return {
    ...ruleInfo(definition as unknown as RuleMeta<K, OptionSchemas, string>),
    kind: "config", // eslint-disable-next-line @typescript-eslint/unbound-method -- checks are plain functions; method syntax only keeps rule kinds assignable
    check: definition.check,
  };
}

/** Declares a rule that judges CloudTrail events; typed like defineConfigRule. */
export function defineEventRule<K extends ResourceKind, S extends OptionSchemas = NoOptions, M extends string = never>(
  definition: EventRuleDefinition<K, S, M>,
): EventRule<K> {
  if (typeof definition.events?.analyse !== "function" || definition.check !== undefined) throw new TypeError(`rule ${definition.id}: an event rule has events and no check`);
  return { ...ruleInfo(definition as unknown as RuleMeta<K, OptionSchemas, string>), kind: "event", events: definition.events };
}
