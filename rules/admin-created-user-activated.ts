import { field, isHidden } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass, stringList } from "../src/engine/rule.js";
import { globMatcher } from "../src/util/glob.js";

/** Calls that make an admin-created user usable without its owner. */
const ACTIVATIONS = new Set(["AdminConfirmSignUp", "AdminSetUserPassword"]);

const MINUTE_MS = 60_000;
/**
 * When CloudTrail hides who the user is (no sub, the user name HIDDEN), a creation and an activation
 * by the same IAM principal this close together are taken for one user.
 */
const SAME_CALLER_MS = 15 * MINUTE_MS;
/** Creations and activations remembered per pool: a bulk migration creates many, and only the first count. */
const TRACKED = 5000;
/** Pairs described one by one in the evidence. */
const LISTED = 20;
const UNKNOWN_PRINCIPAL = "(no IAM identity in the record)";

const iso = (ms: number) => new Date(ms).toISOString();
const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" && !isHidden(value) ? value.trim() : undefined);

/** Who a call is about: the sub when CloudTrail logs it, else the user name when it is not hidden. */
interface Step {
  time: number;
  principal: string;
  sourceIp?: string;
  sub?: string;
  username?: string;
}
interface Creation extends Step {
  /** MessageAction SUPPRESS: Cognito sent the new user no invitation. */
  suppressed: boolean;
}
interface Activation extends Step {
  operation: string;
  /** AdminSetUserPassword Permanent true: the password never has to be changed. */
  permanent?: boolean;
}
type MatchedBy = "sub" | "username" | "principal and time";
interface Pair {
  creation: Creation;
  activation: Activation;
  matchedBy: MatchedBy;
}

class PoolSteps {
  readonly creations: Creation[] = [];
  readonly activations: Activation[] = [];
  dropped = 0;
  allowed = 0;

  /** Each activation with the latest creation before it (within the window) of the same user. */
  pairs(windowMs: number): Pair[] {
    const bySub = new Map<string, Creation[]>();
    const byName = new Map<string, Creation[]>();
    const byPrincipal = new Map<string, Creation[]>();
    const index = (map: Map<string, Creation[]>, key: string | undefined, c: Creation) => {
      if (key === undefined) return;
      const list = map.get(key);
      if (list) list.push(c);
      else map.set(key, [c]);
    };
    for (const c of this.creations) {
      index(bySub, c.sub, c);
      index(byName, c.username, c);
      index(byPrincipal, c.principal, c);
    }
    const latest = (list: Creation[] | undefined, a: Activation, within: number, accept: (c: Creation) => boolean) => {
      let best: Creation | undefined;
      for (const c of list ?? []) if (c.time <= a.time && a.time - c.time <= within && accept(c) && (!best || c.time > best.time)) best = c;
      return best;
    };
    const pairs: Pair[] = [];
    for (const a of this.activations) {
      let creation = a.sub !== undefined ? latest(bySub.get(a.sub), a, windowMs, () => true) : undefined;
      let matchedBy: MatchedBy = "sub";
      if (!creation && a.username !== undefined) {
        // A user name is only compared where the subs cannot be: two different subs are two users.
        creation = latest(byName.get(a.username), a, windowMs, (c) => c.sub === undefined || a.sub === undefined);
        matchedBy = "username";
      }
      if (!creation) {
        // Neither identifies the user in a way the other shows: the same caller, minutes apart.
        const comparable = (c: Creation) => (c.sub !== undefined && a.sub !== undefined) || (c.username !== undefined && a.username !== undefined);
        creation = latest(byPrincipal.get(a.principal), a, Math.min(windowMs, SAME_CALLER_MS), (c) => !comparable(c));
        matchedBy = "principal and time";
      }
      if (creation) pairs.push({ creation, activation: a, matchedBy });
    }
    return pairs.sort((x, y) => x.activation.time - y.activation.time);
  }
}

