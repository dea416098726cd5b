// Every string that came from AWS is hostile: a pool name can carry terminal escape sequences.

// ESC-introduced sequences (CSI, OSC, …), then any remaining C0/C1 control character and DEL.
const ESCAPE_SEQUENCE = /\u001b(\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(\u0007|\u001b\\)?|[@-_])/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal control sequences and characters but keeps tabs and line breaks (multi-line text such as usage). */
export function withoutControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL, "");
}

/** Removes terminal control sequences and characters; keeps tabs and newlines as spaces. */
export function terminalSafe(text: string): string {
  return withoutControls(text).replace(/[\t\n]/g, " ");
}
