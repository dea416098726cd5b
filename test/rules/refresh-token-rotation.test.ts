import { describe, expect, it } from "vitest";
import rule from "../../rules/refresh-token-rotation.js";
import { appClient, clientTargetOf, poolEntry } from "../helpers/factories.js";
import { NOW, testRule } from "../helpers/ruleTester.js";

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

describe("refresh-token-rotation evidence", () => {
  it("notes ALLOW_REFRESH_TOKEN_AUTH left on a rotating client", () => {
    const client = appClient({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], RefreshTokenRotation: { Feature: "ENABLED" } });
    expect(rule.check!(clientTargetOf(client), rule.defaultOptions, { now: NOW })).toMatchObject({
      status: "pass",
      evidence: { RefreshTokenRotation: "ENABLED", note: expect.stringContaining("ALLOW_REFRESH_TOKEN_AUTH") as unknown },
    });
  });

  it("has no note when the flow was removed", () => {
    const client = appClient({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"], RefreshTokenRotation: { Feature: "ENABLED" } });
    const verdict = rule.check!(clientTargetOf(client), rule.defaultOptions, { now: NOW });
    expect(verdict).toMatchObject({ status: "pass" });
    expect(verdict?.status === "pass" ? verdict.evidence : undefined).not.toHaveProperty("note");
  });
});
