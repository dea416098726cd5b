import { isFailedSignIn, isPasswordReset, isVerifiedSignIn } from "../src/cloudtrail/normalise.js";
import { AfterFailuresTracker, type SuspectSignIn } from "../src/behaviour/afterFailures.js";
import { SkippedCounter, type BurstEntry, burstEvidence, clientIp, entryOf, ipMatcher, iso, trustedSourceIpsOption } from "../src/behaviour/bursts.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, integer, pass } from "../src/engine/rule.js";

const listed = (by: "user" | "sourceIp") => (s: SuspectSignIn) => ({
  by: [by] as string[],
  at: iso(s.success.time),
  ...(s.success.sub !== undefined ? { sub: s.success.sub } : {}),
  ...(s.success.sourceIp !== undefined ? { sourceIp: s.success.sourceIp } : {}),
  operation: s.success.operation,
  ...(s.success.clientId !== undefined ? { clientId: s.success.clientId } : {}),
  failuresBefore: s.failuresBefore,
  firstFailure: iso(s.firstFailure),
});

export default defineEventRule({
  id: "sign-in-after-failures",
  resourceType: "userPool",
  severity: "critical",
  title: "A sign-in succeeded after a run of failures (a guess that worked)",
  rationale:
    "A successful sign-in for a user, or from a source IP, right after many failed ones is what a password guess that finally worked looks like: brute force or spraying that succeeded. Unless the user simply remembered the password, the attacker now holds a session, and without MFA the account is taken over.",
  remediation:
    "Confirm with the user whether the sign-in was theirs; if not, end every session (AdminUserGlobalSignOut), reset the password, and review what the session did. Then require MFA, turn on threat protection in ENFORCED mode and rate-limit sign-ins with a WAF web ACL.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html"],
  options: {
    userFailures: integer({
      minimum: 2,
      default: 10,
      description: "Failed sign-ins for one user (sub) within the window before one of their sign-ins succeeds that make the success suspect.",
    }),
    ipFailures: integer({
      minimum: 2,
      default: 20,
      description: "Failed sign-ins from one source IP (any users, with or without a sub) within the window before a sign-in from it succeeds that make the success suspect.",
    }),
    windowMinutes: integer({
      minimum: 1,
      maximum: 10_080,
      default: 60,
      description: "How far back from a successful sign-in its failures are counted, in minutes of event time.",
    }),
    trustedSourceIps: trustedSourceIpsOption("failed and successful sign-ins"),
  },
  messages: {
    signedIn:
      "Sign-ins succeeded after a run of failures within {{windowMinutes}} minutes: {{users}} after at least {{userFailures}} failures for the same user, {{ips}} after at least {{ipFailures}} failures from the same source IP, between {{first}} and {{last}}.",
  },
  events: {
    analyse({ userFailures, ipFailures, windowMinutes, trustedSourceIps }) {
      const windowMs = windowMinutes * 60_000;
      const byUser = new AfterFailuresTracker({ windowMs, threshold: userFailures });
      const byIp = new AfterFailuresTracker({ windowMs, threshold: ipFailures });
      const trusted = ipMatcher(trustedSourceIps);
      const fromTrusted = new SkippedCounter();
      return {
        observe(event: AttributedEvent) {
          if (!event.poolArn) return;
          // A user who reset their password with a code and then signs in proves no guess: their failures before the reset do not count.
          if (isPasswordReset(event)) {
            if (event.sub !== undefined) byUser.reset(event.poolArn, event.sub, event.time);
            return;
          }
          const failed = isFailedSignIn(event);
          if (!failed && !isVerifiedSignIn(event)) return;
          const entry = entryOf(event);
          const record = (tracker: AfterFailuresTracker, key: string) => (failed ? tracker.failure(event.poolArn!, key, entry) : tracker.success(event.poolArn!, key, entry));
          if (event.sub !== undefined) record(byUser, event.sub);
          const ip = clientIp(event);
          if (ip === undefined) return;
          if (trusted(ip)) {
            fromTrusted.add(event.poolArn);
            return;
          }
          record(byIp, ip);
        },
        verdict({ pool }) {
          const skipped = fromTrusted.get(pool.arn) > 0 ? { signInsFromTrustedIps: fromTrusted.get(pool.arn) } : undefined;
          const users = byUser.result(pool.arn);
          const ips = byIp.result(pool.arn);
          if (!users && !ips) return pass(skipped);
          const all = [...(users ? [users] : []), ...(ips ? [ips] : [])];
          const first = Math.min(...all.map((p) => p.failures.first));
          const last = Math.max(...all.map((p) => p.successes.last));
          // A success found both ways (the user's failures all came from one IP) is listed once.
          const signIns = new Map<BurstEntry, ReturnType<ReturnType<typeof listed>>>();
          for (const [by, found] of [["user", users], ["sourceIp", ips]] as const) {
            for (const s of found?.listed ?? []) {
              const seen = signIns.get(s.success);
              if (seen) seen.by.push(by);
              else signIns.set(s.success, listed(by)(s));
            }
          }
          return fail({
            messageId: "signedIn",
            data: {
              windowMinutes,
              users: users?.successes.events ?? 0,
              userFailures,
              ips: ips?.successes.events ?? 0,
              ipFailures,
              first: iso(first),
              last: iso(last),
            },
            evidence: {
              ...(users ? { afterUserFailures: { signIns: users.successes.events, failedSignIns: users.failures.events, ...burstEvidence(users.failures) } } : {}),
              ...(ips ? { afterSourceIpFailures: { signIns: ips.successes.events, failedSignIns: ips.failures.events, ...burstEvidence(ips.failures) } } : {}),
              signIns: [...signIns.values()].sort((a, b) => a.at.localeCompare(b.at)).slice(0, 10),
              userFailures,
              ipFailures,
              windowMinutes,
              ...skipped,
            },
          });
        },
      };
    },
  },
});
