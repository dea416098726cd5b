// The generated pool validator (scripts/validators.ts) is checked in: it must be what the generator
// produces from the schema now, and judge pools as the schema compiled at run time does.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POOL_VALIDATOR_PATH, poolValidatorSource } from "../../scripts/validators.js";
import { validate as generated } from "../../src/snapshot/poolValidator.generated.js";
import { userPoolEntrySchema } from "../../src/snapshot/schema.js";
import { compileSchema } from "../../src/snapshot/validate.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";

describe("the generated pool validator", () => {
  it("is what scripts/validators.ts produces from the schema (run npm run validators)", () => {
    expect(readFileSync(POOL_VALIDATOR_PATH, "utf8"), "src/snapshot/poolValidator.generated.ts is out of date: run npm run validators").toBe(poolValidatorSource());
  });

  it("accepts and refuses what the compiled schema does, with the same errors", () => {
    const compiled = compileSchema(userPoolEntrySchema, false);
    const valid = poolEntry({ clients: [appClient({ ClientName: "web" })] });
    const cases: unknown[] = [
      valid,
      poolEntry(),
      { ...valid, userPool: { ...valid.userPool, MfaConfiguration: "SOMETIMES" } },
      { ...valid, clients: "all of them" },
      { ...valid, errors: [{ operation: 1 }] },
      { ...valid, userPool: userPool({ Name: 7 as unknown as string }) },
      { clients: [] },
      null,
      [],
    ];
    for (const data of cases) {
      const ok = compiled(data);
      const check = generated as unknown as typeof compiled;
      expect(check(data), JSON.stringify(data)?.slice(0, 80)).toBe(ok);
      expect(check.errors ?? null).toEqual(compiled.errors ?? null);
    }
  });
});
