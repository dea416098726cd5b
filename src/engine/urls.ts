// Classification of callback, logout and redirect URLs, shared by the callback-url-* rules.

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

export function classifyUrl(url: string): UrlClass {
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

/** The URLs of a client that Cognito redirects a browser to, each with where it is configured. */
export function redirectUrls(client: { CallbackURLs?: string[]; LogoutURLs?: string[]; DefaultRedirectURI?: string }) {
  return [
    ...(client.CallbackURLs ?? []).map((url) => ({ url, field: "CallbackURLs" })),
    ...(client.LogoutURLs ?? []).map((url) => ({ url, field: "LogoutURLs" })),
    ...(client.DefaultRedirectURI ? [{ url: client.DefaultRedirectURI, field: "DefaultRedirectURI" }] : []),
  ];
}
