import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
import { reportSchema } from "../../src/report/schema.js";

it("docs/report.schema.json is the schema the code validates with", () => {
  const published = JSON.parse(readFileSync(join(PACKAGE_ROOT, "docs", "report.schema.json"), "utf8"));
  expect(published).toEqual(JSON.parse(JSON.stringify(reportSchema)));
});
