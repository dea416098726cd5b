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

/** Where a resource of infrastructure code is written: a file of `SourceArtifacts.files`, a line, and its properties' lines. */
export interface SourceLocation {
  index: number;
  line: number;
  properties: ReadonlyMap<string, number>;
}

/** The files of infrastructure code a scan read (templates, a plan): SARIF results point at the resource's line in them. */
export interface SourceArtifacts {
  files: Omit<Artifact, "lines">[];
  /** Resource key (as for Artifact.lines) → where it is written. */
  locations: Map<string, SourceLocation>;
}

/** The size and sha-256 of a file read whole. */
export function describeText(uri: string, text: string): Omit<Artifact, "lines"> {
  const bytes = Buffer.from(text, "utf8");
  return { uri, length: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}
