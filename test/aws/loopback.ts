// A loopback HTTP server that records every request whole (method, path, headers, body), for the
// REST services (account:ListRegions) and for checking how a request was signed.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

export async function startLoopback(answer: (request: Recorded, index: number) => Answer) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
      requests.push(request);
      const reply = answer(request, requests.length - 1);
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", "x-amzn-requestid": `req-${requests.length}`, ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A static identity for clients that must sign without touching the environment or ~/.aws. */
export const staticCredentials = (accessKeyId = "AKIDCALLER", sessionToken?: string) => async () => ({
  accessKeyId,
  secretAccessKey: "secret",
  ...(sessionToken ? { sessionToken } : {}),
});
