// The engine's shared types: a leaf module (it imports no engine module), so rules, runner and the
// behaviour analysis can all depend on it without depending on each other.
import type { CognitoEvent } from "../cloudtrail/normalise.js";
import type { CollectionCause } from "../snapshot/sections.js";
import type { Severity } from "./severity.js";

export type Evidence = Record<string, unknown>;
export type MessageData = Record<string, string | number>;

export type Verdict<M extends string = string> =
  | { status: "pass"; evidence?: Evidence }
  | { status: "fail"; messageId: M; data?: MessageData; evidence?: Evidence; severity?: Severity }
  /** `cause`: the failed collection call, when that is why (set by the runner, not by rules). */
  | { status: "not_evaluated"; reason: string; cause?: CollectionCause };

/**
 * One option: a JSON Schema with a default and a description (the description is the docs). `T` is
 * the value a check receives; the builders in rule.ts make the schema and `T` agree.
 */
export interface OptionSchema<T = unknown> {
  type: "integer" | "number" | "string" | "boolean" | "array";
  description: string;
  default: T;
  [keyword: string]: unknown;
}

/** What a CloudTrail source that asked for some event sources only (LookupEvents) holds about one region. */
export interface EventCoverage {
  /** The event sources looked up in full (up to --max-events each), e.g. cognito-idp.amazonaws.com. */
  eventSources: readonly string[];
  /** Whether data events can be there at all (LookupEvents returns management events only). */
  dataEvents: boolean;
}

export interface RuleContext {
  /** The scan's clock: rules never read the system time. */
  now: Date;
  /**
   * Set when the CloudTrail source asked for some event sources only (LookupEvents, live or stored in
   * a snapshot): what it holds about a region of an account, undefined when it holds nothing there.
   * Absent for the trail's own log files (local, S3, Athena), which hold whatever the trail logged.
   */
  eventCoverage?: (where: { accountId: string; region: string }) => EventCoverage | undefined;
  /** Custom attributes the configuration declares as authorization inputs (config `authorizationAttributes`). */
  authorizationAttributes?: readonly string[];
}

/** An event with the user pool it concerns (found through its pool id or its app client). */
export interface AttributedEvent extends CognitoEvent {
  /** The pool's ARN, when the snapshot knows the pool; undefined for events about other pools. */
  poolArn?: string;
  /** cognito-identity events: the identity pool's ARN, when the snapshot knows the pool. */
  identityPoolArn?: string;
}

/** One behaviour rule's state over one scan's events; `M` are the rule's message ids. */
export interface EventAnalysis<T = unknown, M extends string = string> {
  observe(event: AttributedEvent): void;
  /** Judges one resource once every event was observed (the same targets as `check` gets). */
  verdict(target: T): Verdict<M> | null;
}

export interface RuleSettings {
  options: Record<string, unknown>;
  /** Replaces the rule's default severity (and any severity its verdicts choose). */
  severity?: Severity;
}

