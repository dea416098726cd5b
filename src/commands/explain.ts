import { readFile } from "node:fs/promises";
import { findRule, RULES } from "../../rules/index.js";
import { SCORING_EXPLANATION } from "../engine/scoring.js";
import { InputError } from "../errors.js";
import { ruleDocPath } from "../package.js";
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
  const rule = findRule(options.ruleId);
  if (!rule) {
    const close = RULES.filter((r) => r.id.includes(options.ruleId!) || options.ruleId!.includes(r.id)).map((r) => r.id);
    throw new InputError(
      `explain: there is no rule ${JSON.stringify(options.ruleId)}${close.length ? `; did you mean ${close.join(", ")}?` : "; `cognito-audit rules` lists them."}`,
    );
  }
  io.stdout.write(await readFile(ruleDocPath(rule.id), "utf8"));
  return 0;
}
