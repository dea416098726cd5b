import { boolean, defineConfigRule, fail, pass } from "../src/engine/rule.js";
import { ONE_TIME_CODE_FACTORS, firstAuthFactors } from "../src/cognito/authFlows.js";

/** First factors that are more than a code sent to the user: a password or a passkey. */
const OTHER_FACTORS = ["PASSWORD", "WEB_AUTHN"];

const CHANNEL: Record<(typeof ONE_TIME_CODE_FACTORS)[number], string> = { SMS_OTP: "SMS (SIM swap, number porting)", EMAIL_OTP: "email (a compromised mailbox)" };

export default defineConfigRule({
  id: "one-time-code-sign-in",
  resourceType: "userPool",
  severity: "high",
  title: "A one-time code sent by SMS or email is all it takes to sign in",
  rationale:
    "When SMS_OTP or EMAIL_OTP are the only first factors, a user signs in with a code sent to their phone number or mailbox and nothing else: MFA in Cognito is a second factor after a password, and passwordless sign-in does not add one. An account is then exactly as safe as the phone number (SIM swap, number porting, SS7 interception) or the mailbox (reused mailbox password, forwarding rule, expired domain) it is tied to, and whoever takes either takes the account.",
  remediation:
    "Offer passkeys (WEB_AUTHN) or passwords with MFA as the way to sign in, and keep one-time codes as a fallback at most; in choice-based sign-in users, and attackers, choose among every allowed first factor.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignInPolicyType.html"],
  options: {
    alongsideOtherFactors: boolean({
      default: false,
      description:
        "Also fail, at medium, when one-time codes are allowed beside a password or passkey: in choice-based sign-in the attacker picks the code.",
    }),
  },
  messages: {
    only: "Users sign in with nothing but a one-time code by {{channels}}: taking over the channel takes over the account.",
    alongside: "Users can choose to sign in with nothing but a one-time code by {{channels}}, beside {{others}}: an attacker chooses the code.",
  },
  check({ pool }, options) {
    const { factors } = firstAuthFactors(pool.entry.userPool);
    const codes = ONE_TIME_CODE_FACTORS.filter((f) => factors.includes(f));
    const others = factors.filter((f) => OTHER_FACTORS.includes(f));
    const evidence = { AllowedFirstAuthFactors: factors };
    if (codes.length === 0) return pass(evidence);
    const channels = codes.map((c) => CHANNEL[c]).join(" or ");
    if (others.length === 0) return fail({ messageId: "only", data: { channels }, evidence });
    if (options.alongsideOtherFactors) return fail({ messageId: "alongside", data: { channels, others: others.join(" and ") }, evidence, severity: "medium" });
    return pass(evidence);
  },
});
