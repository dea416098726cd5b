// Every report format, by name: one place that knows how to render each.
import { inPieces } from "../util/pieces.js";
import type { PassCases } from "../engine/passCases.js";
import type { Artifact, SourceArtifacts } from "./artifact.js";
import { renderAsffChunks } from "./asff.js";
import { renderHtmlChunks } from "./html.js";
import { renderJsonChunks } from "./json.js";
import { renderJunitChunks } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import type { Report } from "./model.js";
import { focusReport, type FocusOptions } from "./view.js";
import { renderOcsfChunks } from "./ocsf.js";
import { renderSarifChunks } from "./sarif.js";
import { renderTable } from "./table.js";

export const FORMATS = ["table", "json", "sarif", "markdown", "junit", "html", "ocsf", "asff"] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderContext {
  /** chalk colour level for the table (0 for files). */
  colorLevel: 0 | 1 | 2 | 3;
  /** Terminal width for the table. */
  width?: number;
  /** For SARIF: the scanned file that results point into (describeArtifact). */
  artifact?: Artifact;
  /** For SARIF: the infrastructure code scanned (--template, --terraform-plan), instead of `artifact`. */
  sources?: SourceArtifacts;
  /** What the table, Markdown and HTML show of the failures (--min-severity, --only-new, --top, --group-by); JSON, SARIF and JUnit list everything. */
  focus?: FocusOptions;
  /** For JUnit: the passed checks that the report only counts (without --include-passed), each a test case. */
  passCases?: PassCases;
}

/** The report in `format`, as chunks of text (a large JSON report is never one string). */
/** The table's lines go out in writes of about 64 KB: one write per line is slow on a pipe. */
const TABLE_PIECE = 1 << 16;

export function renderReport(report: Report, format: Format, context: RenderContext): Iterable<string> {
  switch (format) {
    case "json":
      return renderJsonChunks(report);
    case "table":
      return inPieces(renderTable(focusReport(report, context.focus), { colorLevel: context.colorLevel, width: context.width }), TABLE_PIECE);
    case "sarif":
      return renderSarifChunks(report, { artifact: context.artifact, sources: context.sources });
    case "markdown":
      return [renderMarkdown(focusReport(report, context.focus))];
    case "junit":
      return renderJunitChunks(report, context.passCases);
    case "html":
      return renderHtmlChunks(focusReport(report, context.focus));
    case "ocsf":
      return renderOcsfChunks(report);
    case "asff":
      return renderAsffChunks(report);
  }
}
