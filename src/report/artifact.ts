// The file SARIF results point into (the scanned snapshot, or --sarif-artifact): its size, its
// sha-256 and the line of each resource, from one pass over its bytes as they are read.
import { createHash } from "node:crypto";
import { resourceLineReader } from "../snapshot/locate.js";

export interface Artifact {
  /** URI reference relative to the repository root. */
  uri: string;
  /** Bytes. */
  length: number;
  sha256: string;
  /** Resource key → line (see snapshot/locate.ts). */
  lines: Map<string, number>;
}

export async function describeArtifact(uri: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Artifact> {
  const hash = createHash("sha256");
  const lines = resourceLineReader();
  let length = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    length += chunk.length;
    lines.feed(chunk);
  }
  return { uri, length, sha256: hash.digest("hex"), lines: lines.lines() };
}
