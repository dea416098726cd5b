import { missingRoles, poolNotScanned, trustedPool } from "../src/cognito/identityPools.js";
import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "identity-pool-open-signup",
  resourceType: "identityPool",
  severity: "medium",
  title: "Anyone can sign up to a user pool the identity pool gives AWS credentials to",
  rationale:
    "An identity pool hands authenticated users temporary AWS credentials for its authenticated role (or a role its role mappings choose). When it trusts a user pool that allows self sign-up, being authenticated costs nothing: anyone calls SignUp with the public app client id, signs in, and exchanges the ID token for those credentials — the authenticated role is then as open to the internet as a guest role.",
  remediation:
    "Either close self sign-up on the user pool (AllowAdminCreateUserOnly) or treat the authenticated role as public: scope it down to the fewest actions on per-identity resources (cognito-identity.amazonaws.com:sub in resource ARNs) and gate sign-ups with a PreSignUp trigger and WAF.",
  anchors: ["Pacu cognito__attack", "https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html"],
  messages: {
    openSignUp: "Identity pool {{name}} gives AWS credentials ({{role}}) to users of {{pool}}, where anyone can sign up{{gate}}.",
  },
  appliesTo: ({ identityPool }) => (identityPool.CognitoIdentityProviders ?? []).length > 0,
  check({ identityPool, region }) {
    const roles = identityPool.roles;
    if (!roles) return notEvaluated(missingRoles(region.entry, identityPool));
    const open: { userPool: string; role: string; preSignUpTrigger: string | null }[] = [];
    const gaps: string[] = [];
    for (const { ProviderName: provider } of identityPool.CognitoIdentityProviders ?? []) {
      const trusted = provider ? trustedPool(region.entry, provider) : undefined;
      if (!trusted) continue;
      // The role a user of this pool receives: the mappings of its app clients, else the authenticated role.
      const mapped = Object.entries(roles.RoleMappings ?? {}).filter(([key]) => key.startsWith(`${trusted.providerName}:`));
      const role = mapped.length > 0 ? `role mapping ${mapped.map(([, m]) => m.Type ?? "?").join(", ")}` : roles.Roles?.authenticated;
      if (!role) continue;
      if (!trusted.entry) {
        gaps.push(poolNotScanned(trusted));
        continue;
      }
      const userPool = trusted.entry.userPool;
      if (userPool.AdminCreateUserConfig?.AllowAdminCreateUserOnly === true) continue;
      const preSignUp = (userPool.LambdaConfig as Record<string, unknown> | undefined)?.PreSignUp;
      open.push({ userPool: userPool.Name ?? trusted.provider.poolId, role, preSignUpTrigger: typeof preSignUp === "string" && preSignUp ? preSignUp : null });
    }
    const evidence = { IdentityPoolId: identityPool.IdentityPoolId ?? null, authenticatedRole: roles.Roles?.authenticated ?? null };
    if (open.length === 0) return gaps.length > 0 ? notEvaluated([...new Set(gaps)].join("; ")) : pass(evidence);
    const first = open[0]!;
    return fail({
      messageId: "openSignUp",
      data: {
        name: identityPool.IdentityPoolName ?? identityPool.IdentityPoolId ?? "",
        role: first.role,
        pool: first.userPool,
        gate: first.preSignUpTrigger ? " (a PreSignUp trigger screens sign-ups)" : "",
      },
      evidence: { ...evidence, openUserPools: open, ...(gaps.length > 0 ? { notRead: [...new Set(gaps)] } : {}) },
    });
  },
});
