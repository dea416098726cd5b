// Escaping for every output format: each string from AWS or CloudTrail is hostile.
import { asText } from "../util/text.js";
import { terminalSafe } from "../util/terminal.js";

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML element content and quoted attribute values. */
export const escapeHtml = (text: unknown): string => asText(text).replace(/[&<>"']/g, (ch) => HTML[ch]!);

/** Text for XML element content and attributes; characters XML 1.0 cannot carry are dropped. */
export const escapeXml = (text: unknown): string =>
  asText(text)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/[&<>"']/g, (ch) => (ch === "'" ? "&apos;" : HTML[ch]!));

/**
 * Plain text for SARIF messages: viewers turn `[text](target)` into a link, so brackets (and the
 * backslash that escapes them) are escaped; control characters are removed.
 */
export const escapeSarifText = (text: unknown): string => terminalSafe(asText(text)).replace(/[\\[\]]/g, (ch) => `\\${ch}`);

/**
 * Text for Markdown (GitHub-flavoured), inline and in table cells: no HTML, links, images,
 * emphasis, code spans or table breaks can come from the data; control characters are removed.
 */
export const escapeMarkdown = (text: unknown): string =>
  terminalSafe(asText(text))
    .replace(/[\\`*_{}[\]()<>#+\-.!|~&@:]/g, (ch) => `\\${ch}`)
    // GitHub links @mentions and #references after rendering: a zero-width space defuses them.
    .replace(/[@#]/g, "$&\u200b")
    .replace(/\s+/g, " ");
