import { describe, expect, it } from "vitest";
import { redactUrl } from "../../src/snapshot/redact.js";

describe("endpoint URLs without credentials", () => {
  it.each([
    ["http://user:pass@127.0.0.1:1/", "http://127.0.0.1:1/"],
    ["https://key@example.com/path?q=1", "https://example.com/path?q=1"],
    ["HTTP://a:b:c@d@host:9/x@y", "HTTP://host:9/x@y"],
    ["http://127.0.0.1:9229", "http://127.0.0.1:9229"],
    ["http://host/p@q", "http://host/p@q"],
    ["not a url user:pass@", "not a url user:pass@"],
  ])("%s -> %s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it("agrees with the URL parser about what the credentials are", () => {
    for (const url of ["http://u:p@h/", "http://u%40x:p@h:1/a", "https://:secret@h"]) {
      const parsed = new URL(redactUrl(url));
      expect(parsed.username + parsed.password).toBe("");
      expect(parsed.host).toBe(new URL(url).host);
    }
  });
});
