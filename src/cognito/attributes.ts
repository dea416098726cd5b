// Which app clients can read or write a user attribute (docs/rules.md "Writable by a client").
import type { AppClient, UserPool } from "../snapshot/types.js";

export interface SchemaAttribute {
  name: string;
  mutable: boolean;
  developerOnly: boolean;
}

type SchemaEntry = NonNullable<UserPool["SchemaAttributes"]>[number];
const toSchemaAttribute = (a: SchemaEntry, name: string): SchemaAttribute => ({ name, mutable: a.Mutable !== false, developerOnly: a.DeveloperOnlyAttribute === true });

// Per pool, read by rules for the pool and for each of its clients: worked out once (frozen, shared).
const customOf = new WeakMap<UserPool, readonly Readonly<SchemaAttribute>[]>();

export function customAttributes(pool: UserPool): readonly Readonly<SchemaAttribute>[] {
  let attributes = customOf.get(pool);
  if (!attributes) {
    attributes = Object.freeze(
      (pool.SchemaAttributes ?? [])
        .filter((a) => typeof a.Name === "string" && /^(dev:)?custom:/.test(a.Name))
        .map((a) => Object.freeze(toSchemaAttribute(a, a.Name!))),
    );
    customOf.set(pool, attributes);
  }
  return attributes;
}

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
  /** "listed": the attribute is in the client's list; "all": the list is empty, so AWS grants every attribute. */
  via: "listed" | "all";
}

function access(clients: readonly AppClient[], attribute: SchemaAttribute, list: "ReadAttributes" | "WriteAttributes"): Access[] {
  // Developer-only attributes are reachable only with IAM credentials, never through a client.
  if (attribute.developerOnly) return [];
  if (list === "WriteAttributes" && !attribute.mutable) return [];
  return clients.flatMap((client): Access[] => {
    const granted = client[list];
    const who = { clientId: client.ClientId ?? "", clientName: client.ClientName ?? client.ClientId ?? "" };
    if (!granted || granted.length === 0) return [{ ...who, via: "all" }];
    return granted.includes(attribute.name) ? [{ ...who, via: "listed" }] : [];
  });
}

/** Clients through which a signed-in user (or their ID token) can read the attribute. */
export const readableBy = (clients: readonly AppClient[], attribute: SchemaAttribute) => access(clients, attribute, "ReadAttributes");

/** Clients through which a signed-in user can change the attribute on themselves. */
export const writableBy = (clients: readonly AppClient[], attribute: SchemaAttribute) => access(clients, attribute, "WriteAttributes");

/** "web (listed), mobile (all attributes: ReadAttributes is empty)" */
export function describeAccess(entries: readonly Access[], list: "ReadAttributes" | "WriteAttributes"): string[] {
  return entries.map((a) => (a.via === "listed" ? a.clientName : `${a.clientName} (${list} is empty: every attribute)`));
}
