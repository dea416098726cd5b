// The fake endpoint's side of the AWS wire protocols: which service and operation a request is
// for, its input, and answers (successes and errors) in each protocol's exact shape.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReadOperation } from "../../src/aws/operations.js";
import { REST_ROUTES, SERVICE_PROTOCOLS, wireOperation } from "../../src/aws/wire.js";

export type Service = ReadOperation["service"];
export type Input = Record<string, unknown>;

/** An AWS error answer: thrown by the operation handlers, written by `sendError`. */
export class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedRequest {
  service: Service;
  region: string;
  operation: string;
  input: Input;
  /** The SigV4 access key id the request was signed with: whose request it is. */
  accessKeyId: string;
  /** X-Amz-Security-Token, sent with temporary credentials. */
  securityToken?: string;
  /** Identifies the request independently of how its input was ordered or encoded (not of who sent it). */
  key: string;
}

// SigV4: Credential=<key id>/<date>/<region>/<service>/aws4_request
const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/** JSON with object keys sorted, so that two encodings of one input give one key. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Input).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The service, region, operation and input of a request; a FakeError when AWS would refuse to read it. */
export function parseRequest(req: IncomingMessage, body: string): ParsedRequest {
  const scope = CREDENTIAL_SCOPE.exec(String(req.headers.authorization ?? ""));
  const service = scope?.[3] as Service | undefined;
  if (!scope || !service || !(service in SERVICE_PROTOCOLS)) {
    throw new FakeError(403, "MissingAuthenticationTokenException", "Missing or unknown SigV4 credential scope.");
  }
  const accessKeyId = scope[1]!;
  const region = scope[2]!;
  const url = new URL(req.url ?? "/", "http://fake");
  const wire = wireOperation(service, {
    method: req.method ?? "GET",
    path: url.pathname,
    headers: req.headers as Record<string, string>,
    query: Object.fromEntries(url.searchParams),
    body,
  });
  const spec = SERVICE_PROTOCOLS[service];
  if ("unreadable" in wire) {
    throw spec.protocol === "query"
      ? new FakeError(400, "InvalidAction", "Could not find operation.")
      : new FakeError(spec.protocol === "rest-json" ? 404 : 400, "UnknownOperationException", "Unknown operation.");
  }
  let input: Input;
  const json = () => {
    try {
      const parsed = JSON.parse(body || "{}") as unknown;
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      return parsed as Input;
    } catch {
      throw new FakeError(400, "SerializationException", "Malformed JSON body.");
    }
  };
  if (spec.protocol === "json") {
    input = json();
  } else if (spec.protocol === "query") {
    input = Object.fromEntries(new URLSearchParams(body));
  } else {
    const route = REST_ROUTES[wire.operation];
    const match = route?.path.exec(url.pathname);
    // Lambda's reads name the function in the path; Account's ListRegions sends a JSON body.
    input = { ...Object.fromEntries(url.searchParams), ...(route?.method === "POST" ? json() : {}), ...(match?.[1] !== undefined ? { FunctionName: decodeURIComponent(match[1]) } : {}) };
  }
  const token = req.headers["x-amz-security-token"];
  return {
    service,
    region,
    operation: wire.operation,
    input,
    accessKeyId,
    ...(typeof token === "string" ? { securityToken: token } : {}),
    key: `${service}|${region}|${wire.operation}|${canonicalJson(input)}`,
  };
}

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
/** awsQuery's XML: nested structures as nested elements, lists as `<member>` elements. */
const xmlValue = (value: unknown): string =>
  Array.isArray(value)
    ? value.map((item) => `<member>${xmlValue(item)}</member>`).join("")
    : value && typeof value === "object"
      ? xmlFields(value as Input)
      : xmlEscape(String(value));
const xmlFields = (fields: Input): string =>
  Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${xmlValue(value)}</${name}>`)
    .join("");

export function sendResult(res: ServerResponse, service: Service, operation: string, requestId: string, result: Input): void {
  const spec = SERVICE_PROTOCOLS[service];
  if (spec.protocol === "query") {
    const xml =
      `<${operation}Response xmlns="${spec.xmlNamespace}"><${operation}Result>${xmlFields(result)}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
    res.writeHead(200, { "content-type": "text/xml", "x-amzn-requestid": requestId });
    res.end(xml);
    return;
  }
  const type = spec.protocol === "json" ? "application/x-amz-json-1.1" : "application/json";
  res.writeHead(200, { "content-type": type, "x-amzn-requestid": requestId });
  res.end(JSON.stringify(result));
}

