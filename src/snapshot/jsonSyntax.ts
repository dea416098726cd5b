// Where JSON text goes wrong, described without quoting it: JSON.parse's messages echo the file's
// bytes (terminal escapes included) and give no position for some errors.

import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from "./jsonBytes.js";

export interface JsonSyntaxError {
  /** Offset in the text (UTF-16 code units). */
  offset: number;
  reason: string;
}

/** U+001B: names a character without printing it. */
const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
const isBlank = (ch: number) => ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;
const isDigit = (ch: number) => ch >= 0x30 && ch <= 0x39;
const isHex = (ch: number) => isDigit(ch) || (ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66);
const ESCAPES = new Set(Array.from("\"\\/bfnrt", (c) => c.charCodeAt(0)));
const LITERALS: Record<number, string> = { 0x74: "true", 0x66: "false", 0x6e: "null" };

/** What the checker expects next. */
type State =
  | "value"
  | "afterValue"
  | "key"
  | "colon"
  | "openObject"
  | "openArray"
  | "string"
  | "escape"
  | "unicode"
  | "literal"
  // Numbers (RFC 8259 grammar): after "-", after a leading 0, in the integer, after ".", in the
  // fraction, after "e", after its sign, in the exponent.
  | "minus"
  | "zero"
  | "integer"
  | "dot"
  | "fraction"
  | "exponent"
  | "exponentSign"
  | "exponentDigits";

/**
 * Finds the first syntax error of JSON text (RFC 8259) fed in pieces of any size: a file of any
 * size is checked without being one string. Iterative, so deep nesting cannot exhaust the stack.
 * Offsets count UTF-16 code units of the whole text; a piece may end anywhere but inside a
 * surrogate pair.
 */
export class JsonSyntaxChecker {
  private offset = 0;
  private state: State = "value";
  private inKey = false;
  /** Open containers, true for objects. */
  private readonly containers: boolean[] = [];
  /** Where the current string escape, literal or number began, and how far it got. */
  private start = 0;
  private progress = 0;
  private literal = "";
  /** The first character of a number that is not part of it yet ("1." or "1e"), or -1. */
  private pending = -1;
  private pendingOffset = 0;
  private error: JsonSyntaxError | undefined;
  private line = 1;
  private lineStart = 0;
  /** Line and column (both from 1) of the error, once there is one. */
  position: { line: number; column: number } | undefined;

  /** Checks the next piece; false once an error is found (the rest need not be fed). */
  feed(text: string): boolean {
    for (let i = 0; i < text.length && !this.error; i++) {
      const ch = text.charCodeAt(i);
      this.step(ch, text, i);
      if (!this.error && ch === 0x0a) {
        this.line++;
        this.lineStart = this.offset + 1;
      }
      this.offset++;
    }
    return !this.error;
  }

  /** The first error of everything fed, or undefined when it is valid JSON. */
  end(): JsonSyntaxError | undefined {
    if (this.error) return this.error;
    switch (this.state) {
      case "unicode":
        return this.fail(this.start + 1, "invalid escape sequence in a string");
      case "literal":
        return this.fail(this.start, `expected a value, found character ${codePoint(this.literal.charCodeAt(0))}`);
      case "minus":
        return this.fail(this.start, "expected a value, found character U+002D");
      case "dot":
      case "exponent":
      case "exponentSign":
        return this.afterValue(this.pending, this.pendingOffset);
      case "zero":
      case "integer":
      case "fraction":
      case "exponentDigits":
      case "afterValue":
        return this.containers.length > 0 ? this.fail(this.offset, "") : undefined;
      default:
        return this.fail(this.offset, "");
    }
  }

  private fail(offset: number, reason: string, atEnd = false): JsonSyntaxError {
    this.error = { offset, reason: atEnd ? "unexpected end of input" : reason || "unexpected end of input" };
    // The error may sit before the current line (a number's pending "." was on it, though).
    this.position = { line: this.line, column: offset - this.lineStart + 1 };
    return this.error;
  }

  private found(ch: number, text: string, i: number): string {
    // A character outside the Basic Multilingual Plane is named whole, as String#codePointAt does.
    const code = ch >= 0xd800 && ch <= 0xdbff && i + 1 < text.length ? text.codePointAt(i)! : ch;
    return `character ${codePoint(code)}`;
  }

