import { customAttributes, writableBy } from "../src/cognito/attributes.js";
import { privilegedAttributeReason } from "../src/cognito/names.js";
import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

const EMPTY_LIST_NOTE =
  "WriteAttributes is empty: AWS then lets the client write attributes without a list (the console's default grants every mutable attribute), so every mutable custom attribute is treated as writable";

export default defineConfigRule({
  id: "writable-privileged-attribute",
  resourceType: "client",
  severity: "critical",
  title: "Users can write an attribute that grants privileges",
  rationale:
    "A signed-in user calls UpdateUserAttributes with their own access token and sets any attribute the app client may write. When an API, an authorizer, a group-mapping trigger or an identity-pool rule trusts that attribute (custom:role, custom:tenant_id, custom:plan …), users grant themselves roles, move into another tenant or upgrade their plan with one API call.",
  remediation:
    "Remove the attribute from the client's WriteAttributes (list the writable attributes explicitly, never leave the list empty), and set authorization attributes only from a back end with AdminUpdateUserAttributes; better, use Cognito groups.",
  anchors: ["Pacu", "seed"],
  messages: {
    privileged:
      "Users can set {{count}} privileged custom attribute(s) on themselves through this client, e.g. {{attribute}} ({{reason}}){{via}}.",
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
    const emptyList = writable.some((w) => w.via === "all");
    return fail({
      messageId: "privileged",
      data: {
        count: writable.length,
        attribute: first.attribute,
        reason: first.matched === "configured" ? "listed in authorizationAttributes" : `name contains "${first.matched}"`,
        via: emptyList ? "; WriteAttributes is empty, so every mutable attribute is writable" : "",
      },
      evidence: {
        attributes: writable,
        WriteAttributes: client.WriteAttributes ?? [],
        ...(emptyList ? { note: EMPTY_LIST_NOTE } : {}),
      },
    });
  },
});
