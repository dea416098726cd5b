// Classification of callback, logout and redirect URLs, shared by the callback-url-* rules.
import { recently } from "../util/recent.js";

export interface UrlClass {
  url: string;
  /** Lower-case scheme without the colon, e.g. "https"; "" when the URL does not parse. */
  scheme: string;
  host: string;
  parses: boolean;
  loopback: boolean;
  ipLiteral: boolean;
  wildcard: boolean;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * What a URL is (shared and frozen: callers read it, never change it). Recent classifications are
 * remembered: several rules classify the same URLs of each client, and parsing a URL is the costly part.
 */
export const classifyUrl: (url: string) => Readonly<UrlClass> = recently((url) => Object.freeze(classify(url)));

function classify(url: string): UrlClass {
  const wildcard = url.includes("*");
  let parsed: URL | undefined;
  try {
    parsed = new URL(url.replace(/\*/g, "wildcard"));
  } catch {
    parsed = undefined;
  }
  if (!parsed) return { url, scheme: "", host: "", parses: false, loopback: false, ipLiteral: false, wildcard };
  const host = parsed.hostname.toLowerCase();
  const ipLiteral = IPV4.test(host) || host.startsWith("[");
  return {
    url,
    scheme: parsed.protocol.replace(/:$/, "").toLowerCase(),
    host,
    parses: true,
    loopback: LOOPBACK_HOSTS.has(host),
    ipLiteral,
    wildcard,
  };
}

/**
 * Domains under which anyone can obtain a subdomain (or a path on a shared host): a callback there
 * can be claimed by an attacker once the app moves away or by another tenant at once.
 */
export const SHARED_HOSTING_DOMAINS = [
  "ngrok.io",
  "ngrok-free.app",
  "ngrok.app",
  "ngrok.dev",
  "loca.lt",
  "localtunnel.me",
  "trycloudflare.com",
  "serveo.net",
  "herokuapp.com",
  "vercel.app",
  "now.sh",
  "netlify.app",
  "netlify.com",
  "pages.dev",
  "workers.dev",
  "github.io",
  "gitlab.io",
  "azurewebsites.net",
  "azurestaticapps.net",
  "cloudapp.net",
  "cloudfront.net",
  "amplifyapp.com",
  "elasticbeanstalk.com",
  "appspot.com",
  "web.app",
  "firebaseapp.com",
  "glitch.me",
  "repl.co",
  "onrender.com",
  "fly.dev",
  "surge.sh",
  "blogspot.com",
];

/** S3 static website endpoints, e.g. bucket.s3-website-us-east-1.amazonaws.com or bucket.s3-website.eu-west-1.amazonaws.com. */
const S3_WEBSITE = /(^|\.)s3-website[.-][a-z0-9-]+\.amazonaws\.com$/;

/** The shared-hosting domain the host sits under, or undefined (remembered: the same hosts recur across clients and pools). */
export const sharedHostingDomain: (host: string) => string | undefined = recently((host) => findSharedHostingDomain(host));

function findSharedHostingDomain(host: string): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, "");
  if (S3_WEBSITE.test(h)) return "amazonaws.com (S3 website)";
  return SHARED_HOSTING_DOMAINS.find((d) => h === d || h.endsWith(`.${d}`));
}

/** The URLs of a client that Cognito redirects a browser to, each with where it is configured. */
export function redirectUrls(client: { CallbackURLs?: string[]; LogoutURLs?: string[]; DefaultRedirectURI?: string }) {
  return [
    ...(client.CallbackURLs ?? []).map((url) => ({ url, field: "CallbackURLs" })),
    ...(client.LogoutURLs ?? []).map((url) => ({ url, field: "LogoutURLs" })),
    ...(client.DefaultRedirectURI ? [{ url: client.DefaultRedirectURI, field: "DefaultRedirectURI" }] : []),
  ];
}
