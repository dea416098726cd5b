import rule from "../../rules/client-secret-age.js";
import type { UserPoolEntry } from "../../src/snapshot/types.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

// The tester's clock: 2026-11-26T12:00:00Z.
const confidential = (c: Parameters<typeof appClient>[0], errors: UserPoolEntry["errors"] = []) =>
  poolEntry({ clients: [appClient({ ClientId: "backend", ClientSecret: "REDACTED", CreationDate: "2024-01-01T00:00:00.000Z", ...c })], errors });
const secret = (ClientSecretCreateDate: string | undefined, n = 1) => ({ ClientSecretId: `backend--${n}`, ClientSecretCreateDate });

testRule(rule, {
  valid: [
    { name: "a secret created 56 days ago", entry: confidential({ secrets: [secret("2026-10-01T12:00:00.000Z")] }) },
    {
      name: "the newest of two secrets counts",
      entry: confidential({ secrets: [secret("2025-01-01T00:00:00.000Z", 1), secret("2026-11-01T00:00:00.000Z", 2)] }),
    },
    { name: "exactly 90 days is within the limit", entry: confidential({ secrets: [secret("2026-08-28T12:00:00.000Z")] }) },
    { name: "no secrets listed: a young client passes on its CreationDate", entry: confidential({ CreationDate: "2026-10-01T00:00:00.000Z", secrets: [] }) },
    { name: "a longer limit", entry: confidential({ secrets: [secret("2026-01-01T00:00:00.000Z")] }), options: { maxAgeDays: 400 } },
    { name: "a creation date after the scan (clock skew)", entry: confidential({ secrets: [secret("2026-11-27T00:00:00.000Z")] }) },
  ],
  invalid: [
    {
      name: "a secret created 91 days ago",
      entry: confidential({ secrets: [secret("2026-08-27T11:00:00.000Z")] }),
      messageId: "oldSecret",
      severity: "low",
      evidence: { basis: "ClientSecretCreateDate", date: "2026-08-27T11:00:00.000Z", ageDays: 91, maxAgeDays: 90 },
    },
    {
      name: "two old secrets: the age is the newest one's",
      entry: confidential({ secrets: [secret("2024-06-01T00:00:00.000Z", 1), secret("2025-06-01T00:00:00.000Z", 2)] }),
      messageId: "oldSecret",
      evidence: {
        date: "2025-06-01T00:00:00.000Z",
        secrets: [
          { ClientSecretId: "backend--1", ClientSecretCreateDate: "2024-06-01T00:00:00.000Z" },
          { ClientSecretId: "backend--2", ClientSecretCreateDate: "2025-06-01T00:00:00.000Z" },
        ],
      },
    },
    {
      name: "secrets not collected: falls back to the client's CreationDate",
      entry: confidential({ secrets: undefined }),
      messageId: "oldClient",
      evidence: { basis: "CreationDate", date: "2024-01-01T00:00:00.000Z" },
    },
    {
      name: "the secret listing failed: CreationDate, and the error in the evidence",
      entry: confidential({ secrets: undefined }, [
        { operation: "ListUserPoolClientSecrets", code: "AccessDeniedException", message: "not allowed", resource: "backend" },
      ]),
      messageId: "oldClient",
      evidence: { basis: "CreationDate", secretsListing: "ListUserPoolClientSecrets failed with AccessDeniedException: not allowed" },
    },
    {
      name: "listed secrets without dates fall back to CreationDate",
      entry: confidential({ secrets: [secret(undefined)] }),
      messageId: "oldClient",
      evidence: { basis: "CreationDate", secrets: [{ ClientSecretId: "backend--1", ClientSecretCreateDate: null }] },
    },
    { name: "a stricter limit", entry: confidential({ secrets: [secret("2026-10-01T12:00:00.000Z")] }), options: { maxAgeDays: 30 }, messageId: "oldSecret" },
  ],
  notApplicable: [
    { name: "a public client without a secret", entry: poolEntry({ clients: [appClient({ CreationDate: "2020-01-01T00:00:00.000Z" })] }) },
    { name: "an empty ClientSecret is no secret", entry: confidential({ ClientSecret: "" }) },
  ],
  notEvaluated: [
    {
      name: "no date anywhere",
      entry: confidential({ CreationDate: undefined, secrets: undefined }, [
        { operation: "ListUserPoolClientSecrets", code: "AccessDeniedException", message: "not allowed", resource: "backend" },
      ]),
      reason: /reported a creation date \(ListUserPoolClientSecrets failed with AccessDeniedException/,
    },
    { name: "an unreadable date", entry: confidential({ CreationDate: "yesterday", secrets: [secret("not a date")] }), reason: /creation date/ },
    {
      name: "the client could not be described",
      entry: poolEntry({
        clients: [{ ClientId: "hidden", ClientName: "hidden" }],
        errors: [{ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "not authorized", resource: "hidden" }],
      }),
      reason: /DescribeUserPoolClient failed with AccessDeniedException/,
    },
  ],
});
