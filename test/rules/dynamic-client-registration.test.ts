import rule from "../../rules/dynamic-client-registration.js";
import type { UserPool } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withDcr = (DcrConfiguration: UserPool["DcrConfiguration"]) => poolEntry({ userPool: userPool({ DcrConfiguration }) });

testRule(rule, {
  valid: [
    { name: "not configured", entry: withDcr(undefined), evidence: { DcrConfiguration: null } },
    { name: "configured but disabled", entry: withDcr({ EnableStatus: "Disabled", OpenDcrEnabled: true, OpenDcrGrantTypes: ["client_credentials"] }) },
    {
      name: "authenticated registration with the code grant only",
      entry: withDcr({ EnableStatus: "Enabled", AuthenticatedGrantTypes: ["code"], AllowedScopes: ["https://api.example.com/read"] }),
      evidence: {
        EnableStatus: "Enabled",
        OpenDcrEnabled: false,
        OpenDcrGrantTypes: null,
        AuthenticatedGrantTypes: ["code"],
        AllowedScopes: ["https://api.example.com/read"],
      },
    },
    {
      name: "open registration switched on with an empty grant list refuses every open request",
      entry: withDcr({ OpenDcrEnabled: true, OpenDcrGrantTypes: [], AuthenticatedGrantTypes: ["code"] }),
    },
    {
      name: "every registration refused: the admin scope cannot be requested",
      entry: withDcr({ OpenDcrEnabled: false, AuthenticatedGrantTypes: [], AllowedScopes: ["aws.cognito.signin.user.admin"] }),
    },
    {
      name: "implicit is ignored by AWS",
      entry: withDcr({ AuthenticatedGrantTypes: ["code", "implicit"] }),
    },
    {
      name: "client_credentials in authenticated registration, accepted by option",
      entry: withDcr({ EnableStatus: "Enabled", AuthenticatedGrantTypes: ["client_credentials"] }),
      options: { allowAuthenticatedClientCredentials: true },
    },
  ],
  invalid: [
    {
      name: "open registration with client_credentials is critical",
      entry: withDcr({ EnableStatus: "Enabled", OpenDcrEnabled: true, OpenDcrGrantTypes: ["code", "client_credentials"], AuthenticatedGrantTypes: ["code"] }),
      messageId: "openClientCredentials",
      severity: "critical",
      evidence: { OpenDcrGrantTypes: ["code", "client_credentials"] },
    },
    {
      name: "open registration with AWS's default grant (code) is high",
      entry: withDcr({ OpenDcrEnabled: true, AuthenticatedGrantTypes: ["code"] }),
      messageId: "open",
      severity: "high",
      evidence: { EnableStatus: "Enabled (default)", OpenDcrGrantTypes: ["code (default)"] },
    },
    {
      name: "registered clients may request the admin scope",
      entry: withDcr({ EnableStatus: "Enabled", AuthenticatedGrantTypes: ["code"], AllowedScopes: ["aws.cognito.signin.user.admin"] }),
      messageId: "adminScope",
      severity: "medium",
    },
    {
      name: "authenticated registration without grant types allows client_credentials by AWS's default",
      entry: withDcr({ EnableStatus: "Enabled" }),
      messageId: "authenticatedClientCredentials",
      severity: "medium",
      data: { how: " (AuthenticatedGrantTypes is not set, and AWS's default includes it)" },
      evidence: { AuthenticatedGrantTypes: ["code (default)", "client_credentials (default)"] },
    },
    {
      name: "authenticated registration lists client_credentials",
      entry: withDcr({ EnableStatus: "Enabled", AuthenticatedGrantTypes: ["client_credentials"] }),
      messageId: "authenticatedClientCredentials",
      data: { how: "" },
    },
    {
      name: "the option does not excuse open registration",
      entry: withDcr({ OpenDcrEnabled: true, OpenDcrGrantTypes: ["client_credentials"] }),
      options: { allowAuthenticatedClientCredentials: true },
      messageId: "openClientCredentials",
    },
  ],
});
