import { customAttributes, emptyListSources, writableBy } from "../src/cognito/attributes.js";
import { privilegedAttributeReason } from "../src/cognito/names.js";
import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "writable-privileged-attribute",
  resourceType: "client",
  severity: "critical",
  title: "Users can write an attribute that grants privileges",
  rationale:
    "A signed-in user calls UpdateUserAttributes with their own access token and sets any attribute the app client may write. When an API, an authorizer, a group-mapping trigger or an identity-pool rule trusts that attribute (custom:role, custom:tenant_id, custom:plan …), users grant themselves roles, move into another tenant or upgrade their plan with one API call.",
  remediation:
    "Remove the attribute from the client's WriteAttributes (list the writable attributes explicitly, never leave the list empty), and set authorization attributes only from a back end with AdminUpdateUserAttributes; better, use Cognito groups.",
  anchors: ["Pacu cognito__attack", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html"],
  messages: {
    privileged:
      "Users can set {{count}} privileged custom attribute(s) on themselves through this client, e.g. {{attribute}} ({{reason}}): WriteAttributes lists it.",
    privilegedUnlisted:
      "Users may be able to set {{count}} privileged custom attribute(s) on themselves through this client, e.g. {{attribute}} ({{reason}}): WriteAttributes is empty, which AWS documents as the standard attributes only, but field reports say custom attributes too.",
  },
  check({ pool, client }, _options, context) {
    const configured = context.authorizationAttributes ?? [];
    const privileged = customAttributes(pool.entry.userPool).flatMap((attribute) => {
      const reason = privilegedAttributeReason(attribute.name, configured);
      return reason ? [{ attribute, reason }] : [];
    });
    const writable = privileged.flatMap(({ attribute, reason }) => {
      const access = writableBy([client], attribute)[0];
      return access ? [{ attribute: attribute.name, matched: reason, via: access.via }] : [];
    });
    if (writable.length === 0) {
      return pass(privileged.length > 0 ? { privilegedNotWritable: privileged.map((p) => p.attribute.name) } : undefined);
    }
    const first = writable[0]!;
    const data = {
      count: writable.length,
      attribute: first.attribute,
      reason: first.matched === "configured" ? "listed in authorizationAttributes" : `name contains "${first.matched}"`,
    };
    const evidence = { attributes: writable, WriteAttributes: client.WriteAttributes ?? [] };
    // One client has either a list (each attribute listed or not) or none: never both kinds at once.
    if (first.via === "listed") return fail({ messageId: "privileged", data, evidence });
    return fail({ messageId: "privilegedUnlisted", data, evidence: { ...evidence, emptyWriteAttributes: emptyListSources("WriteAttributes") }, severity: "medium" });
  },
});
