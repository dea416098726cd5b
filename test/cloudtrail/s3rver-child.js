// s3rver on loopback in a child process: s3rver signs its continuation tokens with DES, which
// Node 20's OpenSSL 3 only offers with --openssl-legacy-provider (given to this process alone).
// In front of it: a record of every request (GET /__seen answers it, POST /__reset clears it) and
// a bucket that answers AccessDenied to everything, as a bucket policy denying the caller would.
import { createServer } from "node:http";
import S3rver from "s3rver";

const { directory, buckets, denied } = JSON.parse(process.argv[2]);
const s3rver = new S3rver({ silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
await s3rver.configureBuckets();
const handle = s3rver.callback();
let seen = [];
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://loopback");
  if (url.pathname === "/__seen") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(seen));
    return;
  }
  if (url.pathname === "/__reset") {
    seen = [];
    res.end();
    return;
  }
  seen.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams) });
  if (url.pathname === `/${denied}` || url.pathname.startsWith(`/${denied}/`)) {
    res.writeHead(403, { "content-type": "application/xml" });
    res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>r</RequestId></Error>');
    return;
  }
  handle(req, res);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
// The test ends this process; it also ends when the test's process goes away.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
