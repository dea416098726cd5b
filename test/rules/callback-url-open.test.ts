import rule from "../../rules/callback-url-open.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withClient = (c: Parameters<typeof appClient>[0]) => poolEntry({ clients: [appClient(c)] });
const callbacks = (...CallbackURLs: string[]) => withClient({ CallbackURLs });

testRule(rule, {
  valid: [
    { name: "exact https URLs on an owned domain", entry: withClient({}) },
    { name: "loopback hosts, by name and by address", entry: callbacks("http://localhost:3000/cb", "http://127.0.0.1:8080/cb", "http://[::1]:8080/cb") },
    { name: "a custom scheme of a mobile app", entry: callbacks("myapp://callback", "com.example.app:/oauth2redirect") },
    { name: "a look-alike of a shared domain is not under it", entry: callbacks("https://app.notherokuapp.com/cb", "https://herokuapp.com.example.com/cb") },
    { name: "a custom domain in front of CloudFront", entry: callbacks("https://login.example.com/cb") },
    { name: "no URLs at all", entry: withClient({ CallbackURLs: undefined, LogoutURLs: undefined, DefaultRedirectURI: undefined }) },
  ],
  invalid: [
    {
      name: "wildcard subdomain",
      entry: callbacks("https://*.example.com/callback"),
      messageId: "open",
      severity: "high",
      evidence: { urls: [{ url: "https://*.example.com/callback", field: "CallbackURLs", reason: "contains a wildcard (*)" }] },
    },
    { name: "wildcard in the path", entry: callbacks("https://app.example.com/*"), messageId: "open" },
    { name: "wildcard in a custom scheme", entry: callbacks("myapp://*"), messageId: "open" },
    {
      name: "public IPv4 host",
      entry: callbacks("https://203.0.113.10/callback"),
      messageId: "open",
      evidence: { urls: [{ reason: "IP-literal host 203.0.113.10" }] },
    },
    {
      name: "a hexadecimal IPv4 host is normalised first",
      entry: callbacks("https://0xCB007101/cb"),
      messageId: "open",
      evidence: { urls: [{ reason: "IP-literal host 203.0.113.1" }] },
    },
    { name: "private IPv4 host is not loopback", entry: callbacks("https://10.0.0.5/cb"), messageId: "open" },
    {
      name: "a URL listed in two fields counts once",
      entry: withClient({ CallbackURLs: ["https://1.2.3.4/cb"], DefaultRedirectURI: "https://1.2.3.4/cb" }),
      messageId: "open",
      data: { count: 1, example: "https://1.2.3.4/cb", field: "CallbackURLs", reason: "IP-literal host 1.2.3.4" },
    },
    { name: "IPv6 host other than [::1]", entry: callbacks("https://[2001:db8::1]/cb"), messageId: "open", evidence: { urls: [{ reason: "IP-literal host [2001:db8::1]" }] } },
    {
      name: "shared hosting: ngrok tunnel",
      entry: callbacks("https://ab12cd.ngrok-free.app/callback"),
      messageId: "open",
      evidence: { urls: [{ reason: "host under the shared-hosting domain ngrok-free.app" }] },
    },
    { name: "shared hosting: upper-case host", entry: callbacks("https://MyApp.HerokuApp.com/cb"), messageId: "open" },
    {
      name: "shared hosting: S3 website endpoint",
      entry: callbacks("http://bucket.s3-website-us-east-1.amazonaws.com/cb"),
      messageId: "open",
      evidence: { urls: [{ reason: "host under the shared-hosting domain amazonaws.com (S3 website)" }] },
    },
    {
      name: "a logout URL on github.io",
      entry: withClient({ LogoutURLs: ["https://someone.github.io/bye"] }),
      messageId: "open",
      evidence: { urls: [{ url: "https://someone.github.io/bye", field: "LogoutURLs" }] },
    },
    {
      name: "DefaultRedirectURI is judged too, and a URL may have several reasons",
      entry: withClient({ CallbackURLs: ["https://*.vercel.app/cb"], DefaultRedirectURI: "https://*.vercel.app/cb" }),
      messageId: "open",
      evidence: {
        urls: [
          { url: "https://*.vercel.app/cb", field: "CallbackURLs", reason: "contains a wildcard (*); host under the shared-hosting domain vercel.app" },
          { url: "https://*.vercel.app/cb", field: "DefaultRedirectURI" },
        ],
      },
    },
  ],
  notEvaluated: [
    {
      name: "the client could not be described",
      entry: poolEntry({
        clients: [{ ClientId: "hidden", ClientName: "hidden" }],
        errors: [{ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "not authorized", resource: "hidden" }],
      }),
      reason: /DescribeUserPoolClient failed with AccessDeniedException/,
    },
  ],
});
