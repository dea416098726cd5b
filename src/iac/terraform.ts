// `scan --terraform-plan plan.json`: the JSON of `terraform show -json PLANFILE` (Terraform's "JSON
// Output Format": planned_values, resource_changes with after / after_unknown, configuration with
// each expression's references). Each supported resource's planned values become the CloudFormation
// properties of the same resource, so one mapping (cloudformation.ts) builds the snapshot.
//
// Names and defaults are the Terraform AWS provider's (registry.terraform.io/providers/hashicorp/aws,
// resources aws_cognito_user_pool, aws_cognito_user_pool_client, …): e.g. mfa_configuration "Defaults
// of OFF", deletion_protection "Default value is INACTIVE", token_validity_units "defaults to hours" /
// "days". An attribute the provider leaves to AWS (Optional and Computed, shown in after_unknown on a
// create) takes the API's default when the configuration does not set it; one the configuration sets
// from another resource's attribute that is known only after apply is linked to that resource when it
// is in the plan, and is otherwise not known: the rules that read it are not evaluated.
import { InputError } from "../errors.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from "../snapshot/types.js";
import { resourceValues, toRegion, type Deployment, type TemplateResources } from "./cloudformation.js";
import { Unknown, type Resolved } from "./intrinsics.js";
import { parseTemplateText, pathKey } from "./parse.js";
import type { IacInput } from "./template.js";
import { DEFAULT_DEPLOYMENT, readText } from "./template.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Terraform resource type → the CloudFormation type it is mapped as. */
const TYPES: Record<string, string> = {
  aws_cognito_user_pool: "AWS::Cognito::UserPool",
  aws_cognito_user_pool_client: "AWS::Cognito::UserPoolClient",
  aws_cognito_user_pool_domain: "AWS::Cognito::UserPoolDomain",
  aws_cognito_identity_provider: "AWS::Cognito::UserPoolIdentityProvider",
  aws_cognito_risk_configuration: "AWS::Cognito::UserPoolRiskConfigurationAttachment",
  aws_cognito_user_group: "AWS::Cognito::UserPoolGroup",
  aws_cognito_resource_server: "AWS::Cognito::UserPoolResourceServer",
  aws_cognito_log_delivery_configuration: "AWS::Cognito::LogDeliveryConfiguration",
  aws_cognito_identity_pool: "AWS::Cognito::IdentityPool",
  aws_cognito_identity_pool_roles_attachment: "AWS::Cognito::IdentityPoolRoleAttachment",
  aws_cognito_identity_pool_provider_principal_tag: "AWS::Cognito::IdentityPoolPrincipalTag",
  aws_wafv2_web_acl: "AWS::WAFv2::WebACL",
  aws_wafv2_web_acl_association: "AWS::WAFv2::WebACLAssociation",
  aws_lambda_function: "AWS::Lambda::Function",
  aws_lambda_permission: "AWS::Lambda::Permission",
  aws_cloudtrail: "AWS::CloudTrail::Trail",
  aws_iam_role: "AWS::IAM::Role",
};

/** Argument names whose API name is not their PascalCase (the API reference's spelling). */
const NAMES: Record<string, string> = {
  from_email_address: "From",
  kms_key_id: "KMSKeyID",
  custom_sms_sender: "CustomSMSSender",
  recovery_mechanism: "RecoveryMechanisms",
  blocked_ip_range_list: "BlockedIPRangeList",
  skipped_ip_range_list: "SkippedIPRangeList",
  openid_connect_provider_arns: "OpenIdConnectProviderARNs",
  saml_provider_arns: "SamlProviderARNs",
  event_selector: "EventSelectors",
  advanced_event_selector: "AdvancedEventSelectors",
  field_selector: "FieldSelectors",
  data_resource: "DataResources",
  rule: "Rules",
  scope: "Scopes",
  log_configurations: "LogConfigurations",
  cognito_identity_providers: "CognitoIdentityProviders",
  web_acl_arn: "WebACLArn",
  enable_logging: "IsLogging",
  sms_message: "SMSMessage",
};
/** Blocks that repeat (a list in the API); every other block holds one item (an object). */
const REPEATED = new Set(["recovery_mechanism", "schema", "rule", "scope", "log_configurations", "event_selector", "advanced_event_selector", "field_selector", "data_resource", "cognito_identity_providers", "role_mapping", "mapping_rule"]);
/** Map arguments: their keys are data (attribute names, provider settings), kept as they are. */
const MAPS = new Set(["provider_details", "attribute_mapping", "supported_login_providers", "tags", "tags_all", "roles", "principal_tags"]);
/** Arguments never read: secrets, code, provider bookkeeping. */
const DROPPED = new Set(["client_secret", "environment", "filename", "source_code_hash", "s3_key", "s3_bucket", "image_uri", "tags", "tags_all", "id", "arn", "region", "timeouts"]);

