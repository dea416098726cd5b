import { expect } from "vitest";
import rule from "../../rules/refresh-token-rotation.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

// A client that allows refresh tokens and has no rotation setting, unless the case says otherwise.
const withClient = (c: Parameters<typeof appClient>[0]) =>
  poolEntry({ clients: [appClient({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], RefreshTokenRotation: undefined, ...c })] });

testRule(rule, {
  valid: [
    {
      name: "rotation on, ALLOW_REFRESH_TOKEN_AUTH removed (AWS's recommended set-up)",
      entry: withClient({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"], RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 } }),
    },
    {
      name: "rotation on with ALLOW_REFRESH_TOKEN_AUTH still listed passes, with a note",
      entry: withClient({ RefreshTokenRotation: { Feature: "ENABLED" } }),
      evidence: expect.objectContaining({ RefreshTokenRotation: "ENABLED", note: expect.stringContaining("ALLOW_REFRESH_TOKEN_AUTH") as unknown }) as Record<string, unknown>,
    },
    {
      name: "rotation on and the flow removed: no note",
      entry: withClient({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"], RefreshTokenRotation: { Feature: "ENABLED" } }),
      evidence: expect.not.objectContaining({ note: expect.anything() as unknown }) as Record<string, unknown>,
    },
    { name: "lower-case feature value", entry: withClient({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"], RefreshTokenRotation: { Feature: "enabled" as "ENABLED" } }) },
  ],
  invalid: [
    {
      name: "ALLOW_REFRESH_TOKEN_AUTH without rotation",
      entry: withClient({}),
      messageId: "notRotated",
      severity: "low",
      evidence: { RefreshTokenRotation: "absent (AWS default: DISABLED)", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
    },
    {
      name: "rotation explicitly DISABLED",
      entry: withClient({ RefreshTokenRotation: { Feature: "DISABLED", RetryGracePeriodSeconds: 0 } }),
      messageId: "notRotated",
      evidence: { RefreshTokenRotation: "DISABLED", RetryGracePeriodSeconds: 0 },
    },
    {
      name: "ExplicitAuthFlows absent: AWS's default flows allow refresh tokens",
      entry: withClient({ ExplicitAuthFlows: undefined }),
      messageId: "notRotated",
      evidence: { explicitAuthFlowsDefaulted: true, ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
    },
    { name: "ExplicitAuthFlows empty: same defaults", entry: withClient({ ExplicitAuthFlows: [] }), messageId: "notRotated" },
  ],
  notApplicable: [
    { name: "no refresh-token flow and no rotation", entry: withClient({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] }) },
    { name: "legacy flow names only", entry: withClient({ ExplicitAuthFlows: ["USER_PASSWORD_AUTH"], RefreshTokenRotation: { Feature: "DISABLED" } }) },
  ],
  notEvaluated: [
    {
      name: "the client could not be described",
      entry: poolEntry({
        clients: [{ ClientId: "hidden", ClientName: "hidden" }],
        errors: [{ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "not authorized", resource: "hidden" }],
      }),
      reason: /DescribeUserPoolClient failed with AccessDeniedException/,
    },
    {
      name: "the clients could not be listed",
      entry: poolEntry({ clients: undefined, errors: [{ operation: "ListUserPoolClients", code: "AccessDeniedException", message: "no" }] }),
      resource: "/client/*",
      reason: /ListUserPoolClients failed/,
    },
  ],
});
