import { hasClientSecret } from "../src/cognito/authFlows.js";
import { defineConfigRule, fail, integer, notEvaluated, pass } from "../src/engine/rule.js";
import { describeError } from "../src/snapshot/sections.js";

const DAY_MS = 86_400_000;

/** Milliseconds since the epoch, or undefined for an absent or unreadable date. */
function time(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

export default defineConfigRule({
  id: "client-secret-age",
  resourceType: "client",
  severity: "low",
  title: "The client secret has not been rotated",
  rationale:
    "A client secret lives in server configuration, CI variables, container images and old laptops, and every copy stays valid until the secret is replaced. An old secret has had time to leak, and one that was never rotated usually means nobody knows how to rotate it when it does.",
  remediation:
    "Rotate the secret: add a new one with AddUserPoolClientSecret (a client holds up to two), deploy it everywhere, then delete the old one with DeleteUserPoolClientSecret.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AddUserPoolClientSecret.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html"],
  options: {
    maxAgeDays: integer({ minimum: 1, default: 90, description: "Oldest acceptable age of a client's newest secret, in days." }),
  },
  messages: {
    oldSecret: "The client's newest secret was created {{age}} days ago ({{date}}); the limit is {{maxAgeDays}} days.",
    oldClient:
      "The client was created {{age}} days ago ({{date}}) and no newer secret was listed ({{why}}); the limit is {{maxAgeDays}} days.",
  },
  check({ pool, client }, { maxAgeDays }, { now }) {
    if (!hasClientSecret(client)) return null;
    const secrets = (client.secrets ?? []).map((s) => ({ id: s.ClientSecretId, created: s.ClientSecretCreateDate, ms: time(s.ClientSecretCreateDate) }));
    const dated = secrets.filter((s): s is typeof s & { ms: number } => s.ms !== undefined);
    const listingError = pool.entry.errors.find((e) => e.operation === "ListUserPoolClientSecrets" && e.resource === client.ClientId);
    const newest = dated.length > 0 ? dated.reduce((a, b) => (b.ms > a.ms ? b : a)) : undefined;
    const created = time(client.CreationDate);
    const basis = newest
      ? { ms: newest.ms, date: newest.created!, source: "ClientSecretCreateDate" as const }
      : created !== undefined
        ? { ms: created, date: client.CreationDate!, source: "CreationDate" as const }
        : undefined;
    if (!basis) {
      return notEvaluated(
        `neither ListUserPoolClientSecrets nor DescribeUserPoolClient reported a creation date${listingError ? ` (${describeError(listingError)})` : ""}`,
      );
    }
    const ageDays = Math.floor((now.getTime() - basis.ms) / DAY_MS);
    const evidence = {
      basis: basis.source,
      date: basis.date,
      ageDays,
      maxAgeDays,
      secrets: secrets.map((s) => ({ ClientSecretId: s.id ?? null, ClientSecretCreateDate: s.created ?? null })),
      ...(listingError ? { secretsListing: describeError(listingError) } : {}),
    };
    if (ageDays <= maxAgeDays) return pass(evidence);
    if (basis.source === "ClientSecretCreateDate") return fail({ messageId: "oldSecret", data: { age: ageDays, date: basis.date, maxAgeDays }, evidence });
    const why = listingError
      ? describeError(listingError)
      : client.secrets === undefined
        ? "ListUserPoolClientSecrets was not collected"
        : "ListUserPoolClientSecrets returned no dated secret";
    return fail({ messageId: "oldClient", data: { age: ageDays, date: basis.date, why, maxAgeDays }, evidence });
  },
});
