// The explicit rule registry, sorted by id. Nothing is discovered by scanning folders.
import type { Rule } from "../src/engine/rule.js";
import accessTokenValidity from "./access-token-validity.js";
import callbackUrlInsecure from "./callback-url-insecure.js";
import deletionProtection from "./deletion-protection.js";
import implicitGrant from "./implicit-grant.js";
import mfaRequired from "./mfa-required.js";
import refreshTokenValidity from "./refresh-token-validity.js";
import secretInCustomAttribute from "./secret-in-custom-attribute.js";
import selfSignupEnabled from "./self-signup-enabled.js";
import tokenRevocation from "./token-revocation.js";
import userExistenceErrors from "./user-existence-errors.js";

export const RULES: readonly Rule[] = [
  accessTokenValidity,
  callbackUrlInsecure,
  deletionProtection,
  implicitGrant,
  mfaRequired,
  refreshTokenValidity,
  secretInCustomAttribute,
  selfSignupEnabled,
  tokenRevocation,
  userExistenceErrors,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
