// Identifiers that must be unique in a snapshot. Findings are kept per (rule, resource): two
// entries for one resource would give it two findings, and reports that join findings to
// resources would do so per pair (quadratic in the duplicates).
import { InputError } from "../errors.js";
import type { Snapshot, UserPoolEntry } from "./types.js";

/** A hostile identifier, printable: plain ASCII as is, anything else JSON-quoted and escaped, both bounded. */
function shown(value: string): string {
  const text = /^[\x21-\x7e]*$/.test(value) && value !== "" ? value : JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** Remembers where each identifier was first seen; throws on the second sighting. Linear time. */
function uniqueness(file: string, what: string) {
  const seen = new Map<string, string>();
  return (id: string | undefined, path: string) => {
    if (id === undefined) return;
    const first = seen.get(id);
    if (first !== undefined) {
      throw new InputError(`${file}: duplicate ${what} ${shown(id)} at ${first} and ${path}; expected each ${what} once (every resource must appear once in a snapshot).`);
    }
    seen.set(id, path);
  };
}

/**
 * Throws an InputError naming both JSON paths when an identifier appears twice: an account id,
 * a region of an account, a user pool ARN (anywhere) or id (in a region, counting the pools whose
 * DescribeUserPool failed), an app client id or an identity provider name (in a pool), an identity
 * pool id (in a region). Pools are checked as they are read (pool), the rest once the snapshot's
 * frame is (frame).
 */
export function uniqueIds(file: string) {
  const poolArn = uniqueness(file, "user pool ARN");
  const poolIds = new Map<string, ReturnType<typeof uniqueness>>();
  const poolId = (a: number, r: number) => poolIds.get(`${a}/${r}`) ?? poolIds.set(`${a}/${r}`, uniqueness(file, "user pool id")).get(`${a}/${r}`)!;
  return {
    pool(p: UserPoolEntry, a: number, r: number, pi: number): void {
      const poolPath = `$.accounts[${a}].regions[${r}].userPools[${pi}]`;
      poolArn(p.userPool.Arn, poolPath);
      poolId(a, r)(p.userPool.Id, poolPath);
      const client = uniqueness(file, "app client id");
      p.clients?.forEach((c, ci) => client(c.ClientId, `${poolPath}.clients[${ci}]`));
      const provider = uniqueness(file, "identity provider name");
      p.identityProviders?.forEach((d, di) => provider(d.ProviderName, `${poolPath}.identityProviders[${di}]`));
    },
    frame(snapshot: Snapshot): void {
      const account = uniqueness(file, "account id");
      snapshot.accounts.forEach((a, ai) => {
        const accountPath = `$.accounts[${ai}]`;
        account(a.accountId, accountPath);
        const region = uniqueness(file, `region of account ${shown(a.accountId)}`);
        a.regions.forEach((r, ri) => {
          const regionPath = `${accountPath}.regions[${ri}]`;
          region(r.region, regionPath);
          // A pool that could not be described is a resource of its own too (its rules are not_evaluated).
          r.errors.forEach((e, ei) => {
            if (e.operation === "DescribeUserPool") poolId(ai, ri)(e.resource, `${regionPath}.errors[${ei}]`);
          });
          const identityPool = uniqueness(file, "identity pool id");
          r.identityPools?.forEach((ip, ii) => identityPool(ip.IdentityPoolId, `${regionPath}.identityPools[${ii}]`));
        });
      });
    },
  };
}
