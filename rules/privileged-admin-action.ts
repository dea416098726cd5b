import { field, isHidden, type CognitoEvent } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, pass, stringList } from "../src/engine/rule.js";
import { Tally } from "../src/behaviour/tally.js";
import { globMatcher } from "../src/util/glob.js";

/** Admin calls that take over, re-route or elevate a user's account. */
const ACTIONS = [
  "AdminSetUserPassword",
  "AdminUpdateUserAttributes",
  "AdminAddUserToGroup",
  "AdminLinkProviderForUser",
  "AdminSetUserMFAPreference",
  "AdminDisableProviderForUser",
  "AdminResetUserPassword",
  "AdminConfirmSignUp",
  "AdminEnableUser",
  "AdminDisableUser",
  "AdminDeleteUser",
  "AdminUserGlobalSignOut",
  "AdminRemoveUserFromGroup",
  // Only with a RoleArn: the group then hands its members an IAM role through identity pools.
  "CreateGroup",
  "UpdateGroup",
] as const;
const GROUP_OPERATIONS = new Set(["CreateGroup", "UpdateGroup"]);
const ACTION_SET = new Set<string>(ACTIONS);

/** Evidence lists at most this many source IPs and subs. */
const LISTED = 10;
/** Principals described one by one; more are only counted. */
const PRINCIPALS = 50;
const TRACKED = 1000;
const UNKNOWN_PRINCIPAL = "(no IAM identity in the record)";

const iso = (ms: number) => new Date(ms).toISOString();
const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" && !isHidden(value) ? value : undefined);


/** Group roles listed in the evidence; strings from the request are cut to CLIP characters. */
const ROLES = 10;
const CLIP = 200;
const clip = (value: string) => (value.length > CLIP ? `${value.slice(0, CLIP)}…` : value);

/**
 * The role a CreateGroup or UpdateGroup request gives the group: its ARN, HIDDEN when CloudTrail hid
 * it (which cannot be ruled out), undefined when the request sets none.
 */
function groupRole(request: Record<string, unknown>): string | undefined {
  const role = field(request, "roleArn");
  if (isHidden(role)) return "HIDDEN_DUE_TO_SECURITY_REASONS";
  return text(role)?.trim();
}

/** Attributes whose change redirects codes, sign-in or authorization: email, phone_number, custom:*. */
const isSensitiveAttribute = (name: string) => {
  const n = name.trim().toLowerCase();
  return n === "email" || n === "phone_number" || n.startsWith("custom:");
};

/**
 * The attribute names an AdminUpdateUserAttributes request changes. `hidden` when CloudTrail did not
 * show the list (or a name in it): such a change cannot be ruled out.
 */
function changedAttributes(request: Record<string, unknown>): { names: string[]; hidden: boolean } {
  const list = field(request, "userAttributes");
  if (!Array.isArray(list)) return { names: [], hidden: true };
  const names: string[] = [];
  let hidden = false;
  for (const item of list) {
    const name = text(field(item, "name"));
    if (name === undefined) hidden = true;
    else names.push(name);
  }
  return { names, hidden };
}

interface PrincipalActivity {
  count: number;
  first: number;
  last: number;
  actions: Tally;
}

class PoolActions {
  total = 0;
  first = Infinity;
  last = -Infinity;
  readonly actions = new Tally(ACTIONS.length);
  readonly principals = new Map<string, PrincipalActivity>();
  otherPrincipalActions = 0;
  readonly sourceIps = new Tally(TRACKED);
  readonly subs = new Tally(TRACKED);
  readonly attributes = new Tally(100);
  readonly groups = new Tally(100);
  readonly removedFromGroups = new Tally(100);
  readonly groupRoles: { group: string; roleArn: string; operation: string; time: string }[] = [];
  hiddenAttributeLists = 0;
  allowedPrincipalActions = 0;

  add(event: CognitoEvent, attributes: { names: string[]; hidden: boolean } | undefined): void {
    this.total++;
    this.first = Math.min(this.first, event.time);
    this.last = Math.max(this.last, event.time);
    this.actions.add(event.name);
    const principal = event.principal ?? UNKNOWN_PRINCIPAL;
    let who = this.principals.get(principal);
    if (!who && this.principals.size < PRINCIPALS) this.principals.set(principal, (who = { count: 0, first: Infinity, last: -Infinity, actions: new Tally(ACTIONS.length) }));
    if (who) {
      who.count++;
      who.first = Math.min(who.first, event.time);
      who.last = Math.max(who.last, event.time);
      who.actions.add(event.name);
    } else {
      this.otherPrincipalActions++;
    }
    this.sourceIps.add(event.sourceIp ?? "unknown");
    if (event.sub) this.subs.add(event.sub);
    if (attributes) {
      for (const name of attributes.names) if (isSensitiveAttribute(name)) this.attributes.add(name);
      if (attributes.hidden) this.hiddenAttributeLists++;
    }
    const group = text(field(event.request, "groupName"));
    if (group && event.name === "AdminAddUserToGroup") this.groups.add(clip(group));
    if (group && event.name === "AdminRemoveUserFromGroup") this.removedFromGroups.add(clip(group));
    const role = GROUP_OPERATIONS.has(event.name) ? groupRole(event.request) : undefined;
    if (role && this.groupRoles.length < ROLES) this.groupRoles.push({ group: clip(group ?? "(hidden)"), roleArn: clip(role), operation: event.name, time: iso(event.time) });
  }
}

