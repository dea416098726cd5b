import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown, escapeXml } from "../../src/report/escape.js";

describe("escaping", () => {
  it("HTML", () => {
    expect(escapeHtml(`<img src=x onerror=alert(1)>&"'`)).toBe("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;");
  });
  it("XML, dropping characters XML cannot carry", () => {
    expect(escapeXml("a<b>&\"'\u0001\u001b[31m")).toBe("a&lt;b&gt;&amp;&quot;&apos;[31m");
  });
  it("Markdown: no links, HTML, tables or mentions from data", () => {
    const out = escapeMarkdown("[click](https://evil.example) <script> | *x* `y` @team\n# head");
    expect(out).not.toMatch(/(^|[^\\])[[\]()<>|*`@#]/);
    expect(out).not.toContain("\n");
  });
});

describe("SARIF text", () => {
  it("escapes link brackets and removes control characters", async () => {
    const { escapeSarifText } = await import("../../src/report/escape.js");
    expect(escapeSarifText("[click](https://evil.example) a\\b \u001b[31mred")).toBe("\\[click\\](https://evil.example) a\\\\b red");
  });
});
