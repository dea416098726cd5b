import rule from "../../rules/callback-url-localhost.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withClient = (c: Parameters<typeof appClient>[0]) => poolEntry({ clients: [appClient(c)] });
const callbacks = (...CallbackURLs: string[]) => withClient({ CallbackURLs });

testRule(rule, {
  valid: [
    { name: "production URLs only", entry: withClient({}) },
    { name: "a development client with loopback URLs only", entry: callbacks("http://localhost:3000/cb", "http://127.0.0.1:3000/cb", "http://[::1]:3000/cb") },
    { name: "no callback URLs", entry: withClient({ CallbackURLs: undefined }) },
    { name: "an empty list", entry: callbacks() },
    {
      name: "a loopback logout URL is not a callback",
      entry: withClient({ CallbackURLs: ["https://app.example.com/cb"], LogoutURLs: ["http://localhost:3000/"] }),
    },
  ],
  invalid: [
    {
      name: "localhost next to a production URL",
      entry: callbacks("https://app.example.com/callback", "http://localhost:3000/callback"),
      messageId: "mixed",
      severity: "medium",
      evidence: { loopbackCallbacks: ["http://localhost:3000/callback"], otherCallbacks: ["https://app.example.com/callback"] },
    },
    { name: "127.0.0.1 next to a production URL", entry: callbacks("https://app.example.com/cb", "http://127.0.0.1:8080/cb"), messageId: "mixed" },
    { name: "[::1] next to a production URL", entry: callbacks("https://app.example.com/cb", "http://[::1]:8080/cb"), messageId: "mixed" },
    { name: "upper-case LOCALHOST", entry: callbacks("https://app.example.com/cb", "HTTP://LOCALHOST:3000/cb"), messageId: "mixed" },
    { name: "https on localhost counts as loopback too", entry: callbacks("https://app.example.com/cb", "https://localhost:8443/cb"), messageId: "mixed" },
    {
      name: "a mobile custom scheme is a non-loopback callback",
      entry: callbacks("myapp://callback", "http://localhost:3000/cb"),
      messageId: "mixed",
      evidence: { otherCallbacks: ["myapp://callback"] },
    },
  ],
  notEvaluated: [
    {
      name: "the client could not be described",
      entry: poolEntry({
        clients: [{ ClientId: "hidden", ClientName: "hidden" }],
        errors: [{ operation: "DescribeUserPoolClient", code: "ThrottlingException", message: "slow down", resource: "hidden" }],
      }),
      reason: /DescribeUserPoolClient failed with ThrottlingException/,
    },
  ],
});
