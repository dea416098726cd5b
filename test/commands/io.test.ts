import { describe, expect, it } from "vitest";
import { tell, warn, type CommandIo } from "../../src/commands/io.js";
import { startProgress } from "../../src/commands/progress.js";

function capture(isTTY = false): { io: CommandIo; text: () => string } {
  let text = "";
  const io: CommandIo = { stdout: { write: () => true }, stderr: { write: (s: string) => (text += s), isTTY }, env: {}, cwd: "/", now: () => new Date(0) };
  return { io, text: () => text };
}

describe("messages on stderr", () => {
  it("lose terminal control sequences and characters, one line each", () => {
    const { io, text } = capture();
    tell(io, "AccessDenied: \u001b]52;c;cGF5bG9hZA==\u0007user \u001b[1A\u001b[2Kx\u202etxt.exe\nsecond line\r");
    expect(text()).toBe("cognito-audit: AccessDenied: user xtxt.exe second line\n");
  });

  it("warnings too, and nothing at all with --quiet", () => {
    const { io, text } = capture();
    warn(io, false, "pool \u009b31mname");
    warn(io, true, "hidden");
    expect(text()).toBe("cognito-audit: pool 31mname\n");
  });

  it("progress keeps its own line control and strips the line's", () => {
    const { io, text } = capture(true);
    startProgress(io, false, { calls: 2, throttles: 1 })!.update("eu-west-1: collecting \u001b[31mpool\u0007");
    expect(text()).toBe("\r\u001b[2Keu-west-1: collecting pool · 2 call(s), 1 throttled");
  });
});
