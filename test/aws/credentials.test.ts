// AwsOptions.credentials: an assumed role's credentials sign the calls, ahead of any profile.
import { expect, it } from "vitest";
import { clientConfig } from "../../src/aws/clients.js";
import { RateLimits } from "../../src/aws/rateLimit.js";
import { staticCredentials } from "./loopback.js";

it("signs with the credentials given, ahead of --profile, and leaves the default chain alone otherwise", () => {
  const credentials = staticCredentials("AKIDROLE");
  const configured = (options: Parameters<typeof clientConfig>[0]) => (clientConfig(options) as { credentials?: unknown }).credentials;
  expect(configured({ region: "eu-west-1", limits: new RateLimits(), profile: "audit", credentials })).toBe(credentials);
  const fromProfile = configured({ region: "eu-west-1", limits: new RateLimits(), profile: "audit" });
  expect(typeof fromProfile).toBe("function");
  expect(fromProfile).not.toBe(credentials);
  expect(clientConfig({ region: "eu-west-1", limits: new RateLimits() })).not.toHaveProperty("credentials");
});