const pascal = (name: string) =>
  NAMES[name] ??
  name
    .split("_")
    .map((w) => (w === "oauth" ? "OAuth" : w === "urls" ? "URLs" : w === "uri" ? "URI" : w === "ip" ? "IP" : w[0]!.toUpperCase() + w.slice(1)))
    .join("");

interface Link {
  /** What a reference to an attribute of another resource of the plan gives, or undefined when it is not in the plan. */
  resolve(expression: unknown): Resolved | undefined;
}

/**
 * Planned values (after) with the unknown ones (after_unknown) as the CloudFormation-shaped value:
 * blocks flattened, names in the API's spelling; an unknown leaf is linked through its expression's
 * references, or dropped when the configuration does not set it (AWS's default applies).
 */
function convert(after: unknown, unknown: unknown, expression: unknown, name: string | undefined, address: string, path: string, link: Link): Resolved | undefined {
  if (unknown === true) {
    const linked = link.resolve(expression);
    if (linked !== undefined) return linked;
    if (expression === undefined) return undefined;
    return new Unknown(`${address}.${path} is known only after apply (after_unknown)`);
  }
  if (after === null || after === undefined) return undefined;
  if (name !== undefined && MAPS.has(name)) return after as Resolved;
  if (Array.isArray(after)) {
    const items = after
      .map((item, i) => convert(item, Array.isArray(unknown) ? unknown[i] : undefined, Array.isArray(expression) ? expression[i] : expression, undefined, address, `${path}[${i}]`, link))
      .filter((v): v is Resolved => v !== undefined);
    const block = after.length > 0 && after.every(isObject);
    if (block && name !== undefined && !REPEATED.has(name)) return items[0] ?? null;
    return items;
  }
  if (isObject(after)) {
    const out: Record<string, Resolved> = {};
    for (const key of Object.keys({ ...after, ...(isObject(unknown) ? unknown : {}) })) {
      if (DROPPED.has(key) && path === "") continue;
      const value = convert(after[key], isObject(unknown) ? unknown[key] : undefined, isObject(expression) ? expression[key] : undefined, key, address, path ? `${path}.${key}` : key, link);
      if (value !== undefined) Object.defineProperty(out, pascal(key), { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return after as Resolved;
}

/** The properties of one resource, shaped as CloudFormation's for the same type. */
function properties(type: string, values: Record<string, Resolved>): Record<string, Resolved> {
  let p = { ...values };
  /** p without these keys (values are plain data here: nothing is lost by copying). */
  const drop = (...keys: string[]) => {
    p = Object.fromEntries(Object.entries(p).filter(([k]) => !keys.includes(k)));
  };
  const move = (from: string, to: string) => {
    if (Object.hasOwn(p, from)) {
      p[to] = p[from]!;
      drop(from);
    }
  };
  switch (type) {
    case "aws_cognito_user_pool": {
      move("Name", "UserPoolName");
      const policies: Record<string, Resolved> = {};
      if (p.PasswordPolicy !== undefined) policies.PasswordPolicy = p.PasswordPolicy;
      if (p.SignInPolicy !== undefined) policies.SignInPolicy = p.SignInPolicy;
      drop("PasswordPolicy", "SignInPolicy");
      if (Object.keys(policies).length > 0) p.Policies = policies;
      if (isObject(p.AccountRecoverySetting)) p.AccountRecoverySetting = { RecoveryMechanisms: (p.AccountRecoverySetting as Record<string, Resolved>).RecoveryMechanisms ?? [] };
      // aws_cognito_user_pool: mfa_configuration "Defaults of OFF"; deletion_protection "Default value is INACTIVE".
      p.MfaConfiguration ??= "OFF";
      p.DeletionProtection ??= "INACTIVE";
      // The MFA factors, as EnabledMfas says them: software_token_mfa_configuration.enabled, an
      // sms_configuration, an email_mfa_configuration ("Effective only when mfa_configuration is ON or OPTIONAL").
      const software = p.SoftwareTokenMfaConfiguration;
      const email = p.EmailMfaConfiguration;
      const factors: Resolved[] = [];
      if (isObject(software) && (software as Record<string, Resolved>).Enabled === true) factors.push("SOFTWARE_TOKEN_MFA");
      if (isObject(p.SmsConfiguration)) factors.push("SMS_MFA");
      if (isObject(email)) {
        factors.push("EMAIL_OTP");
        const e = email as Record<string, Resolved>;
        if (e.Message !== undefined) p.EmailAuthenticationMessage = e.Message;
        if (e.Subject !== undefined) p.EmailAuthenticationSubject = e.Subject;
      }
      const unknownFactor = [software, email].find((v) => v instanceof Unknown);
      p.EnabledMfas = unknownFactor ?? factors;
      drop("SoftwareTokenMfaConfiguration", "EmailMfaConfiguration");
      if (isObject(p.WebAuthnConfiguration)) {
        const w = p.WebAuthnConfiguration as Record<string, Resolved>;
        if (w.RelyingPartyId !== undefined) p.WebAuthnRelyingPartyID = w.RelyingPartyId;
        if (w.UserVerification !== undefined) p.WebAuthnUserVerification = w.UserVerification;
      }
      // Attributes the provider computes (not settings): the API reports them only for a pool that exists.
      drop("WebAuthnConfiguration", "EstimatedNumberOfUsers", "CreationDate", "LastModifiedDate", "Endpoint", "CustomDomain", "Domain");
      return p;
    }
    case "aws_cognito_user_pool_client":
      move("Name", "ClientName");
      // aws_cognito_user_pool_client token_validity_units: access_token and id_token "defaults to hours", refresh_token "defaults to days".
      return p;
    case "aws_cognito_user_pool_domain":
      if (p.CertificateArn !== undefined) p.CustomDomainConfig = { CertificateArn: p.CertificateArn };
      drop("CertificateArn", "AwsAccountId", "CloudfrontDistribution", "CloudfrontDistributionArn", "CloudfrontDistributionZoneId", "S3Bucket", "Version");
      return p;
    case "aws_cognito_risk_configuration":
      // Without client_id the configuration is the pool's: CloudFormation's ClientId ALL.
      p.ClientId ??= "ALL";
      return p;
    case "aws_cognito_user_group":
      move("Name", "GroupName");
      return p;
    case "aws_cognito_identity_pool":
      move("IdentityPoolName", "IdentityPoolName");
      return p;
    case "aws_cognito_identity_pool_roles_attachment": {
      // role_mapping blocks (identity_provider, type, ambiguous_role_resolution, mapping_rule: claim, match_type,
      // value, role_arn) as CloudFormation's RoleMappings; the key is any name, the provider is IdentityProvider.
      const blocks = p.RoleMapping;
      drop("RoleMapping");
      if (blocks instanceof Unknown) p.RoleMappings = blocks;
      else if (Array.isArray(blocks)) {
        p.RoleMappings = Object.fromEntries(
          blocks.map((block, i) => {
            const b = (isObject(block) ? block : {}) as Record<string, Resolved>;
            const { MappingRule: rules, ...rest } = b;
            const mapping: Record<string, Resolved> = { ...rest };
            if (Array.isArray(rules)) {
              const list = rules.map((rule): Resolved => {
                if (!isObject(rule)) return rule;
                const { RoleArn: roleArn, ...other } = rule as Record<string, Resolved>;
                if (roleArn !== undefined) other.RoleARN = roleArn;
                return other;
              });
              mapping.RulesConfiguration = { Rules: list };
            } else if (rules instanceof Unknown) mapping.RulesConfiguration = rules;
            return [`mapping${i}`, mapping];
          }),
        );
      }
      return p;
    }
    case "aws_cloudtrail":
      move("Name", "TrailName");
      // aws_cloudtrail enable_logging: "Defaults to true".
      p.IsLogging ??= true;
      return p;
    default:
      return p;
  }
}

/** The plan's resources with their module-qualified address, configuration expressions and position in resource_changes. */
interface PlanResource {
  address: string;
  /** The address without instance keys (the configuration's). */
  configAddress: string;
  module: string;
  type: string;
  name: string;
  after: Record<string, unknown>;
  afterUnknown: unknown;
  before: Record<string, unknown> | null;
  expressions: unknown;
  line: number;
}

function configurationResources(config: unknown, prefix: string, out: Map<string, unknown>): void {
  if (!isObject(config)) return;
  for (const r of Array.isArray(config.resources) ? config.resources : []) {
    if (isObject(r) && typeof r.address === "string") out.set(`${prefix}${r.address}`, r.expressions);
  }
  if (isObject(config.module_calls)) {
    for (const [name, call] of Object.entries(config.module_calls)) if (isObject(call)) configurationResources(call.module, `${prefix}module.${name}.`, out);
  }
}

export async function loadTerraformPlan(file: string): Promise<IacInput> {
  const text = await readText(file, "--terraform-plan");
  const parsed = parseTemplateText(text, file);
  const plan = parsed.data;
  if (!isObject(plan) || typeof plan.format_version !== "string" || !Array.isArray(plan.resource_changes)) {
    throw new InputError(`--terraform-plan ${file}: has no format_version and resource_changes at the top; expected the JSON of terraform show -json PLANFILE (not the binary plan file, nor terraform.tfstate).`);
  }
  const expressions = new Map<string, unknown>();
  configurationResources(isObject(plan.configuration) ? plan.configuration.root_module : undefined, "", expressions);

  const resources: PlanResource[] = [];
  plan.resource_changes.forEach((rc, index) => {
    if (!isObject(rc) || rc.mode !== "managed" || typeof rc.type !== "string" || typeof rc.address !== "string" || !isObject(rc.change)) return;
    if (!Object.hasOwn(TYPES, rc.type)) return;
    const actions = Array.isArray(rc.change.actions) ? rc.change.actions : [];
    // A resource the plan deletes is not there after apply.
    if (actions.length === 1 && actions[0] === "delete") return;
    if (!isObject(rc.change.after)) {
      throw new InputError(`--terraform-plan ${file}: line ${parsed.lines.get(pathKey(["resource_changes", String(index), "change"])) ?? "?"}: ${rc.address} has no planned values (change.after); expected a mapping.`);
    }
    const module = typeof rc.module_address === "string" ? `${rc.module_address}.` : "";
    const configAddress = rc.address.replace(/\[[^\]]*\]/g, "");
    resources.push({
      address: rc.address,
      configAddress,
      module,
      type: rc.type,
      name: typeof rc.name === "string" ? rc.name : rc.address,
      after: rc.change.after,
      afterUnknown: rc.change.after_unknown,
      before: isObject(rc.change.before) ? rc.change.before : null,
      expressions: expressions.get(configAddress),
      line: parsed.lines.get(pathKey(["resource_changes", String(index), "address"])) ?? 1,
    });
  });

  // Where the resources are: a known pool ARN (an update plan), else the provider's region, else placeholders.
  const knownArn = resources.map((r) => r.after.arn).find((a): a is string => typeof a === "string" && a.startsWith("arn:"));
  const [, partition, , arnRegion, arnAccount] = knownArn?.split(":") ?? [];
  const providerRegion = isObject(plan.configuration) && isObject(plan.configuration.provider_config) ? providerRegionOf(plan.configuration.provider_config) : undefined;
  const deployment: Deployment = {
    accountKnown: arnAccount !== undefined && /^\d{12}$/.test(arnAccount),
    accountId: arnAccount && /^\d{12}$/.test(arnAccount) ? arnAccount : DEFAULT_DEPLOYMENT.accountId,
    region: arnRegion || providerRegion || DEFAULT_DEPLOYMENT.region,
    partition: partition || DEFAULT_DEPLOYMENT.partition,
  };

  // The identifiers each resource gets: its real id when the plan knows it (it exists), else its address.
  const ids = new Map<string, { type: string; id: string; name?: string }>();
  for (const r of resources) {
    const known = typeof r.after.id === "string" ? r.after.id : undefined;
    const nameAttribute = r.after.function_name ?? (r.type === "aws_wafv2_web_acl" || r.type === "aws_cloudtrail" ? r.after.name : r.type === "aws_iam_role" ? r.after.name : undefined);
    ids.set(r.address, { type: TYPES[r.type]!, id: known ?? r.address, ...(typeof nameAttribute === "string" ? { name: nameAttribute } : {}) });
  }
  const valueOf = resourceValues(deployment, ids);
  const ATTRIBUTES: Record<string, string | undefined> = { id: undefined, arn: "Arn", function_name: undefined, qualified_arn: "Arn" };
  const link = (module: string): Link => ({
    resolve(expression) {
      const references = isObject(expression) && Array.isArray(expression.references) ? expression.references : [];
      for (const reference of references) {
        if (typeof reference !== "string") continue;
        const parts = reference.split(".");
        if (parts.length < 3 || !Object.hasOwn(TYPES, parts[0]!)) continue;
        const target = resources.find((r) => r.configAddress === `${module}${parts[0]!.replace(/\[[^\]]*\]/g, "")}.${parts[1]!.replace(/\[[^\]]*\]/g, "")}`);
        if (!target) continue;
        const attribute = parts[2]!;
        if (!Object.hasOwn(ATTRIBUTES, attribute)) continue;
        const value = valueOf(target.address, ATTRIBUTES[attribute]);
        if (value !== undefined) return value;
      }
      return undefined;
    },
  });

  const template: TemplateResources = { file, prefix: "", resources: new Map(), notes: [] };
  for (const r of resources) {
    const values = convert(r.after, r.afterUnknown, r.expressions, undefined, r.address, "", link(r.module));
    const props = properties(r.type, isObject(values) ? (values) : {});
    template.resources.set(r.address, { type: TYPES[r.type]!, properties: props, spot: { file, line: r.line, logicalId: r.address, properties: new Map() } });
  }
  const spots: IacInput["spots"] = new Map();
  const region = toRegion([template], deployment, spots, (_t, address) => ids.get(address)?.id ?? address);
  if (deployment.accountId === DEFAULT_DEPLOYMENT.accountId) {
    region.notes = [...(region.notes ?? []), `The plan names no existing resource's account: identifiers use account ${deployment.accountId} and region ${deployment.region}.`];
  }
  const snapshot: Snapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    collectedAt: new Date().toISOString(),
    source: `terraform plan ${file}`,
    accounts: [{ accountId: deployment.accountId, partition: deployment.partition, regions: [region] }],
  };
  return { snapshot, spots, files: [{ file, text }] };
}

/** The aws provider's region, when the configuration gives it as a constant. */
function providerRegionOf(providers: Record<string, unknown>): string | undefined {
  for (const provider of Object.values(providers)) {
    if (!isObject(provider) || provider.name !== "aws" || !isObject(provider.expressions)) continue;
    const region = provider.expressions.region;
    if (isObject(region) && typeof region.constant_value === "string") return region.constant_value;
  }
  return undefined;
}
