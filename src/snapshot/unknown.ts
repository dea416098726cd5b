// Values that are not known before deploy (a template's unresolved Ref, a parameter without a value,
// a Terraform plan's after_unknown). They sit in a snapshot built from infrastructure code as
// non-enumerable getters that throw when read: a rule that reads one is not evaluated with the
// reason (the runner catches it), a rule that does not read it is unaffected, and JSON output,
// spreads and Object.entries never see it.

/** Thrown by reading a value that is known only once the stack is deployed. */
export class UnknownValueError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "UnknownValueError";
  }
}

/** Makes `holder[key]` a value not known before deploy: reading it throws UnknownValueError(reason). */
export function defineUnknown(holder: object, key: string, reason: string): void {
  Object.defineProperty(holder, key, {
    enumerable: false,
    configurable: true,
    get() {
      throw new UnknownValueError(reason);
    },
  });
}
