import rule from "../../rules/remembered-device-skips-mfa.js";
import type { UserPool } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withDevices = (DeviceConfiguration: UserPool["DeviceConfiguration"], MfaConfiguration: UserPool["MfaConfiguration"] = "ON") =>
  poolEntry({ userPool: userPool({ DeviceConfiguration, MfaConfiguration }) });

testRule(rule, {
  valid: [
    { name: "devices not remembered", entry: withDevices(undefined), evidence: { MfaConfiguration: "ON", DeviceConfiguration: null } },
    {
      name: "devices tracked, MFA still asked",
      entry: withDevices({ ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false }),
      evidence: { MfaConfiguration: "ON", ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
    },
    { name: "only DeviceOnlyRememberedOnUserPrompt set", entry: withDevices({ DeviceOnlyRememberedOnUserPrompt: true }) },
    {
      name: "user opt-in accepted by option",
      entry: withDevices({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true }),
      options: { allowUserPrompt: true },
    },
  ],
  invalid: [
    {
      name: "every confirmed device skips MFA",
      entry: withDevices({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false }),
      messageId: "always",
      severity: "medium",
      data: { mfa: "ON" },
    },
    {
      name: "DeviceOnlyRememberedOnUserPrompt absent means devices are remembered at once",
      entry: withDevices({ ChallengeRequiredOnNewDevice: true }, "OPTIONAL"),
      messageId: "always",
      data: { mfa: "OPTIONAL" },
      evidence: { DeviceOnlyRememberedOnUserPrompt: false },
    },
    {
      name: "devices users choose to remember skip MFA",
      entry: withDevices({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true }),
      messageId: "onPrompt",
      severity: "low",
    },
  ],
  notApplicable: [{ name: "MFA OFF: nothing to skip", entry: withDevices({ ChallengeRequiredOnNewDevice: true }, "OFF") }],
  notEvaluated: [
    {
      name: "MFA mode unknown",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: undefined, DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } }), mfaConfig: {} }),
      reason: /MfaConfiguration/,
    },
  ],
});
