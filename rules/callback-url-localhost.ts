import { defineConfigRule, fail, pass } from "../src/engine/rule.js";
import { classifyUrl } from "../src/cognito/urls.js";

export default defineConfigRule({
  id: "callback-url-localhost",
  resourceType: "client",
  severity: "medium",
  title: "A production client also accepts loopback callbacks",
  rationale:
    "A loopback callback next to production URLs is a development setting left behind. Any program listening on that port of the user's machine (malware, another local app, a dev server) receives the authorization code when an attacker starts a sign-in with that redirect_uri, and the same client, with its production scopes and users, works from a developer laptop.",
  remediation:
    "Move the loopback callback URLs to a separate development app client (ideally in a separate user pool) and remove them from the production client.",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html"],
  messages: {
    mixed: "The client accepts {{loopbackCount}} loopback callback URL(s) (e.g. {{loopback}}) next to {{otherCount}} other callback URL(s) (e.g. {{other}}).",
  },
  check({ client }) {
    const urls = client.CallbackURLs ?? [];
    const loopback = urls.filter((url) => classifyUrl(url).loopback);
    const other = urls.filter((url) => !classifyUrl(url).loopback);
    if (loopback.length === 0 || other.length === 0) return pass({ loopbackCallbacks: loopback.length, otherCallbacks: other.length });
    return fail({
      messageId: "mixed",
      data: { loopbackCount: loopback.length, loopback: loopback[0]!, otherCount: other.length, other: other[0]! },
      evidence: { loopbackCallbacks: loopback, otherCallbacks: other },
    });
  },
});