export function sendError(res: ServerResponse, service: Service | undefined, requestId: string, error: FakeError): void {
  const spec = service ? SERVICE_PROTOCOLS[service] : undefined;
  if (spec?.protocol === "query") {
    const type = error.status >= 500 ? "Receiver" : "Sender";
    const xml = `<ErrorResponse xmlns="${spec.xmlNamespace}"><Error><Type>${type}</Type><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    res.writeHead(error.status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
    res.end(xml);
    return;
  }
  if (spec?.protocol === "rest-json") {
    res.writeHead(error.status, { "content-type": "application/json", "x-amzn-errortype": error.code, "x-amzn-requestid": requestId });
    res.end(JSON.stringify({ Type: error.status >= 500 ? "Service" : "User", message: error.message }));
    return;
  }
  res.writeHead(error.status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId });
  res.end(JSON.stringify({ __type: error.code, message: error.message }));
}

/** How each service answers the faults the endpoint injects (status and error code). */
export const FAULT_ANSWERS: Record<Service, { throttle: [number, string]; internal: [number, string]; unavailable: [number, string] }> = {
  "cognito-idp": { throttle: [400, "TooManyRequestsException"], internal: [500, "InternalErrorException"], unavailable: [503, "ServiceUnavailableException"] },
  "cognito-identity": { throttle: [400, "TooManyRequestsException"], internal: [500, "InternalErrorException"], unavailable: [503, "ServiceUnavailableException"] },
  wafv2: { throttle: [400, "ThrottlingException"], internal: [500, "WAFInternalErrorException"], unavailable: [503, "ServiceUnavailableException"] },
  cloudtrail: { throttle: [400, "ThrottlingException"], internal: [500, "InternalFailure"], unavailable: [503, "ServiceUnavailableException"] },
  lambda: { throttle: [429, "TooManyRequestsException"], internal: [500, "ServiceException"], unavailable: [503, "ServiceUnavailableException"] },
  sts: { throttle: [400, "Throttling"], internal: [500, "InternalFailure"], unavailable: [503, "ServiceUnavailable"] },
  organizations: { throttle: [400, "TooManyRequestsException"], internal: [500, "ServiceException"], unavailable: [503, "ServiceUnavailableException"] },
  account: { throttle: [429, "TooManyRequestsException"], internal: [500, "InternalServerException"], unavailable: [503, "ServiceUnavailableException"] },
  // The fake serves no S3 (the S3 source is tested against s3rver); S3's own codes, for completeness.
  s3: { throttle: [503, "SlowDown"], internal: [500, "InternalError"], unavailable: [503, "ServiceUnavailable"] },
  athena: { throttle: [400, "TooManyRequestsException"], internal: [500, "InternalServerException"], unavailable: [503, "ServiceUnavailableException"] },
};

/**
 * How each service refuses credentials: `expired` for temporary credentials past their Expiration,
 * `invalid` for a key id whose session token does not match (or a region not enabled for the account).
 */
export const CREDENTIAL_ANSWERS: Record<Service, { expired: [number, string]; invalid: [number, string] }> = {
  "cognito-idp": { expired: [400, "ExpiredTokenException"], invalid: [400, "UnrecognizedClientException"] },
  "cognito-identity": { expired: [400, "ExpiredTokenException"], invalid: [400, "UnrecognizedClientException"] },
  wafv2: { expired: [400, "ExpiredTokenException"], invalid: [400, "UnrecognizedClientException"] },
  cloudtrail: { expired: [400, "ExpiredTokenException"], invalid: [400, "UnrecognizedClientException"] },
  lambda: { expired: [403, "ExpiredTokenException"], invalid: [403, "UnrecognizedClientException"] },
  sts: { expired: [400, "ExpiredToken"], invalid: [403, "InvalidClientTokenId"] },
  organizations: { expired: [400, "ExpiredTokenException"], invalid: [400, "UnrecognizedClientException"] },
  account: { expired: [403, "ExpiredTokenException"], invalid: [403, "UnrecognizedClientException"] },
  s3: { expired: [400, "ExpiredToken"], invalid: [403, "InvalidAccessKeyId"] },
  athena: { expired: [400, "ExpiredTokenException"], invalid: [400, "UnrecognizedClientException"] },
};
