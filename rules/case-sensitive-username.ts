import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "case-sensitive-username",
  resourceType: "userPool",
  severity: "low",
  title: "Usernames are case-sensitive",
  rationale:
    "In a case-sensitive pool, Alice@example.com and alice@example.com are two different users: duplicate accounts, look-alike impersonation, users who cannot sign in because of a capital letter, and applications that assume one account per address (and compare case-insensitively) mixing two people's data.",
  remediation:
    "Case sensitivity can only be chosen when a pool is created: create a new pool with UsernameConfiguration CaseSensitive false and migrate users to it (bulk import or a UserMigration trigger), resolving duplicate usernames first.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-case-sensitivity.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UsernameConfigurationType.html"],
  messages: {
    caseSensitive: "UsernameConfiguration.CaseSensitive is true: usernames that differ only in case are different users.",
    legacy: "The pool reports no UsernameConfiguration (created before the setting existed, or through an API call that omitted it): usernames are case-sensitive.",
  },
  check({ pool }) {
    const configuration = pool.entry.userPool.UsernameConfiguration;
    if (configuration === undefined) return fail({ messageId: "legacy", evidence: { UsernameConfiguration: null, caseSensitive: true } });
    // CaseSensitive is required when the configuration is given; AWS documents true as the default.
    const caseSensitive = configuration.CaseSensitive !== false;
    const evidence = { UsernameConfiguration: { CaseSensitive: configuration.CaseSensitive ?? null }, caseSensitive };
    return caseSensitive ? fail({ messageId: "caseSensitive", evidence }) : pass(evidence);
  },
});
