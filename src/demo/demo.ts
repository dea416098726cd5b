// `npm run demo`: a real scan, over HTTP, of a local Cognito emulator seeded with example pools.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../package.js";
import { startEmulator } from "./emulator.js";
import { DEMO_REGION, demoClients, demoPools } from "./pools.js";

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  say("demo: starting cognito-local with three example user pools (a hardened admin portal, a staff incident-reporting app, a legacy mobile app)...");
  const emulator = await startEmulator({ pools: demoPools, clients: demoClients });
  try {
    say(`demo: emulator listening on ${emulator.endpoint}; running: cognito-audit scan --endpoint-url ${emulator.endpoint} --region ${DEMO_REGION}\n`);
    const args = [join(PACKAGE_ROOT, "bin", "cognito-audit.js"), "scan", "--endpoint-url", emulator.endpoint, "--region", DEMO_REGION, "--format", "table"];
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        stdio: "inherit",
        env: {
          ...process.env,
          // The emulator accepts any credentials; these keep the SDK from looking for real ones.
          AWS_ACCESS_KEY_ID: "demo",
          AWS_SECRET_ACCESS_KEY: "demo",
          AWS_SESSION_TOKEN: "",
          AWS_PROFILE: "",
          ...(process.stdout.isTTY && process.env.NO_COLOR === undefined ? { FORCE_COLOR: "1" } : {}),
        },
      });
      child.on("error", reject);
      child.on("exit", (exitCode) => resolve(exitCode ?? 2));
    });
    const meaning: Record<number, string> = {
      0: "the gate passed",
      1: "the gate failed: there are findings at or above --fail-on high, so a CI job would stop here",
      2: "an input or usage error",
      3: "the gate passed, but some checks could not be evaluated",
    };
    say(`\ndemo: cognito-audit exited with ${code} (${meaning[code] ?? "unexpected"}).`);
    say(
      "demo: the emulator does not implement threat protection, WAF, Lambda, identity providers, identity pools, CloudTrail or log delivery, and drops DeletionProtection and the feature plan; those checks show as not evaluated instead of passing.",
    );
    return code === 0 || code === 1 || code === 3 ? 0 : 1;
  } finally {
    await emulator.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`demo: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