export default defineEventRule({
  id: "admin-created-user-activated",
  resourceType: "userPool",
  severity: "high",
  title: "An admin created a user and activated it without the user",
  rationale:
    "AdminCreateUser followed by AdminSetUserPassword or AdminConfirmSignUp for the same user produces an account whose password the admin chose and that no owner ever received or confirmed: a working account for whoever made the calls. It is how an attacker with IAM access plants a backdoor user that looks like any other, often with the invitation suppressed so nobody is notified. Migrations and test set-ups do the same, which is why the callers expected to do it can be listed.",
  remediation:
    "Match each user to a ticket, a migration or a test. If one is not accounted for, disable and delete it (AdminDisableUser, AdminDeleteUser), review what it did (its sign-ins and tokens), and revoke the IAM principal's sessions and keys; narrow cognito-idp:AdminCreateUser and AdminSetUserPassword to the roles that need them.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-create-user-accounts.html"],
  options: {
    windowHours: integer({
      minimum: 1,
      maximum: 720,
      default: 24,
      description:
        "Longest time between the AdminCreateUser and the AdminSetUserPassword or AdminConfirmSignUp of the same user, in hours; later activations are ordinary support.",
    }),
    allowedPrincipals: stringList({
      default: [],
      description:
        "IAM principal ARNs expected to create and activate users (a migration or test role); `*` matches any characters. A pair whose both calls come from such principals is counted in the evidence but does not fail the rule.",
    }),
  },
  messages: {
    activated:
      "{{total}} user(s) created by an admin and made usable without the user (AdminSetUserPassword or AdminConfirmSignUp), the latest by {{principal}} at {{time}} ({{operation}}).",
  },
  events: {
    analyse({ windowHours, allowedPrincipals }) {
      const allowed = globMatcher(allowedPrincipals);
      const windowMs = windowHours * 60 * MINUTE_MS;
      const pools = new Map<string, PoolSteps>();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || event.kind !== "api" || event.errorCode !== undefined) return;
          const creating = event.name === "AdminCreateUser";
          if (!creating && !ACTIVATIONS.has(event.name)) return;
          let pool = pools.get(event.poolArn);
          if (!pool) pools.set(event.poolArn, (pool = new PoolSteps()));
          if (pool.creations.length + pool.activations.length >= 2 * TRACKED) {
            pool.dropped++;
            return;
          }
          const request = event.request;
          const sub = text(event.sub);
          const username = text(field(request, "username"));
          const step: Step = {
            time: event.time,
            principal: event.principal ?? UNKNOWN_PRINCIPAL,
            ...(event.sourceIp ? { sourceIp: event.sourceIp } : {}),
            ...(sub ? { sub } : {}),
            ...(username ? { username } : {}),
          };
          if (creating) {
            if (pool.creations.length < TRACKED) pool.creations.push({ ...step, suppressed: text(field(request, "messageAction"))?.toUpperCase() === "SUPPRESS" });
            else pool.dropped++;
          } else if (pool.activations.length < TRACKED) {
            const permanent = field(request, "permanent");
            pool.activations.push({ ...step, operation: event.name, ...(typeof permanent === "boolean" ? { permanent } : {}) });
          } else {
            pool.dropped++;
          }
        },
        verdict({ pool: target }) {
          const pool = pools.get(target.arn);
          if (!pool) return pass();
          const all = pool.pairs(windowMs);
          const pairs = all.filter((p) => !(allowed(p.creation.principal) && allowed(p.activation.principal)));
          const expected = all.length > pairs.length ? { allowedPairs: all.length - pairs.length } : {};
          const dropped = pool.dropped > 0 ? { callsNotTracked: pool.dropped } : {};
          if (pairs.length === 0) return pass({ ...expected, ...dropped });
          const latest = pairs[pairs.length - 1]!;
          const users = new Set(pairs.map((p) => p.creation));
          return fail({
            messageId: "activated",
            data: { total: users.size, principal: latest.activation.principal, time: iso(latest.activation.time), operation: latest.activation.operation },
            evidence: {
              total: users.size,
              activations: pairs.length,
              pairs: pairs.slice(-LISTED).map(({ creation: c, activation: a, matchedBy }) => ({
                created: iso(c.time),
                createdBy: c.principal,
                ...(c.sourceIp ? { createdFrom: c.sourceIp } : {}),
                invitationSuppressed: c.suppressed,
                activated: iso(a.time),
                activatedBy: a.principal,
                ...(a.sourceIp ? { activatedFrom: a.sourceIp } : {}),
                operation: a.operation,
                ...(a.permanent !== undefined ? { permanent: a.permanent } : {}),
                ...((c.sub ?? a.sub) !== undefined ? { sub: (c.sub ?? a.sub)! } : {}),
                matchedBy,
              })),
              ...(pairs.length > LISTED ? { pairsNotListed: pairs.length - LISTED } : {}),
              ...expected,
              ...dropped,
            },
          });
        },
      };
    },
  },
});
