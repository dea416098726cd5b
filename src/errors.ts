/**
 * A problem with what the user gave us (arguments, a file, a configuration): reported as one
 * paragraph without a stack trace, exit code 2.
 */
export class InputError extends Error {
  override readonly name = "InputError";
}
