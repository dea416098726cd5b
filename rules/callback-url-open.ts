import { defineConfigRule, fail, pass } from "../src/engine/rule.js";
import { classifyUrl, redirectUrls, sharedHostingDomain } from "../src/cognito/urls.js";

/** Why a redirect URL can be claimed or steered by someone else, or an empty list. */
function openReasons(url: string): string[] {
  const c = classifyUrl(url);
  const reasons: string[] = [];
  if (c.wildcard) reasons.push("contains a wildcard (*)");
  // Hosts only mean a network location for web URLs; custom schemes of mobile apps are left alone.
  const web = c.scheme === "http" || c.scheme === "https";
  if (web && c.ipLiteral && !c.loopback) reasons.push(`IP-literal host ${c.host}`);
  const shared = web && !c.ipLiteral ? sharedHostingDomain(c.host) : undefined;
  if (shared) reasons.push(`host under the shared-hosting domain ${shared}`);
  return reasons;
}

export default defineConfigRule({
  id: "callback-url-open",
  resourceType: "client",
  severity: "high",
  title: "A redirect URL can be claimed by someone else",
  rationale:
    "Cognito delivers authorization codes (and, with the implicit grant, tokens) to any URL on the client's list. A wildcard matches hosts the owner never meant, an IP address is reassigned to another customer once it is released, and a subdomain of a shared hosting service (ngrok, herokuapp.com, github.io, …) can be registered by anyone once the app moves away: whoever holds the URL receives the users' codes and signs in as them.",
  remediation:
    "List only exact https URLs on domains you own; remove wildcards, IP addresses and shared-hosting subdomains (put the app behind a custom domain).",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html"],
  messages: {
    open: "{{count}} redirect URL(s) can be claimed by someone else, e.g. {{example}} in {{field}} ({{reason}}).",
  },
  check({ client }) {
    const urls = redirectUrls(client).flatMap(({ url, field }) => {
      const reasons = openReasons(url);
      return reasons.length > 0 ? [{ url, field, reason: reasons.join("; ") }] : [];
    });
    if (urls.length === 0) return pass();
    const first = urls[0]!;
    const count = new Set(urls.map((u) => u.url)).size;
    return fail({ messageId: "open", data: { count, example: first.url, field: first.field, reason: first.reason }, evidence: { urls } });
  },
});
