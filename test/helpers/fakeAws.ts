// A small fake AWS JSON endpoint on loopback, for what the emulator cannot do: throttling,
// faults, hanging connections. Started and stopped by each test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  operation: string;
  body: Record<string, unknown>;
  /** The region the request was signed for (SigV4's credential scope), when it was signed. */
  region?: string;
}
/** `xml`: a raw XML answer, as the query protocol (STS) gives it. */
export type FakeReply = { status?: number; body?: unknown; xml?: string; hang?: boolean; /** Answer after this long. */ delayMs?: number };
export type FakeHandler = (request: FakeRequest, count: number) => FakeReply;

export interface FakeAws {
  endpoint: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakeAws(handler: FakeHandler): Promise<FakeAws> {
  const requests: FakeRequest[] = [];
  const counts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (chunk: Buffer | string) => (raw += String(chunk)));
    req.on("end", () => {
      // JSON protocols name the operation in X-Amz-Target; query protocols (STS) in the form body.
      const target = String(req.headers["x-amz-target"] ?? "");
      const form = new URLSearchParams(target ? "" : raw);
      const operation = target ? (target.split(".").pop() ?? "") : (form.get("Action") ?? "");
      const body = target && raw ? (JSON.parse(raw) as Record<string, unknown>) : Object.fromEntries(form);
      // Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261126/eu-west-1/cognito-idp/aws4_request, …
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
      const request = { operation, body, ...(region ? { region } : {}) };
      requests.push(request);
      const count = (counts.get(operation) ?? 0) + 1;
      counts.set(operation, count);
      const reply = handler(request, count);
      if (reply.hang) {
        hanging.add(res);
        return;
      }
      const contentType = reply.xml !== undefined ? "text/xml" : "application/x-amz-json-1.1";
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { "content-type": contentType, "x-amzn-requestid": `req-${requests.length}` });
        res.end(reply.xml ?? JSON.stringify(reply.body ?? {}));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const awsErrorBody = (type: string, message = type) => ({ __type: type, message });

/** sts:GetCallerIdentity's answer (awsQuery protocol). */
export const stsIdentity = (arn: string, account: string): FakeReply => ({
  xml: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAEXAMPLE</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
});

/** An STS error answer (awsQuery protocol), e.g. InvalidClientTokenId. */
export const stsError = (code: string, message = code, status = 403): FakeReply => ({
  status,
  xml: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
});
