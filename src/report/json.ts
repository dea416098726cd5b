// The JSON report (DESIGN.md "JSON report"). Rendered in pieces, one finding per line, so that a
// report of a large estate is never held in memory as one string.
import type { Report } from "./model.js";
import { inPieces } from "../util/pieces.js";

const FINDINGS_SLOT = '\n  "findings": []';

/** The report as chunks of JSON text; joined, they are one valid JSON document. */
export function renderJsonChunks(report: Report): Iterable<string> {
  return inPieces(jsonParts(report));
}

function* jsonParts(report: Report): Generator<string> {
  // Everything but the findings, pretty-printed; the findings go where the empty array stands.
  const frame = JSON.stringify({ ...report, findings: [] }, null, 2);
  const slot = frame.indexOf(FINDINGS_SLOT);
  yield `${frame.slice(0, slot)}\n  "findings": [`;
  for (let i = 0; i < report.findings.length; i++) yield `${i === 0 ? "" : ","}\n    ${JSON.stringify(report.findings[i])}`;
  yield `${report.findings.length ? "\n  " : ""}]${frame.slice(slot + FINDINGS_SLOT.length)}\n`;
}

export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join("");
}
