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

  it("progress keeps its own line control and strips the text's", () => {
    const { io, text } = capture();
    const tally = { accounts: 1, accountsDone: 0, pairs: 1, pairsDone: 1, pairsListed: 1, pools: 0, poolsDone: 0 };
    startProgress(io, false, { stats: { calls: 2, throttles: 1 }, pace: () => 0 })!.update(tally, { region: "eu-west-1 \u001b[31mpool\u0007", pools: 0, calls: 2, throttles: 1, ms: 10 });
    expect(text()).toBe("cognito-audit: eu-west-1 pool: 0 pools, 2 calls, 1 throttled, 0.0 s\n");
  });
});