  private step(ch: number, text: string, i: number): void {
    switch (this.state) {
      case "string":
        if (ch === QUOTE) {
          if (this.inKey) this.state = "colon";
          else this.valueDone();
        } else if (ch < 0x20) this.fail(this.offset, `control character ${codePoint(ch)} inside a string (escape it)`);
        else if (ch === BACKSLASH) {
          this.start = this.offset;
          this.state = "escape";
        }
        return;
      case "escape":
        if (ESCAPES.has(ch)) this.state = "string";
        else if (ch === 0x75) {
          this.state = "unicode";
          this.progress = 0;
        } else this.fail(this.start + 1, "invalid escape sequence in a string");
        return;
      case "unicode":
        if (!isHex(ch)) this.fail(this.start + 1, "invalid escape sequence in a string");
        else if (++this.progress === 4) this.state = "string";
        return;
      case "literal":
        if (ch !== this.literal.charCodeAt(this.progress)) this.fail(this.start, `expected a value, found character ${codePoint(this.literal.charCodeAt(0))}`);
        else if (++this.progress === this.literal.length) this.valueDone();
        return;
      case "minus":
        if (ch === 0x30) this.state = "zero";
        else if (isDigit(ch)) this.state = "integer";
        else this.fail(this.start, "expected a value, found character U+002D");
        return;
      case "zero":
      case "integer":
        if (this.state === "integer" && isDigit(ch)) return;
        if (ch === 0x2e) this.pend("dot", ch);
        else if (ch === 0x65 || ch === 0x45) this.pend("exponent", ch);
        else this.numberDone(ch, text, i);
        return;
      case "dot":
        if (isDigit(ch)) this.state = "fraction";
        else this.afterValue(this.pending, this.pendingOffset);
        return;
      case "fraction":
        if (isDigit(ch)) return;
        if (ch === 0x65 || ch === 0x45) this.pend("exponent", ch);
        else this.numberDone(ch, text, i);
        return;
      case "exponent":
        if (ch === 0x2b || ch === 0x2d) this.state = "exponentSign";
        else if (isDigit(ch)) this.state = "exponentDigits";
        else this.afterValue(this.pending, this.pendingOffset);
        return;
      case "exponentSign":
        if (isDigit(ch)) this.state = "exponentDigits";
        else this.afterValue(this.pending, this.pendingOffset);
        return;
      case "exponentDigits":
        if (!isDigit(ch)) this.numberDone(ch, text, i);
        return;
      default:
    }
    if (isBlank(ch)) return;
    switch (this.state) {
      case "value":
        this.value(ch, text, i);
        return;
      case "openObject":
        if (ch === CLOSE_OBJECT) this.valueDone();
        else {
          this.containers.push(true);
          this.state = "key";
          this.step(ch, text, i);
        }
        return;
      case "openArray":
        if (ch === CLOSE_ARRAY) this.valueDone();
        else {
          this.containers.push(false);
          this.state = "value";
          this.step(ch, text, i);
        }
        return;
      case "key":
        if (ch === QUOTE) {
          this.state = "string";
          this.inKey = true;
        } else this.fail(this.offset, `expected a property name in double quotes, found ${this.found(ch, text, i)}`);
        return;
      case "colon":
        if (ch === 0x3a) this.state = "value";
        else this.fail(this.offset, `expected ":" after a property name, found ${this.found(ch, text, i)}`);
        return;
      case "afterValue":
        this.afterValue(ch, this.offset, text, i);
        return;
      default:
    }
  }

  private value(ch: number, text: string, i: number): void {
    this.start = this.offset;
    if (ch === OPEN_OBJECT) this.state = "openObject";
    else if (ch === OPEN_ARRAY) this.state = "openArray";
    else if (ch === QUOTE) {
      this.state = "string";
      this.inKey = false;
    } else if (LITERALS[ch]) {
      this.state = "literal";
      this.literal = LITERALS[ch]!;
      this.progress = 1;
    } else if (ch === 0x2d) this.state = "minus";
    else if (ch === 0x30) this.state = "zero";
    else if (isDigit(ch)) this.state = "integer";
    else this.fail(this.offset, `expected a value, found ${this.found(ch, text, i)}`);
  }

  /** A "." or "e" that may start more of the number; until it does, it is not part of it. */
  private pend(state: State, ch: number): void {
    this.state = state;
    this.pending = ch;
    this.pendingOffset = this.offset;
  }

  private numberDone(ch: number, text: string, i: number): void {
    this.valueDone();
    if (!isBlank(ch)) this.afterValue(ch, this.offset, text, i);
  }

  private valueDone(): void {
    this.state = "afterValue";
  }

  /** What may follow a value: "," or the end of its container, or nothing at the top level. */
  private afterValue(ch: number, offset: number, text?: string, i = 0): JsonSyntaxError | undefined {
    this.state = "afterValue";
    const found = text ? this.found(ch, text, i) : `character ${codePoint(ch)}`;
    const inObject = this.containers.at(-1);
    if (inObject === undefined) return this.fail(offset, `unexpected ${found} after the JSON value`);
    if (ch === 0x2c) {
      this.state = inObject ? "key" : "value";
      return undefined;
    }
    if (ch === (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) {
      this.containers.pop();
      return undefined;
    }
    return this.fail(offset, `expected "," or "${inObject ? "}" : "]"}", found ${found}`);
  }
}

/** The first syntax error of `text` (RFC 8259), or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const checker = new JsonSyntaxChecker();
  checker.feed(text);
  return checker.end();
}

/** Line and column (both from 1) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
}
