import { describeAccess, schemaAttribute, writableBy } from "../src/cognito/attributes.js";
import { missingRoles, poolNotScanned, trustedPool } from "../src/cognito/identityPools.js";
import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { missingSectionReason } from "../src/snapshot/sections.js";

/** Where the identity pool reads a claim of a user pool's ID token. */
interface ClaimUse {
  provider: string;
  claim: string;
  /** "role mapping rule 1 → arn:aws:iam::…:role/x" or "principal tag tenant". */
  use: string;
}

const EMPTY_LIST_NOTE =
  "WriteAttributes is empty on the clients marked so: the API reference says such a client may write the standard attributes only, field reports say custom attributes too; the claim is treated as writable, at a lower severity than a listed one";

export default defineConfigRule({
  id: "identity-pool-writable-claim",
  resourceType: "identityPool",
  severity: "high",
  title: "The identity pool chooses roles or session tags from attributes users can change",
  rationale:
    "Role-mapping rules pick the IAM role from a claim of the user pool's ID token, and principal tags copy claims into the session's aws:PrincipalTag values that attribute-based access control policies trust. Every attribute an app client may write is a claim the signed-in user sets on themselves with UpdateUserAttributes: a user who writes custom:role=admin or custom:tenant=other-customer gets the matching role's credentials or passes the ABAC condition of another tenant.",
  remediation:
    "Map roles and principal tags only from claims users cannot write: Cognito groups (cognito:groups with Token role mapping), immutable or developer-only attributes, or attributes set from a back end with AdminUpdateUserAttributes and removed from every app client's WriteAttributes.",
  anchors: ["Pacu cognito__attack", "https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html", "https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetPrincipalTagAttributeMap.html"],
  messages: {
    writable: "Identity pool {{name}} reads claim {{claim}} for {{use}}, and users can write it on themselves through app client(s) {{clients}}{{more}}.",
  },
  // Role mappings and tag maps exist only for the identity pool's providers; the user pools among them are what this rule reads.
  appliesTo: ({ identityPool }) => (identityPool.CognitoIdentityProviders ?? []).length > 0,
  check({ identityPool, region }) {
    if (!identityPool.roles) return notEvaluated(missingRoles(region.entry, identityPool));
    const uses: ClaimUse[] = [];
    for (const [provider, mapping] of Object.entries(identityPool.roles.RoleMappings ?? {})) {
      if (mapping.Type !== "Rules") continue;
      (mapping.RulesConfiguration?.Rules ?? []).forEach((rule, i) => {
        if (rule.Claim) uses.push({ provider, claim: rule.Claim, use: `role mapping rule ${i + 1} (${rule.MatchType ?? "?"} "${rule.Value ?? ""}" → ${rule.RoleARN ?? "?"})` });
      });
    }
    const gaps: string[] = [];
    for (const { ProviderName: provider } of identityPool.CognitoIdentityProviders ?? []) {
      if (!provider) continue;
      const tags = identityPool.principalTags;
      if (!tags || !Object.hasOwn(tags, provider)) {
        gaps.push(`the principal tag map of ${provider} could not be read (GetPrincipalTagAttributeMap)`);
        continue;
      }
      // UseDefaults maps the tags username and client to sub and aud: neither is writable.
      for (const [tag, claim] of Object.entries(tags[provider]?.PrincipalTags ?? {})) uses.push({ provider, claim, use: `principal tag ${tag}` });
    }

    const writable: { claim: string; use: string; userPool: string; clients: string[]; listed: boolean }[] = [];
    const judged: { claim: string; use: string; userPool: string }[] = [];
    for (const use of uses) {
      const trusted = trustedPool(region.entry, use.provider);
      // Another kind of provider (OIDC, SAML, social): its claims come from that provider, not from users' attributes.
      if (!trusted) continue;
      if (!trusted.entry) {
        gaps.push(poolNotScanned(trusted));
        continue;
      }
      const { userPool, clients } = trusted.entry;
      if (!clients) {
        gaps.push(`the app clients of ${trusted.provider.poolId} were not collected (${missingSectionReason(trusted.entry.errors, "clients")})`);
        continue;
      }
      const attribute = schemaAttribute(userPool, use.claim);
      const access = attribute ? writableBy(clients, attribute) : [];
      const poolName = userPool.Name ?? trusted.provider.poolId;
      judged.push({ claim: use.claim, use: use.use, userPool: poolName });
      if (access.length > 0) {
        writable.push({ claim: use.claim, use: use.use, userPool: poolName, clients: describeAccess(access, "WriteAttributes"), listed: access.some((a) => a.via === "listed") });
      }
    }

    const evidence = {
      IdentityPoolId: identityPool.IdentityPoolId ?? null,
      ...(gaps.length > 0 ? { notRead: [...new Set(gaps)] } : {}),
    };
    if (writable.length === 0) {
      if (gaps.length > 0) return notEvaluated([...new Set(gaps)].join("; "));
      return pass({ ...evidence, claimsRead: judged });
    }
    const first = writable.find((w) => w.listed) ?? writable[0]!;
    const onlyEmptyLists = !writable.some((w) => w.listed);
    return fail({
      messageId: "writable",
      data: {
        name: identityPool.IdentityPoolName ?? identityPool.IdentityPoolId ?? "",
        claim: first.claim,
        use: first.use,
        clients: first.clients.join(", "),
        more: writable.length > 1 ? ` (${writable.length - 1} more claim use(s) in the evidence)` : "",
      },
      evidence: { ...evidence, writableClaims: writable, ...(writable.some((w) => !w.listed) ? { note: EMPTY_LIST_NOTE } : {}) },
      ...(onlyEmptyLists ? { severity: "medium" as const } : {}),
    });
  },
});
