import rule from "../../rules/callback-url-insecure.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withClient = (c: Parameters<typeof appClient>[0]) => poolEntry({ clients: [appClient(c)] });

testRule(rule, {
  valid: [
    { name: "https everywhere", entry: withClient({}) },
    { name: "http on localhost", entry: withClient({ CallbackURLs: ["http://localhost:3000/callback", "https://app.example.com/cb"] }) },
    { name: "http on 127.0.0.1 and [::1]", entry: withClient({ CallbackURLs: ["http://127.0.0.1:8080/cb", "http://[::1]:8080/cb"] }) },
    { name: "a custom scheme for a mobile app", entry: withClient({ CallbackURLs: ["myapp://callback"] }) },
    { name: "no URLs", entry: withClient({ CallbackURLs: undefined, LogoutURLs: undefined }) },
  ],
  invalid: [
    { name: "http callback", entry: withClient({ CallbackURLs: ["http://app.example.com/callback"] }), messageId: "insecure", severity: "high" },
    { name: "http logout URL", entry: withClient({ LogoutURLs: ["http://app.example.com/bye"] }), messageId: "insecure" },
    { name: "http default redirect", entry: withClient({ DefaultRedirectURI: "http://app.example.com/cb" }), messageId: "insecure" },
    { name: "upper-case scheme", entry: withClient({ CallbackURLs: ["HTTP://app.example.com/cb"] }), messageId: "insecure" },
    { name: "localhost look-alike", entry: withClient({ CallbackURLs: ["http://localhost.evil.example/cb"] }), messageId: "insecure" },
    { name: "a private IP is not loopback", entry: withClient({ CallbackURLs: ["http://10.0.0.5/cb"] }), messageId: "insecure" },
  ],
});
