// The read-only guard on S3: exactly ListObjectsV2 and GetObject pass, path-style and virtual-hosted.
import { DeleteObjectCommand, GetObjectAclCommand, GetObjectCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { FinalizeRequestMiddleware } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { createClient, ReadOnlyViolation } from "../../src/aws/clients.js";
import { findReadOperation } from "../../src/aws/operations.js";
import { RateLimits } from "../../src/aws/rateLimit.js";
import { wireOperation, type WireRequest } from "../../src/aws/wire.js";

const AWS_HOST = "s3.eu-west-1.amazonaws.com";
const get = (hostname: string, path: string, query: WireRequest["query"] = {}, method = "GET"): WireRequest => ({ method, hostname, path, headers: { host: hostname }, query });
const op = (request: WireRequest) => {
  const found = wireOperation("s3", request);
  return "operation" in found ? found.operation : "unreadable";
};

describe("wireOperation on S3", () => {
  it("reads ListObjectsV2 on the bucket and GetObject of a key, path-style and virtual-hosted", () => {
    const list = { "list-type": "2", prefix: "p/AWSLogs/", delimiter: "/", "max-keys": "5", "continuation-token": "t" };
    expect(op(get(AWS_HOST, "/bucket/", list))).toBe("ListObjectsV2");
    expect(op(get(AWS_HOST, "/bucket", { "list-type": "2" }))).toBe("ListObjectsV2");
    expect(op(get("127.0.0.1", "/bucket/", list))).toBe("ListObjectsV2");
    expect(op(get("bucket.s3.eu-west-1.amazonaws.com", "/", list))).toBe("ListObjectsV2");
    expect(op(get("my.bucket.s3.dualstack.eu-west-1.amazonaws.com", "/", list))).toBe("ListObjectsV2");
    expect(op(get(AWS_HOST, "/bucket/p/AWSLogs/1/x%20y.json.gz", { "x-id": "GetObject" }))).toBe("GetObject");
    expect(op(get("bucket.s3.eu-west-1.amazonaws.com", "/p/AWSLogs/x.json.gz", { "x-id": "GetObject" }))).toBe("GetObject");
    expect(op(get("bucket.s3.amazonaws.com.cn", "/x.json", {}))).toBe("GetObject");
    // The Host header stands in when the request carries no hostname.
    expect(op({ method: "GET", path: "/", headers: { Host: "bucket.s3.eu-west-1.amazonaws.com:443" }, query: { "list-type": "2" } })).toBe("ListObjectsV2");
  });

  it("lets nothing else pass: other methods, other reads, extra or doubled query keys", () => {
    const refused: WireRequest[] = [
      // Writes.
      get(AWS_HOST, "/bucket/key", { "x-id": "PutObject" }, "PUT"),
      get(AWS_HOST, "/bucket/key", { "x-id": "DeleteObject" }, "DELETE"),
      get(AWS_HOST, "/bucket/", { delete: "" }, "POST"),
      get(AWS_HOST, "/bucket/key", { select: "", "select-type": "2" }, "POST"),
      get(AWS_HOST, "/bucket/key", {}, "HEAD"),
      // Reads that are not these two.
      get(AWS_HOST, "/", {}), // ListBuckets
      get(AWS_HOST, "/", { "list-type": "2" }), // ListBuckets, path-style: no bucket
      get(AWS_HOST, "/bucket/", {}), // ListObjects (v1)
      get(AWS_HOST, "/bucket", { "list-type": "1" }),
      get(AWS_HOST, "/bucket/", { "list-type": ["2", "2"] }),
      get(AWS_HOST, "/bucket/", { "list-type": "2", "x-id": "ListObjects" }),
      get(AWS_HOST, "/bucket/", { "list-type": "2", policy: "" }),
      get(AWS_HOST, "/bucket/", { versions: "" }),
      get(AWS_HOST, "/bucket/", { uploads: "" }),
      get("bucket.s3.eu-west-1.amazonaws.com", "/", { acl: "" }),
      get(AWS_HOST, "/bucket/key", { acl: "" }),
      get(AWS_HOST, "/bucket/key", { "x-id": "GetObjectAcl" }),
      get(AWS_HOST, "/bucket/key", { "x-id": "GetObject", versionId: "v" }),
      get(AWS_HOST, "/bucket/key", { "x-id": ["GetObject", "GetObjectAcl"] }),
      get(AWS_HOST, "/bucket/key", { uploadId: "u" }), // ListParts
      get(AWS_HOST, "/bucket/key", { torrent: "" }),
      get(AWS_HOST, "/bucket/key", { "x-id": "GetObject", "list-type": "2" }),
      // Not a bucket in the path.
      get(AWS_HOST, "//key", { "x-id": "GetObject" }),
      get(AWS_HOST, "", {}),
    ];
    for (const request of refused) expect(op(request), `${request.method} ${request.hostname}${request.path} ${JSON.stringify(request.query)}`).toBe("unreadable");
  });

  it("names s3:ListBucket as ListObjectsV2's IAM action and s3:GetObject as GetObject's", () => {
    expect(findReadOperation("s3", "ListObjectsV2")).toMatchObject({ action: "s3:ListBucket", scope: "trail", needsPermission: true });
    expect(findReadOperation("s3", "GetObject")).toMatchObject({ action: "s3:GetObject", scope: "trail" });
    expect(findReadOperation("s3", "ListObjects")).toBeUndefined();
  });
});

/** A guarded S3 client whose requests stop right after the guards: what reached the wire, nothing sent. */
function capturingClient(config: { forcePathStyle?: boolean; endpoint?: string }) {
  const seen: WireRequest[] = [];
  class Client extends S3Client {
    constructor(c: ConstructorParameters<typeof S3Client>[0]) {
      super({ ...c, ...config, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    }
  }
  const client = createClient(Client, "s3", { region: "eu-west-1", maxAttempts: 1, limits: new RateLimits(), ...(config.endpoint ? { endpointUrl: config.endpoint } : {}) });
  const capture: FinalizeRequestMiddleware<object, object> = () => (args) => {
    seen.push(args.request as WireRequest);
    return Promise.reject(new Error("captured"));
  };
  client.middlewareStack.add(capture as never, { step: "finalizeRequest", name: "capture", priority: "low" });
  return { client, seen };
}

describe("the guarded S3 client", () => {
  for (const [style, config] of [
    ["virtual-hosted on AWS", {}],
    ["path-style on AWS", { forcePathStyle: true }],
    ["path-style on an emulator", { forcePathStyle: true, endpoint: "http://127.0.0.1:9" }],
  ] as const) {
    it(`lets the SDK's ListObjectsV2 and GetObject through, ${style}`, async () => {
      const { client, seen } = capturingClient(config);
      await expect(client.send(new ListObjectsV2Command({ Bucket: "trail-bucket", Prefix: "p/AWSLogs/", Delimiter: "/", MaxKeys: 3, ContinuationToken: "t" }))).rejects.toThrow("captured");
      await expect(client.send(new GetObjectCommand({ Bucket: "trail-bucket", Key: "p/AWSLogs/1/x y+z.json.gz" }))).rejects.toThrow("captured");
      expect(seen.map((r) => [r.method, op(r)])).toEqual([
        ["GET", "ListObjectsV2"],
        ["GET", "GetObject"],
      ]);
      client.destroy();
    });
  }

  it("refuses every other S3 command by name, before anything is serialised", async () => {
    const { client, seen } = capturingClient({});
    for (const command of [
      new PutObjectCommand({ Bucket: "b", Key: "k", Body: "x" }),
      new DeleteObjectCommand({ Bucket: "b", Key: "k" }),
      new ListObjectsCommand({ Bucket: "b" }),
      new GetObjectAclCommand({ Bucket: "b", Key: "k" }),
    ]) {
      await expect(client.send(command as never)).rejects.toBeInstanceOf(ReadOnlyViolation);
    }
    expect(seen).toHaveLength(0);
    client.destroy();
  });

  it("refuses a GetObject rewritten on its way to the wire (another method, another query)", async () => {
    const { client, seen } = capturingClient({ forcePathStyle: true });
    let rewrite: (r: WireRequest) => void = () => {};
    client.middlewareStack.add(
      (next) => (args) => {
        rewrite(args.request as WireRequest);
        return next(args);
      },
      { step: "build", name: "tamper" },
    );
    for (rewrite of [(r: WireRequest) => (r.method = "DELETE"), (r: WireRequest) => (r.query = { acl: "" }), (r: WireRequest) => (r.path = "/")]) {
      await expect(client.send(new GetObjectCommand({ Bucket: "trail-bucket", Key: "k.json" }))).rejects.toBeInstanceOf(ReadOnlyViolation);
    }
    expect(seen).toHaveLength(0);
    client.destroy();
  });
});
