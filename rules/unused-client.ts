import { isSignInAttempt, type CognitoEvent } from "../src/cloudtrail/normalise.js";
import type { AttributedEvent } from "../src/engine/behaviour.js";
import { defineEventRule, fail, notEvaluated, number, pass } from "../src/engine/rule.js";

const DAY_MS = 86_400_000;
/** Distinct client ids remembered per pool; Cognito allows 1,000 clients per pool. */
const CLIENTS_TRACKED = 10_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sign-in activity of a client: a sign-in attempt (successful or not), the managed login token
 * endpoint (code exchange, refresh, client credentials), or a token refresh through the API.
 */
const isActivity = (e: CognitoEvent) => isSignInAttempt(e) || e.name === "Token_POST" || (e.kind === "api" && e.name === "GetTokensFromRefreshToken");

/** Milliseconds since the epoch, or undefined for an absent or unreadable date. */
function time(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number" && !(value instanceof Date)) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

interface Span {
  first: number;
  last: number;
  events: number;
}

/** The span widened to `t` (in place: it runs for every event), or a new one. */
function widen(span: Span | undefined, t: number): Span {
  if (!span) return { first: t, last: t, events: 1 };
  if (t < span.first) span.first = t;
  if (t > span.last) span.last = t;
  span.events++;
  return span;
}

export default defineEventRule({
  id: "unused-client",
  resourceType: "client",
  severity: "info",
  title: "The app client had no sign-in activity",
  rationale:
    "An app client nobody signs in through still accepts sign-ins: its secret, callback URLs and auth flows remain an entry point that nobody watches or updates. Clients left over from old apps, tests and integrations are where weak settings survive; deleting them shrinks the attack surface.",
  remediation:
    "Confirm with the owner that the client is no longer used (it may serve a rare batch job), then delete it; or disable its auth flows until it is needed.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html"],
  options: {
    minimumDays: number({
      minimum: 0,
      maximum: 3650,
      default: 7,
      description:
        "Shortest CloudTrail period (earliest to latest event of the client's account and region, in days, to the tenth shown in the finding) that can show a client unused; over a shorter period the rule is not evaluated. A client that weekly jobs or weekend users sign in through looks unused over a day.",
    }),
  },
  messages: {
    unused:
      "No sign-in or token request through this app client in the CloudTrail events analysed for its region ({{start}} to {{end}}, {{days}} days).",
  },
  events: {
    analyse({ minimumDays }) {
      /** Per account and region: the span of the events seen, which shows what CloudTrail covered. */
      const coverage = new Map<string, Span>();
      /** Per pool: the sign-in activity of each client id. */
      const activity = new Map<string, Map<string, Span>>();
      const overflowed = new Set<string>();
      // Events come a file at a time, each of one account and region: the last span is usually the one.
      let last: { accountId: string; region: string; span: Span } | undefined;
      return {
        observe(event: AttributedEvent) {
          const { accountId, region } = event;
          if (accountId && region) {
            if (last?.accountId === accountId && last.region === region) widen(last.span, event.time);
            else {
              const key = `${accountId}|${region}`;
              const span = widen(coverage.get(key), event.time);
              coverage.set(key, span);
              last = { accountId, region, span };
            }
          }
          if (!event.poolArn || !event.clientId || !isActivity(event)) return;
          let clients = activity.get(event.poolArn);
          if (!clients) activity.set(event.poolArn, (clients = new Map<string, Span>()));
          const span = clients.get(event.clientId);
          if (span || clients.size < CLIENTS_TRACKED) clients.set(event.clientId, widen(span, event.time));
          else overflowed.add(event.poolArn);
        },
        verdict({ pool, client }) {
          const clientId = client.ClientId;
          if (!clientId) return null;
          const covered = coverage.get(`${pool.accountId}|${pool.region}`);
          if (!covered) return notEvaluated(`no CloudTrail events from ${pool.region} in account ${pool.accountId} were analysed`);
          const used = activity.get(pool.arn)?.get(clientId);
          if (used) return pass({ signIns: used.events, firstActivity: iso(used.first), lastActivity: iso(used.last) });
          // A client created after the events begin has not been around for the whole period.
          const created = time(client.CreationDate);
          if (created !== undefined && created > covered.first) return null;
          if (overflowed.has(pool.arn)) return notEvaluated(`more than ${CLIENTS_TRACKED} client ids had sign-in activity in this pool's events`);
          // The period as the finding states it: a tenth of a day, so a week of trail is 7 days.
          const days = Math.round(((covered.last - covered.first) / DAY_MS) * 10) / 10;
          if (days < minimumDays) {
            return notEvaluated(
              `the CloudTrail events of ${pool.region} in account ${pool.accountId} span ${days} days (${iso(covered.first)} to ${iso(covered.last)}), less than the ${minimumDays} days (option minimumDays) needed to call a client unused`,
            );
          }
          return fail({
            messageId: "unused",
            data: { start: iso(covered.first), end: iso(covered.last), days },
            evidence: {
              signIns: 0,
              observedFrom: iso(covered.first),
              observedTo: iso(covered.last),
              observedDays: days,
              eventsInRegion: covered.events,
              ...(created !== undefined ? { clientCreated: iso(created) } : {}),
            },
          });
        },
      };
    },
  },
});
