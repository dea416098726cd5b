// The HTML report of a large estate (2,000 pools of 10 clients) opened in headless Chromium: it
// loads in seconds, the executive summary is on screen, the pools are collapsed, and the page
// logs no error (a Content-Security-Policy violation included).
import { existsSync } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSnapshot } from "../../bench/generate.js";
import { renderHtmlChunks } from "../../src/report/html.js";
import type { Report } from "../../src/report/model.js";
import { Browser, CHROMIUM, type PageMessage } from "../helpers/cdp.js";
import { scanReport } from "../helpers/scan.js";

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;
const problems = (messages: readonly PageMessage[]) => messages.filter((m) => m.level === "error" || m.level === "warning" || m.source === "exception");

// In CI the browser tests must run (a missing Chromium fails them); elsewhere they need one installed.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)("HTML report of 2,000 pools in headless Chromium", () => {
  let work = "";
  let browser: Browser;
  let report: Report;
  let page = "";

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "cognito-audit-html-browser-"));
    report = await scanReport(generateSnapshot(2_000, 10), { events: "off" });
    page = join(work, "report.html");
    await writeFile(page, [...renderHtmlChunks(report)].join(""));
    browser = await Browser.launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("reports a page's console errors, exceptions and CSP violations (control for the check below)", async () => {
    const noisy = join(work, "noisy.html");
    await writeFile(noisy, `<!DOCTYPE html><html><head><title>noisy</title></head><body><script>console.error("boom"); throw new Error("thrown");</script></body></html>`);
    const blocked = join(work, "blocked.html");
    await writeFile(blocked, `<!DOCTYPE html><html><head>${CSP}<title>blocked</title></head><body><img src="https://example.invalid/x.png" alt=""><script>document.title = "ran"</script></body></html>`);
    const before = browser.messages.length;
    await browser.open(pathToFileURL(noisy).href);
    const session = await browser.open(pathToFileURL(blocked).href);
    // Messages can trail the load event by a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await browser.evaluate<string>(session, "document.title")).toBe("blocked");
    const texts = problems(browser.messages.slice(before)).map((m) => m.text);
    expect(texts.some((t) => t.includes("boom"))).toBe(true);
    expect(texts.some((t) => t.includes("thrown"))).toBe(true);
    expect(texts.some((t) => /Content Security Policy/i.test(t) && /script/i.test(t))).toBe(true);
    expect(texts.some((t) => /Content Security Policy/i.test(t) && /image/i.test(t))).toBe(true);
  }, 60_000);

  it("loads within seconds with the summary on screen, every pool collapsed and no console error", async () => {
    expect((await stat(page)).size).toBeGreaterThan(5_000_000);
    const before = browser.messages.length;
    const started = Date.now();
    const session = await browser.open(pathToFileURL(page).href);
    const seconds = (Date.now() - started) / 1000;
    // About 2 s on an idle machine; the bound leaves room for a loaded CI runner.
    expect(seconds).toBeLessThan(20);
    const state = await browser.evaluate<{
      title: string;
      summaryText: string;
      summaryOnScreen: boolean;
      scoreOnScreen: boolean;
      pools: number;
      open: number;
      failuresShown: number;
      firstPoolSummaryShown: boolean;
      height: number;
    }>(
      session,
      `(() => {
        const onScreen = (el) => !!el && el.checkVisibility() && el.getBoundingClientRect().top < innerHeight && el.getBoundingClientRect().height > 0;
        const executive = document.getElementById("executive");
        return {
          title: document.title,
          summaryText: executive ? executive.innerText : "",
          summaryOnScreen: onScreen(executive),
          scoreOnScreen: onScreen(document.querySelector("#summary .score")) || onScreen(executive.querySelector("dl")),
          pools: document.querySelectorAll("section.pool > details").length,
          open: document.querySelectorAll("section.pool > details[open]").length,
          failuresShown: [...document.querySelectorAll("section.pool ul.failed")].filter((el) => el.checkVisibility()).length,
          firstPoolSummaryShown: document.querySelector("section.pool > details > summary").checkVisibility(),
          height: document.documentElement.scrollHeight,
        };
      })()`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(problems(browser.messages.slice(before))).toEqual([]);
    expect(state.title).toBe(`Amazon Cognito audit: ${report.accounts[0]!.accountId}, 2026-12-01`);
    expect(state.summaryOnScreen).toBe(true);
    expect(state.scoreOnScreen).toBe(true);
    expect(state.summaryText).toContain("Executive summary");
    expect(state.summaryText).toContain("Worst user pools");
    expect(state.summaryText).toContain("Top risks");
    expect(state.summaryText).toContain("2000");
    expect(state.pools).toBe(2_000);
    expect(state.open).toBe(0);
    expect(state.failuresShown).toBe(0);
    expect(state.firstPoolSummaryShown).toBe(true);
    // Collapsed, a pool is one line: the page is a list of 2,000 lines, not 100,000 findings.
    expect(state.height).toBeLessThan(2_000 * 80 + 20_000);
  }, 60_000);
});
