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
  /** Identifies the request independently of how its input was ordered or encoded. */
  key: string;
}

// SigV4: Credential=<key id>/<date>/<region>/<service>/aws4_request
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

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
  const service = scope?.[2] as Service | undefined;
  if (!scope || !service || !(service in SERVICE_PROTOCOLS)) {
    throw new FakeError(403, "MissingAuthenticationTokenException", "Missing or unknown SigV4 credential scope.");
  }
  const region = scope[1]!;
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
  if (spec.protocol === "json") {
    try {
      input = (JSON.parse(body || "{}") ?? {}) as Input;
    } catch {
      throw new FakeError(400, "SerializationException", "Malformed JSON body.");
    }
  } else if (spec.protocol === "query") {
    input = Object.fromEntries(new URLSearchParams(body));
  } else {
    const route = REST_ROUTES[wire.operation];
    const match = route?.path.exec(url.pathname);
    input = { ...Object.fromEntries(url.searchParams), FunctionName: decodeURIComponent(match?.[1] ?? "") };
  }
  return { service, region, operation: wire.operation, input, key: `${service}|${region}|${wire.operation}|${canonicalJson(input)}` };
}

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const xmlFields = (fields: Input) =>
  Object.entries(fields)
    .map(([name, value]) => `<${name}>${xmlEscape(String(value))}</${name}>`)
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
};
