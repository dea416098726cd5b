import { readFile } from "node:fs/promises";
import { findRule, RULES } from "../../rules/index.js";
import { SCORING_EXPLANATION } from "../engine/scoring.js";
import { InputError } from "../errors.js";
import { ruleDocPath, withoutDocMarkers } from "../package.js";
import { didYouMean, matchName } from "../suggest.js";
import type { CommandIo } from "./io.js";

export interface ExplainOptions {
  ruleId?: string;
  scoring: boolean;
}

export async function explain(options: ExplainOptions, io: CommandIo): Promise<number> {
  if (options.scoring) {
    io.stdout.write(`${SCORING_EXPLANATION}\n`);
    return 0;
  }
  if (!options.ruleId) throw new InputError("explain: give a rule id (see `cognito-audit rules`) or --scoring.");
  const ids = RULES.map((r) => r.id);
  const rule = findRule(matchName(options.ruleId, ids) ?? "");
  if (!rule) {
    throw new InputError(`explain: unknown rule ${JSON.stringify(options.ruleId)}${didYouMean(options.ruleId, ids)}; \`cognito-audit rules\` lists them.`);
  }
  io.stdout.write(withoutDocMarkers(await readFile(ruleDocPath(rule.id), "utf8")));
  return 0;
}
