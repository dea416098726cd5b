// Every JSON report the test suite produces is checked against the published schema.
import { expect } from "vitest";
import { reportSchema } from "../../src/report/schema.js";
import { compileSchema } from "../../src/snapshot/validate.js";

const validate = compileSchema(reportSchema);

/** Validates `text` when it is a cognito-audit JSON report; returns whether it was one. */
export function checkIfReport(text: string): boolean {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return false;
  }
  if ((data as { format?: unknown } | null)?.format !== "cognito-audit/report") return false;
  expect(validate(data), `JSON report does not match docs/report.schema.json: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
  return true;
}
