import { customAttributes, describeAccess, emptyListSources, readableBy } from "../src/cognito/attributes.js";
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
    const readers = suspects.map(({ attribute }) => (clients ? readableBy(clients, attribute) : undefined));
    const details = suspects.map(({ attribute, word }, i) => ({
      attribute: attribute.name,
      matched: word,
      readableBy: readers[i] ? describeAccess(readers[i], "ReadAttributes") : "unknown: app clients were not collected",
    }));
    const first = details[0]!;
    const firstReaders = readers[0];
    const listed = firstReaders?.filter((r) => r.via === "listed").length ?? 0;
    const unlisted = firstReaders?.filter((r) => r.via === "unlisted").length ?? 0;
    const readerText = !firstReaders
      ? "unknown app clients"
      : listed + unlisted === 0
        ? "no app client (IAM only)"
        : [listed > 0 ? `${listed} app client(s) and their ID tokens` : "", unlisted > 0 ? `possibly ${unlisted} app client(s) without a ReadAttributes list` : ""].filter(Boolean).join(", and ");
    const anyUnlisted = readers.some((r) => r?.some((a) => a.via === "unlisted"));
    return fail({
      messageId: "secret",
      data: { attribute: first.attribute, word: first.matched, readers: readerText },
      evidence: { attributes: details, ...(anyUnlisted ? { emptyReadAttributes: emptyListSources("ReadAttributes") } : {}) },
    });
  },
});
