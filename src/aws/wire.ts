// How each read operation looks on the wire, so that the read-only guard can check the request the
// SDK actually serialised and not only the command's name. Verified against the SDK clients'
// serialisers (awsJson1_1, awsQuery, restJson1); the fake AWS endpoint routes with the same table.
import { READ_OPERATIONS, type ReadOperation } from "./operations.js";

type Service = ReadOperation["service"];

export type ServiceProtocol =
  /** POST / with `X-Amz-Target: <target>.<Operation>`; the targets are the prefixes the service accepts. */
  | { protocol: "json"; targets: readonly string[] }
  /** POST / with a form body `Action=<Operation>&Version=<version>`; the answer is XML. */
  | { protocol: "query"; version: string; xmlNamespace: string }
  /** One method and path per operation (see REST_ROUTES). */
  | { protocol: "rest-json" }
  /** S3: the bucket in the host or the path, the operation in the method, path and query (see s3Operation). */
  | { protocol: "rest-xml" };

export const SERVICE_PROTOCOLS: Record<Service, ServiceProtocol> = {
  "cognito-idp": { protocol: "json", targets: ["AWSCognitoIdentityProviderService"] },
  "cognito-identity": { protocol: "json", targets: ["AWSCognitoIdentityService"] },
  wafv2: { protocol: "json", targets: ["AWSWAF_20190729"] },
  // The SDK sends the short target; AWS also accepts the fully qualified one older SDKs send.
  cloudtrail: { protocol: "json", targets: ["CloudTrail_20131101", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"] },
  sts: { protocol: "query", version: "2011-06-15", xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/" },
  lambda: { protocol: "rest-json" },
  organizations: { protocol: "json", targets: ["AWSOrganizationsV20161128"] },
  account: { protocol: "rest-json" },
  athena: { protocol: "json", targets: ["AmazonAthena"] },
  s3: { protocol: "rest-xml" },
};

export interface RestRoute {
  method: string;
  /** Matches the path; its capture groups are the URI-encoded path parameters. */
  path: RegExp;
}

/** The routes of the read operations of the REST services: Lambda (API version 2015-03-31) and Account. */
export const REST_ROUTES: Readonly<Record<string, RestRoute>> = {
  GetFunctionConfiguration: { method: "GET", path: /^\/2015-03-31\/functions\/([^/]+)\/configuration$/ },
  GetPolicy: { method: "GET", path: /^\/2015-03-31\/functions\/([^/]+)\/policy$/ },
  ListRegions: { method: "POST", path: /^\/listRegions$/ },
};

/** Which service each REST route belongs to: a route is only read as an operation of its own service. */
const REST_SERVICE: Readonly<Record<string, Service>> = { GetFunctionConfiguration: "lambda", GetPolicy: "lambda", ListRegions: "account" };

for (const op of READ_OPERATIONS) {
  if (SERVICE_PROTOCOLS[op.service].protocol === "rest-json" && !REST_ROUTES[op.operation]) {
    throw new Error(`no REST route for the read operation ${op.service}:${op.operation}`);
  }
}

/** The parts of a serialised HTTP request that identify its operation. */
export interface WireRequest {
  method: string;
  /** The host the request goes to (the SDK's HttpRequest.hostname); else the Host header's. */
  hostname?: string;
  path: string;
  headers: Record<string, string | undefined>;
  query?: Record<string, string | string[] | null | undefined>;
  body?: unknown;
}

const header = (request: WireRequest, name: string) =>
  Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)?.[1];

const bodyText = (body: unknown): string | undefined =>
  typeof body === "string" ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : body === undefined || body === null ? "" : undefined;

/**
 * The operation a serialised request performs on `service`, as far as the wire says:
 * `{ operation }` (which may be any operation, read or not), or `{ unreadable }` saying why it
 * cannot be told.
 */
export function wireOperation(service: Service, request: WireRequest): { operation: string } | { unreadable: string } {
  const spec = SERVICE_PROTOCOLS[service];
  if (spec.protocol === "json") {
    const target = header(request, "x-amz-target") ?? "";
    const dot = target.lastIndexOf(".");
    if (request.method !== "POST" || dot < 0 || !spec.targets.includes(target.slice(0, dot))) {
      return { unreadable: `${request.method} with X-Amz-Target "${target}"` };
    }
    return { operation: target.slice(dot + 1) };
  }
  if (spec.protocol === "query") {
    const text = bodyText(request.body);
    if (text === undefined) return { unreadable: "a form body that is not text" };
    const actions = new Set(new URLSearchParams(text).getAll("Action"));
    const fromQuery = request.query?.Action;
    for (const action of Array.isArray(fromQuery) ? fromQuery : fromQuery ? [fromQuery] : []) actions.add(action);
    const [action, ...others] = [...actions];
    if (request.method !== "POST" || !action || others.length > 0) return { unreadable: `${request.method} with Action ${[...actions].join(", ") || "(none)"}` };
    return { operation: action };
  }
  if (spec.protocol === "rest-xml") return s3Operation(request);
  const route = Object.entries(REST_ROUTES).find(([name, r]) => REST_SERVICE[name] === service && r.method === request.method && r.path.test(request.path));
  return route ? { operation: route[0] } : { unreadable: `${request.method} ${request.path}` };
}

// S3 (REST-XML). Only two reads may pass, exactly as the SDK serialises them (client-s3's schemas:
// ListObjectsV2 is `GET /?list-type=2` on the bucket, GetObject `GET /{Key+}?x-id=GetObject`):
//   path-style       GET https://s3.<region>.amazonaws.com/<bucket>?list-type=2   GET …/<bucket>/<key>
//   virtual-hosted   GET https://<bucket>.s3.<region>.amazonaws.com/?list-type=2  GET …/<key>
// Every other S3 call, reads included (ListObjects v1, ListBuckets, GetObjectAcl, GetBucketPolicy,
// ListParts, ?torrent, ?select …), is unreadable here: a query key not listed below refuses it.

/** The ListObjectsV2 parameters the SDK may put in the query; `list-type=2` is required. */
const LIST_QUERY = new Set(["list-type", "prefix", "continuation-token", "max-keys", "start-after", "delimiter", "encoding-type", "fetch-owner", "x-id"]);
/** Virtual-hosted style on AWS: `<bucket>.s3.<region>.amazonaws.com` (also s3-<region>, dualstack, fips, .cn). */
const VIRTUAL_HOST = /^([a-z0-9][a-z0-9.-]*[a-z0-9])\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;
/** A bucket name in a path (legacy names allow capitals and underscores). */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/;

const queryValues = (query: WireRequest["query"], key: string): string[] => {
  const value = query?.[key];
  return Array.isArray(value) ? value : value === undefined ? [] : [value ?? ""];
};

/**
 * ListObjectsV2 or GetObject, or why not. A host other than AWS's virtual-hosted form (a custom
 * --endpoint-url) is read as path-style, which the client forces there: a virtual-hosted request to
 * such a host then reads either as the same GetObject or as a bucket-level call that is refused.
 */
function s3Operation(request: WireRequest): { operation: string } | { unreadable: string } {
  const seen = { unreadable: `${request.method} ${request.path}${Object.keys(request.query ?? {}).length ? `?${Object.keys(request.query ?? {}).join("&")}` : ""}` };
  if (request.method !== "GET") return seen;
  const host = (request.hostname ?? header(request, "host") ?? "").toLowerCase().replace(/:\d+$/, "");
  let rest: string;
  if (VIRTUAL_HOST.test(host)) {
    rest = request.path;
  } else {
    // Path-style: the first segment is the bucket.
    const match = /^\/([^/?#]+)(\/.*)?$/.exec(request.path);
    if (!match || !BUCKET.test(match[1]!)) return seen;
    rest = match[2] ?? "";
  }
  const keys = Object.keys(request.query ?? {});
  if (rest === "" || rest === "/") {
    const listType = queryValues(request.query, "list-type");
    const xId = queryValues(request.query, "x-id");
    if (listType.length !== 1 || listType[0] !== "2" || !keys.every((k) => LIST_QUERY.has(k))) return seen;
    if (xId.length > 1 || (xId.length === 1 && xId[0] !== "ListObjectsV2")) return seen;
    return { operation: "ListObjectsV2" };
  }
  // An object: GET /<key> with at most x-id=GetObject (no versionId, partNumber, acl, torrent, …).
  if (!rest.startsWith("/") || rest.length < 2) return seen;
  const xId = queryValues(request.query, "x-id");
  if (!keys.every((k) => k === "x-id") || xId.length > 1 || (xId.length === 1 && xId[0] !== "GetObject")) return seen;
  return { operation: "GetObject" };
}

/** Wire strings may have been tampered with: keep them printable and short in messages. */
export const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
