import { describeAccess, emptyListSources, writableBy, type SchemaAttribute } from "../src/cognito/attributes.js";
import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import type { UserPool } from "../src/snapshot/types.js";

const CONTACT_ATTRIBUTES = ["email", "phone_number"] as const;

const lower = (values: readonly string[] | undefined) => (values ?? []).map((v) => v.toLowerCase());

/** Why the attribute matters: it identifies the user at sign-in, or Cognito verifies it on its own. */
function roles(userPool: UserPool, attribute: string): string[] {
  const why: string[] = [];
  if (lower(userPool.UsernameAttributes).includes(attribute)) why.push("sign-in identifier (UsernameAttributes)");
  if (lower(userPool.AliasAttributes).includes(attribute)) why.push("sign-in alias (AliasAttributes)");
  if (lower(userPool.AutoVerifiedAttributes).includes(attribute)) why.push("auto-verified (AutoVerifiedAttributes)");
  return why;
}

/** The standard attribute as the schema declares it; standard attributes are mutable unless the schema says otherwise. */
function schemaAttribute(userPool: UserPool, name: string): SchemaAttribute {
  const declared = (userPool.SchemaAttributes ?? []).find((a) => a.Name?.toLowerCase() === name);
  return { name, mutable: declared?.Mutable !== false, developerOnly: declared?.DeveloperOnlyAttribute === true };
}

export default defineConfigRule({
  id: "unverified-contact-update",
  resourceType: "userPool",
  severity: "high",
  title: "Email or phone changes take effect before they are verified",
  rationale:
    "When a user changes an email address or phone number that identifies them or is auto-verified, and the pool does not keep the old value until the new one is verified, the new, unproven value is live at once: in the ID token's email or phone_number claim, as a sign-in identifier, and as the destination of recovery codes. A user (or whoever holds their session) can claim somebody else's address, and apps or federation links that trust the claim confuse the two accounts; a typo locks the owner out.",
  remediation:
    "Add email and phone_number to UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate (they must also be auto-verified), or remove the attributes from the WriteAttributes of every app client.",
  anchors: ["Pacu cognito__attack", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-email-phone-verification.html"],
  requires: ["clients"],
  messages: {
    unverifiedUpdate:
      "{{attributes}} can be changed by users through {{clients}} and the new value takes effect before it is verified (not in AttributesRequireVerificationBeforeUpdate).",
  },
  check({ pool }) {
    const userPool = pool.entry.userPool;
    const clients = pool.entry.clients ?? [];
    const exposed = CONTACT_ATTRIBUTES.flatMap((name) => {
      const why = roles(userPool, name);
      if (why.length === 0) return [];
      const writers = writableBy(clients, schemaAttribute(userPool, name));
      return writers.length > 0 ? [{ name, why, writers }] : [];
    });
    // Nothing a user can change that matters: the update setting is irrelevant.
    if (exposed.length === 0) {
      return pass({
        attributes: CONTACT_ATTRIBUTES.map((name) => ({ attribute: name, role: roles(userPool, name), writableBy: describeAccess(writableBy(clients, schemaAttribute(userPool, name)), "WriteAttributes") })),
      });
    }
    const settings = userPool.UserAttributeUpdateSettings;
    if (settings === undefined) {
      return notEvaluated(
        "DescribeUserPool did not report UserAttributeUpdateSettings (AWS always does; emulators drop it), so it is unknown whether email/phone changes need verification first",
      );
    }
    const guarded = lower(settings.AttributesRequireVerificationBeforeUpdate);
    const details = exposed.map(({ name, why, writers }) => ({
      attribute: name,
      role: why,
      writableBy: describeAccess(writers, "WriteAttributes"),
      requiresVerificationBeforeUpdate: guarded.includes(name),
    }));
    // email and phone_number are standard attributes: a client without a WriteAttributes list writes them, as AWS documents.
    const byDefault = exposed.some(({ writers }) => writers.some((w) => w.via === "default"));
    const evidence = {
      AttributesRequireVerificationBeforeUpdate: settings.AttributesRequireVerificationBeforeUpdate ?? [],
      attributes: details,
      ...(byDefault ? { emptyWriteAttributes: emptyListSources("WriteAttributes").awsApiReference } : {}),
    };
    const unguarded = exposed.filter(({ name }) => !guarded.includes(name));
    if (unguarded.length === 0) return pass(evidence);
    const writerNames = [...new Set(unguarded.flatMap(({ writers }) => writers.map((w) => w.clientName)))];
    const clientList = writerNames.length > 3 ? `${writerNames.slice(0, 3).join(", ")} and ${writerNames.length - 3} more app client(s)` : writerNames.join(", ");
    const unlisted = unguarded.some(({ writers }) => writers.some((w) => w.via === "default"));
    return fail({
      messageId: "unverifiedUpdate",
      data: {
        attributes: unguarded.map(({ name }) => name).join(" and "),
        clients: `app client(s) ${clientList}${unlisted ? " (a client without a WriteAttributes list writes the standard attributes, these included)" : ""}`,
      },
      evidence,
    });
  },
});
