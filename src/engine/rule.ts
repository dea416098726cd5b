// What a rule is: metadata, an options schema with defaults, messages, and a pure check.
import type { PoolSection, RegionSection } from "../snapshot/types.js";
import type { AttributedEvent, Evidence, MessageData, OptionSchema, RuleContext, Verdict } from "./types.js";
export type { Evidence, MessageData, OptionSchema, RuleContext, Verdict } from "./types.js";
import type { ResourceKind, TargetOf } from "./resources.js";
import type { Severity } from "./severity.js";

export const pass = (evidence?: Evidence): Verdict<never> => ({ status: "pass", ...(evidence ? { evidence } : {}) });
export const fail = <M extends string>(
  messageId: M,
  data?: MessageData,
  evidence?: Evidence,
  severity?: Severity,
): Verdict<M> => ({ status: "fail", messageId, ...(data ? { data } : {}), ...(evidence ? { evidence } : {}), ...(severity ? { severity } : {}) });
export const notEvaluated = (reason: string): Verdict<never> => ({ status: "not_evaluated", reason });

export interface RuleDefinition<K extends ResourceKind, O extends object, M extends string> {
  /** Stable public id (CATALOG.md). */
  id: string;
  resourceType: K;
  /** Default severity; a verdict may raise or lower it where the catalog says so. */
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
  appliesTo?(target: TargetOf<K>): boolean;
  options?: { [P in keyof O]: OptionSchema };
  messages: Record<M, string>;
  /**
   * A configuration rule judges each resource from the snapshot. Method syntax on purpose: a client
   * rule is still a Rule in the registry's list.
   */
  check?(target: TargetOf<K>, options: O, context: RuleContext): Verdict<M> | null;
  /**
   * A behaviour rule judges CloudTrail events instead: `analyse` starts its state for one scan; the
   * events are observed once each, then `verdict` judges each resource. Without events it is
   * not_evaluated.
   */
  events?: {
    analyse(options: O, context: RuleContext): { observe(event: AttributedEvent): void; verdict(target: TargetOf<K>): Verdict<M> | null };
  };
}

export type Rule<K extends ResourceKind = ResourceKind> = RuleDefinition<K, Record<string, unknown>, string> & {
  /** The options with every default filled in. */
  defaultOptions: Record<string, unknown>;
  /** The JSON Schema of the rule's options object. */
  optionsSchema: object;
};

/** Declares a rule; typing ties the check's messageIds and options to the declaration. */
export function defineRule<K extends ResourceKind, O extends object = Record<string, never>, M extends string = string>(
  definition: RuleDefinition<K, O, M>,
): Rule<K> {
  const properties = (definition.options ?? {}) as Record<string, OptionSchema>;
  const defaultOptions = Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, schema.default]));
  return {
    ...(definition as unknown as RuleDefinition<K, Record<string, unknown>, string>),
    defaultOptions,
    optionsSchema: { type: "object", properties, additionalProperties: false },
  };
}

export { renderMessage } from "./messages.js";
