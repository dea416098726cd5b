import { defineConfigRule, fail, pass } from "../src/engine/rule.js";
import { classifyUrl, redirectUrls } from "../src/cognito/urls.js";

export default defineConfigRule({
  id: "callback-url-insecure",
  resourceType: "client",
  severity: "high",
  title: "A redirect URL uses plain http",
  rationale:
    "Cognito sends authorization codes and tokens to the callback URL. Over http anyone on the network path (public Wi-Fi, a proxy) reads them and signs in as the user. Only loopback addresses, which never leave the device, are safe without TLS.",
  remediation: "Change every callback, logout and default redirect URL to https (loopback http URLs for local development may stay, ideally in a separate client).",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html"],
  messages: {
    insecure: "{{count}} redirect URL(s) use http on a non-loopback host, e.g. {{example}} in {{field}}.",
  },
  check({ client }) {
    const insecure = redirectUrls(client).filter(({ url }) => {
      const c = classifyUrl(url);
      return c.scheme === "http" && !c.loopback;
    });
    if (insecure.length === 0) return pass();
    const first = insecure[0]!;
    return fail({ messageId: "insecure", data: { count: insecure.length, example: first.url, field: first.field }, evidence: { urls: insecure } });
  },
});