const describeActions = (actions: [string, number][]) => actions.map(([name, n]) => `${name} (${n})`).join(", ");

export default defineEventRule({
  id: "privileged-admin-action",
  resourceType: "userPool",
  severity: "medium",
  title: "Privileged admin actions were performed on users",
  rationale:
    "AdminSetUserPassword, AdminConfirmSignUp, AdminUpdateUserAttributes on email, phone or custom attributes, adding users to or removing them from groups, linking or unlinking identity providers, changing a user's MFA, password resets, enabling, disabling, deleting or signing out a user, and groups given an IAM role bypass the user entirely: whoever holds an IAM principal with these permissions can take over any account, re-route its codes or grant it privileges. They are legitimate support operations, which is why each one should be seen and matched to a ticket; a compromised admin role or a support tool abused from outside shows up here first.",
  remediation:
    "Confirm each action with the named IAM principal's owner (or the support ticket). If one is not accounted for, revoke that principal's sessions and keys, reset the affected users' credentials, and narrow the cognito-idp:Admin* permissions to the roles that need them.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_Operations.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html"],
  options: {
    allowedPrincipals: stringList({
      default: [],
      description:
        "IAM principal ARNs whose admin actions are expected (for example a support tool's role); `*` matches any characters, e.g. arn:aws:sts::123456789012:assumed-role/support-desk/*. Their actions are counted in the evidence but do not fail the rule.",
    }),
  },
  messages: {
    adminActions:
      "{{total}} privileged admin action(s) on users by {{principals}} IAM principal(s), most by {{principal}}, between {{first}} and {{last}}: {{actions}}.",
  },
  events: {
    analyse({ allowedPrincipals }) {
      const allowed = globMatcher(allowedPrincipals);
      const pools = new Map<string, PoolActions>();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn || event.kind !== "api" || !ACTION_SET.has(event.name)) return;
          // A failed call (AccessDenied, UserNotFound, …) changed nothing.
          if (event.errorCode !== undefined) return;
          // A group without a role grants nothing beyond the application's own meaning of it.
          if (GROUP_OPERATIONS.has(event.name) && groupRole(event.request) === undefined) return;
          let attributes: { names: string[]; hidden: boolean } | undefined;
          if (event.name === "AdminUpdateUserAttributes") {
            attributes = changedAttributes(event.request);
            if (!attributes.hidden && !attributes.names.some(isSensitiveAttribute)) return;
          }
          let pool = pools.get(event.poolArn);
          if (!pool) pools.set(event.poolArn, (pool = new PoolActions()));
          if (allowed(event.principal)) pool.allowedPrincipalActions++;
          else pool.add(event, attributes);
        },
        verdict({ pool: target }) {
          const pool = pools.get(target.arn);
          if (!pool) return pass();
          const expected = pool.allowedPrincipalActions > 0 ? { allowedPrincipalActions: pool.allowedPrincipalActions } : {};
          if (pool.total === 0) return pass(expected);
          const principals = [...pool.principals]
            .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
            .map(([principal, p]) => ({ principal, count: p.count, actions: p.actions.object(), firstEvent: iso(p.first), lastEvent: iso(p.last) }));
          const subs = pool.subs.top(LISTED);
          const distinctPrincipals = pool.principals.size + (pool.otherPrincipalActions > 0 ? 1 : 0);
          return fail({
            messageId: "adminActions",
            data: {
              total: pool.total,
              principals: pool.otherPrincipalActions > 0 ? `more than ${pool.principals.size}` : pool.principals.size,
              principal: principals[0]!.principal,
              first: iso(pool.first),
              last: iso(pool.last),
              actions: describeActions(pool.actions.top()),
            },
            evidence: {
              total: pool.total,
              firstEvent: iso(pool.first),
              lastEvent: iso(pool.last),
              actions: pool.actions.object(),
              principals,
              ...(pool.otherPrincipalActions > 0 ? { actionsByOtherPrincipals: pool.otherPrincipalActions, distinctPrincipals } : {}),
              sourceIps: pool.sourceIps.top(LISTED).map(([ip, count]) => ({ ip, count })),
              ...(subs.length > 0 ? { subs: subs.map(([sub, count]) => ({ sub, count })) } : {}),
              ...(pool.attributes.size > 0 ? { attributes: pool.attributes.object() } : {}),
              ...(pool.hiddenAttributeLists > 0 ? { hiddenAttributeLists: pool.hiddenAttributeLists } : {}),
              ...(pool.groups.size > 0 ? { groups: pool.groups.object() } : {}),
              ...(pool.removedFromGroups.size > 0 ? { removedFromGroups: pool.removedFromGroups.object() } : {}),
              ...(pool.groupRoles.length > 0 ? { groupRoles: pool.groupRoles } : {}),
              ...expected,
            },
          });
        },
      };
    },
  },
});
