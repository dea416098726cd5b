// The JSON report (DESIGN.md "JSON report"). Rendered in pieces, one finding per line, so that a
// report of a large estate is never held in memory as one string.
import { randomBytes } from "node:crypto";
import type { Report } from "./model.js";
import { inPieces } from "../util/pieces.js";

const FINDINGS_SLOT = '\n  "findings": []';
const FINDING_LINE = ",\n    ";

/**
 * Findings stringified per call: one JSON.stringify of many findings costs less than one call
 * each. Kept small so that each batch's string stays out of V8's large-object space, which only
 * a full collection frees: at 10,000 pools x 10 clients (590,000 findings) the report phase took
 * 6.0-7.2 s one by one, 4.2-4.4 s at 32, 5.8 s at 2,048; peak memory 518-530, 525-539 and
 * 682 MB.
 */
const BATCH = 32;

/** The report as chunks of JSON text; joined, they are one valid JSON document. */
export function renderJsonChunks(report: Report): Iterable<string> {
  return inPieces(jsonParts(report));
}

function* jsonParts(report: Report): Generator<string> {
  // Everything but the findings, pretty-printed; the findings go where the empty array stands.
  const frame = JSON.stringify({ ...report, findings: [] }, null, 2);
  const slot = frame.indexOf(FINDINGS_SLOT);
  yield `${frame.slice(0, slot)}\n  "findings": [`;
  yield* findingLines(report.findings);
  yield `${report.findings.length ? "\n  " : ""}]${frame.slice(slot + FINDINGS_SLOT.length)}\n`;
}

/**
 * The findings, each on a line of its own, a batch at a time. A batch is one array with a marker
 * string between its findings, stringified at once; each marker then becomes a line break. The
 * marker is random for each report: a string in the findings (AWS text) cannot be it, and so
 * cannot be mistaken for the gap between two findings.
 */
function* findingLines(findings: Report["findings"]): Generator<string> {
  const marker = `\u0000${randomBytes(16).toString("hex")}`;
  const gap = `,${JSON.stringify(marker)},`;
  const batch: unknown[] = [];
  for (let start = 0; start < findings.length; start += BATCH) {
    batch.length = 0;
    const end = Math.min(findings.length, start + BATCH);
    for (let i = start; i < end; i++) {
      if (i > start) batch.push(marker);
      batch.push(findings[i]);
    }
    const text = JSON.stringify(batch);
    // Without its brackets: the findings, separated by the markers.
    yield `${FINDING_LINE.slice(start === 0 ? 1 : 0)}${text.slice(1, -1).replaceAll(gap, FINDING_LINE)}`;
  }
}

export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join("");
}
