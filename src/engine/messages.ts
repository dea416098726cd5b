// Rule messages with `{{placeholders}}`: each template is split once into its literal text and
// placeholders, so that a failure's message is a few concatenations instead of a regex replace.
import type { MessageData } from "./types.js";

/** Literal text and placeholders alternating: text, key, text, key, …, text. */
interface Compiled {
  texts: string[];
  keys: string[];
  /** Each placeholder as written, kept when the data has no value for it. */
  written: string[];
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  const result: Compiled = { texts: [], keys: [], written: [] };
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    result.texts.push(template.slice(last, match.index));
    result.keys.push(match[1]!);
    result.written.push(match[0]);
    last = match.index + match[0].length;
  }
  result.texts.push(template.slice(last));
  return result;
}

/** Fills the `{{placeholders}}` of a rule message; one without a value in `data` stays as written. */
export function renderMessage(template: string, data: MessageData = {}): string {
  let parts = compiled.get(template);
  if (!parts) {
    // Templates come from the rule registry (and tests): a handful of strings, never AWS data.
    parts = compile(template);
    compiled.set(template, parts);
  }
  let message = parts.texts[0]!;
  for (let i = 0; i < parts.keys.length; i++) {
    const key = parts.keys[i]!;
    message += (Object.hasOwn(data, key) ? String(data[key]) : parts.written[i]!) + parts.texts[i + 1]!;
  }
  return message;
}
