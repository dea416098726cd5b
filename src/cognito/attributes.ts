// Which app clients can read or write a user attribute (docs/rules.md "Writable by a client").
import type { AppClient, UserPool } from "../snapshot/types.js";

export interface SchemaAttribute {
  name: string;
  mutable: boolean;
  developerOnly: boolean;
}

/** Custom attributes (`custom:…`) and developer-only ones (`dev:custom:…`); everything else is a standard attribute. */
const isCustom = (name: string) => /^(dev:)?custom:/.test(name);
type SchemaEntry = NonNullable<UserPool["SchemaAttributes"]>[number];
const toSchemaAttribute = (a: SchemaEntry, name: string): SchemaAttribute => ({ name, mutable: a.Mutable !== false, developerOnly: a.DeveloperOnlyAttribute === true });

// Per pool, read by rules for the pool and for each of its clients: worked out once (frozen, shared).
const customOf = new WeakMap<UserPool, readonly Readonly<SchemaAttribute>[]>();

export function customAttributes(pool: UserPool): readonly Readonly<SchemaAttribute>[] {
  let attributes = customOf.get(pool);
  if (!attributes) {
    attributes = Object.freeze(
      (pool.SchemaAttributes ?? [])
        .filter((a) => typeof a.Name === "string" && isCustom(a.Name))
        .map((a) => Object.freeze(toSchemaAttribute(a, a.Name!))),
    );
    customOf.set(pool, attributes);
  }
  return attributes;
}

type AttributeList = "ReadAttributes" | "WriteAttributes";
/**
 * Any attribute of the pool's schema by name, standard ("email") or custom ("custom:tenant"): the
 * name of the ID token claim that carries it. Undefined: no attribute has that name (claims such as
 * aud, cognito:groups or cognito:username are not attributes).
 */
export function schemaAttribute(pool: UserPool, name: string): SchemaAttribute | undefined {
  const found = (pool.SchemaAttributes ?? []).find((a) => a.Name === name);
  return found ? toSchemaAttribute(found, name) : undefined;
}

export interface Access {
  clientId: string;
  clientName: string;
  /**
   * "listed": the attribute is in the client's list (certain).
   * "default": the list is empty or absent and the attribute is a standard one: AWS documents that
   * such a client reads or writes the standard attributes (certain).
   * "unlisted": the list is empty or absent and the attribute is a custom one: AWS documents standard
   * attributes only, field reports say custom ones too (uncertain, treated as reachable).
   */
  via: "listed" | "default" | "unlisted";
}

/** What AWS's API reference says of a client without the list, word for word (UserPoolClientType). */
const API_REFERENCE: Record<AttributeList, string> = {
  WriteAttributes:
    "When you don't specify the WriteAttributes for your app client, your app can write the values of the Standard attributes of your user pool. When your user pool has write access to these default attributes, WriteAttributes doesn't return any information.",
  ReadAttributes:
    "When you don't specify the ReadAttributes for your app client, your app can read the values of email_verified, phone_number_verified, and the standard attributes of your user pool. When your user pool app client has read access to these default attributes, ReadAttributes doesn't return any information.",
};
const FIELD_REPORTS =
  "Field reports say clients created without a list could also reach custom attributes (aws/aws-cdk#21835: \"Client has write permissions for customAttribute even if the list is empty\"; aws/aws-cdk#7607 documents the default as \"to allow read and write all available attributes\"), so custom attributes are treated as reachable, with lower certainty.";

/** The two sources on an empty or absent list, quoted in the evidence of every rule that relies on it. */
export const emptyListSources = (list: AttributeList) => ({ awsApiReference: API_REFERENCE[list], fieldReports: FIELD_REPORTS });

function access(clients: readonly AppClient[], attribute: SchemaAttribute, list: AttributeList): Access[] {
  // Developer-only attributes are reachable only with IAM credentials, never through a client.
  if (attribute.developerOnly) return [];
  if (list === "WriteAttributes" && !attribute.mutable) return [];
  return clients.flatMap((client): Access[] => {
    const granted = client[list];
    const who = { clientId: client.ClientId ?? "", clientName: client.ClientName ?? client.ClientId ?? "" };
    if (!granted || granted.length === 0) return [{ ...who, via: isCustom(attribute.name) ? "unlisted" : "default" }];
    return granted.includes(attribute.name) ? [{ ...who, via: "listed" }] : [];
  });
}

/** Clients through which a signed-in user (or their ID token) can read the attribute. */
export const readableBy = (clients: readonly AppClient[], attribute: SchemaAttribute) => access(clients, attribute, "ReadAttributes");

/** Clients through which a signed-in user can change the attribute on themselves. */
export const writableBy = (clients: readonly AppClient[], attribute: SchemaAttribute) => access(clients, attribute, "WriteAttributes");

/** "web", "mobile (WriteAttributes is empty: the standard attributes)", "spa (WriteAttributes is empty: custom attributes uncertain)" */
export function describeAccess(entries: readonly Access[], list: AttributeList): string[] {
  return entries.map((a) =>
    a.via === "listed"
      ? a.clientName
      : a.via === "default"
        ? `${a.clientName} (${list} is empty: the standard attributes, as AWS documents)`
        : `${a.clientName} (${list} is empty: AWS documents standard attributes only, field reports say custom ones too)`,
  );
}
