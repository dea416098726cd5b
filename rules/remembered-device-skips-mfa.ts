import { boolean, defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { MFA_MODE_UNKNOWN, mfaActive, mfaMode } from "../src/cognito/mfa.js";

export default defineConfigRule({
  id: "remembered-device-skips-mfa",
  resourceType: "userPool",
  severity: "medium",
  title: "Remembered devices sign in without MFA",
  rationale:
    "With ChallengeRequiredOnNewDevice true, a device that Amazon Cognito remembers signs in with device authentication instead of the SMS or TOTP second factor. The device key and secret live in the app's storage on the device: whoever copies them (malware, a script reading browser storage, a shared or stolen computer) needs only the password. Remembered devices stay remembered until the app or the user forgets them, and when devices are remembered without asking the user (DeviceOnlyRememberedOnUserPrompt false) every device a user ever signs in on becomes one.",
  remediation:
    "Set DeviceConfiguration.ChallengeRequiredOnNewDevice to false (devices are still tracked, MFA is always asked), or at least DeviceOnlyRememberedOnUserPrompt to true and forget devices after a fixed period (AdminForgetDevice).",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceConfigurationType.html"],
  options: {
    allowUserPrompt: boolean({
      default: false,
      description: "Accept MFA bypass on devices that users chose to remember (DeviceOnlyRememberedOnUserPrompt true); only automatic remembering fails.",
    }),
  },
  messages: {
    always: "MFA is {{mfa}} but every device a user confirms is remembered and then signs in without the second factor.",
    onPrompt: "MFA is {{mfa}} but devices that users choose to remember sign in without the second factor.",
  },
  check({ pool }, options) {
    const mfa = mfaMode(pool.entry);
    if (mfa === undefined) return notEvaluated(MFA_MODE_UNKNOWN);
    // With MFA OFF there is no second factor to skip: mfa-required reports that.
    if (!mfaActive(mfa)) return null;
    const device = pool.entry.userPool.DeviceConfiguration;
    // DescribeUserPool returns no DeviceConfiguration when the pool does not remember devices.
    if (!device) return pass({ MfaConfiguration: mfa, DeviceConfiguration: null });
    const evidence = {
      MfaConfiguration: mfa,
      ChallengeRequiredOnNewDevice: device.ChallengeRequiredOnNewDevice ?? false,
      DeviceOnlyRememberedOnUserPrompt: device.DeviceOnlyRememberedOnUserPrompt ?? false,
    };
    if (!evidence.ChallengeRequiredOnNewDevice) return pass(evidence);
    if (!evidence.DeviceOnlyRememberedOnUserPrompt) return fail({ messageId: "always", data: { mfa }, evidence });
    if (options.allowUserPrompt) return pass(evidence);
    return fail({ messageId: "onPrompt", data: { mfa }, evidence, severity: "low" });
  },
});
