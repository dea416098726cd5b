import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "user-migration-trigger",
  resourceType: "trigger",
  severity: "low",
  title: "A user migration trigger receives plaintext passwords",
  rationale:
    "Cognito calls the UserMigration trigger with the username and the plaintext password the user just typed, for every sign-in of a user the pool does not know yet and for every forgotten-password request. The function, its logs, its dependencies and everyone who can update its code see those passwords, and it keeps checking credentials against the legacy user store. It is meant to run during a migration, not forever.",
  remediation: "Once the active users have moved, bulk-import or reset the rest, then remove UserMigration from LambdaConfig and retire the function; until then, keep it free of password logging and restrict who can update it.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html"],
  messages: {
    migration: "{{name}} serves the UserMigration trigger: it receives users' plaintext passwords; remove it once the migration is done.",
  },
  check({ functionArn, triggers, fn }) {
    // Functions that serve only other triggers never receive passwords.
    if (!triggers.includes("UserMigration")) return pass({ functionArn, triggers });
    const configuration = fn?.configuration;
    return fail({
      messageId: "migration",
      data: { name: configuration?.FunctionName ?? functionArn.split(":")[6] ?? functionArn },
      evidence: {
        functionArn,
        triggers,
        ...(configuration?.LastModified ? { functionLastModified: configuration.LastModified } : {}),
      },
    });
  },
});
