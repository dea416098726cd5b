// s3rver on loopback for the S3 source's tests, started and stopped by each test file: a child
// process (s3rver-child.js) that records every request and denies one bucket.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

/** A request as the server saw it. */
export interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface LoopbackS3 {
  endpoint: string;
  /** Puts objects with a plain client (not the audit's), then forgets those requests. */
  put(bucket: string, objects: Record<string, Buffer>): Promise<void>;
  /** Every request since the last reset. */
  requests(): Promise<Seen[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** s3rver's own credentials (it checks signatures). */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export async function startS3rver(buckets: string[], denied: string): Promise<LoopbackS3> {
  const directory = await mkdtemp(join(tmpdir(), "ca-s3rver-"));
  const child: ChildProcess = spawn(process.execPath, ["--openssl-legacy-provider", fileURLToPath(new URL("./s3rver-child.js", import.meta.url)), JSON.stringify({ directory, buckets, denied })], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const reset = async () => {
    await fetch(`${endpoint}/__reset`, { method: "POST" });
  };
  return {
    endpoint,
    async put(bucket, objects) {
      const seed = new S3Client({ region: "eu-west-1", endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
      for (const [Key, Body] of Object.entries(objects)) await seed.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
      seed.destroy();
      await reset();
    },
    requests: async () => (await (await fetch(`${endpoint}/__seen`)).json()) as Seen[],
    reset,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
