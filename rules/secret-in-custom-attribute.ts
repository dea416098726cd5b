import { customAttributes, describeAccess, readableBy } from "../src/cognito/attributes.js";
import { matchNamePattern } from "../src/cognito/names.js";
import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

const SECRET_WORDS = ["secret", "password", "passwd", "pwd", "token", "apikey", "privatekey", "credential", "credentials", "ssn", "cardnumber", "cvv"];

export default defineConfigRule({
  id: "secret-in-custom-attribute",
  resourceType: "userPool",
  severity: "high",
  title: "A custom attribute looks like it stores a secret",
  rationale:
    "User attributes are not a secret store: they are returned by GetUser and AdminGetUser, exported by ListUsers, and every attribute a client may read is written in plain text into the ID token that the browser or app holds.",
  remediation: "Move the value to a secret store (AWS Secrets Manager, a KMS-encrypted table) keyed by the user's sub, then remove it from ReadAttributes and stop writing it.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html"],
  messages: {
    secret: "Custom attribute {{attribute}} looks like a secret ({{word}}); readable through {{readers}}.",
  },
  check({ pool }) {
    const clients = pool.entry.clients;
    const suspects = customAttributes(pool.entry.userPool).flatMap((attribute) => {
      const word = matchNamePattern(attribute.name, SECRET_WORDS);
      return word ? [{ attribute, word }] : [];
    });
    if (suspects.length === 0) return pass();
    const details = suspects.map(({ attribute, word }) => ({
      attribute: attribute.name,
      matched: word,
      readableBy: clients ? describeAccess(readableBy(clients, attribute), "ReadAttributes") : "unknown: app clients were not collected",
    }));
    const first = details[0]!;
    const readers = Array.isArray(first.readableBy)
      ? first.readableBy.length > 0
        ? `${first.readableBy.length} app client(s) and their ID tokens`
        : "no app client (IAM only)"
      : "unknown app clients";
    return fail({ messageId: "secret", data: { attribute: first.attribute, word: first.matched, readers }, evidence: { attributes: details } });
  },
});
