// `scan --template FILE|DIR`: CloudFormation templates (YAML or JSON), a CDK app's cdk.out and the
// nested stacks they reference locally, read into one snapshot v1 region.
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from "../snapshot/types.js";
import { resourceValues, toRegion, type Deployment, type TemplateResources } from "./cloudformation.js";
import { Resolver, Unknown, type Resolved, type Scope } from "./intrinsics.js";
import { parseTemplateText, pathKey, type ParsedTemplate } from "./parse.js";
import type { SourceSpots } from "./spots.js";

export interface TemplateOptions {
  /** --parameter Key=Value, in order (later wins). */
  parameters?: readonly string[];
  /** --parameters-file FILE. */
  parametersFile?: string;
}

export interface IacInput {
  snapshot: Snapshot;
  spots: SourceSpots;
  /** Every file read, for the SARIF artifacts. */
  files: { file: string; text: string }[];
}

/** Placeholders for the pseudo parameters that name the account and region, when not given. */
export const DEFAULT_DEPLOYMENT: Deployment = { accountId: "000000000000", region: "us-east-1", partition: "aws" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A file's text; an unreadable file is an input error naming the option and the file. */
export async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`${what} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a readable file.`);
  }
}

/** `Key=Value` pairs and a parameters file as one map (the command line wins over the file). */
export async function parameterValues(options: TemplateOptions): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  if (options.parametersFile) {
    const file = options.parametersFile;
    const parsed = parseTemplateText(await readText(file, "--parameters-file"), file).data;
    // The CLI's `[{ParameterKey, ParameterValue}]`, CodePipeline's `{Parameters: {…}}`, or a plain mapping.
    const entries: [unknown, unknown][] = Array.isArray(parsed)
      ? parsed.map((p) => [isObject(p) ? p.ParameterKey : undefined, isObject(p) ? p.ParameterValue : undefined])
      : isObject(parsed)
        ? Object.entries(isObject(parsed.Parameters) ? parsed.Parameters : parsed)
        : [];
    if (!Array.isArray(parsed) && !isObject(parsed)) throw new InputError(`--parameters-file ${file}: expected a list of {"ParameterKey", "ParameterValue"} or a mapping of parameter names to values.`);
    entries.forEach(([key, value], index) => {
      if (typeof key !== "string" || !["string", "number", "boolean"].includes(typeof value)) {
        throw new InputError(`--parameters-file ${file}: entry ${index + 1} is not a parameter name with a string value; expected {"ParameterKey": "Name", "ParameterValue": "value"} or "Name": "value".`);
      }
      values.set(key, String(value));
    });
  }
  for (const spec of options.parameters ?? []) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new InputError(`--parameter ${JSON.stringify(spec)}: expected Key=Value, for example --parameter MfaMode=ON.`);
    values.set(spec.slice(0, eq), spec.slice(eq + 1));
  }
  return values;
}

/** The templates a path names: the file, or the templates in the directory (a CDK cdk.out among them). */
async function templateFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputError(`--template ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a CloudFormation template or a directory of them (a CDK cdk.out).`);
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => /\.(template\.json|json|ya?ml)$/i.test(n) && !/^(manifest|tree|cdk)\.json$|\.assets\.json$/i.test(n)).sort();
  if (names.length === 0) throw new InputError(`--template ${path}: the directory holds no .json, .yaml or .yml file; expected CloudFormation templates or a CDK cdk.out.`);
  return names.map((n) => join(path, n));
}

interface Loaded {
  parsed: ParsedTemplate;
  text: string;
}

export async function loadTemplates(path: string, options: TemplateOptions): Promise<IacInput> {
  const given = await parameterValues(options);
  const deployment: Deployment = {
    accountKnown: given.has("AWS::AccountId"),
    accountId: given.get("AWS::AccountId") ?? DEFAULT_DEPLOYMENT.accountId,
    region: given.get("AWS::Region") ?? DEFAULT_DEPLOYMENT.region,
    partition: given.get("AWS::Partition") ?? DEFAULT_DEPLOYMENT.partition,
  };
  const files = await templateFiles(path);
  const isDirectory = files.length !== 1 || files[0] !== path;
  const loaded = new Map<string, Loaded>();
  const read = async (file: string): Promise<Loaded> => {
    const key = resolve(file);
    const known = loaded.get(key);
    if (known) return known;
    const text = await readText(file, "--template");
    const entry = { parsed: parseTemplateText(text, file), text };
    loaded.set(key, entry);
    return entry;
  };
  const roots: Loaded[] = [];
  for (const file of files) {
    const entry = await read(file);
    if (!isObject(entry.parsed.data) || !isObject(entry.parsed.data.Resources)) {
      if (!isDirectory) throw new InputError(`--template ${file}: has no Resources mapping at the top; expected a CloudFormation template.`);
      continue;
    }
    roots.push(entry);
  }
  if (roots.length === 0) throw new InputError(`--template ${path}: no file of the directory is a CloudFormation template (none has a top-level Resources mapping).`);

  const templates: TemplateResources[] = [];
  const nested = new Set<string>();
  const walk = async (entry: Loaded, prefix: string, values: Map<string, string>, stack: string[]) => {
    const evaluated = evaluate(entry.parsed, prefix, values, deployment);
    templates.push(evaluated.template);
    for (const child of evaluated.children) {
      const file = resolve(dirname(entry.parsed.file), child.path);
      if (stack.includes(file)) throw new InputError(`${entry.parsed.file}: the nested stack ${child.logicalId} includes ${child.path}, which includes it back; expected nested stacks without a cycle.`);
      nested.add(file);
      const childEntry = await read(join(dirname(entry.parsed.file), child.path));
      await walk(childEntry, `${prefix}${child.logicalId}/`, child.parameters, [...stack, file]);
    }
  };
  // A template that a parent includes is scanned as its nested stack only (CDK writes both to cdk.out).
  const referenced = new Set<string>();
  for (const root of roots) for (const c of nestedStacks(root.parsed)) referenced.add(resolve(dirname(root.parsed.file), c));
  const tops = roots.filter((r) => !referenced.has(resolve(r.parsed.file)));
  for (const root of tops) {
    const prefix = tops.length > 1 ? `${basename(root.parsed.file).replace(/\.(template\.json|json|ya?ml)$/i, "")}/` : "";
    await walk(root, prefix, given, [resolve(root.parsed.file)]);
  }

  const spots: SourceSpots = new Map();
  const region = toRegion(templates, deployment, spots, (t, logicalId) => `${t.prefix}${logicalId}`);
  region.notes = [
    ...templates.flatMap((t) => t.notes),
    ...(region.notes ?? []),
    ...(given.has("AWS::AccountId") && given.has("AWS::Region")
      ? []
      : [
          `The account and region a template is deployed to are not known before deploy: identifiers use account ${deployment.accountId} and region ${deployment.region} (give --parameter AWS::AccountId=… and --parameter AWS::Region=… to name them).`,
        ]),
  ];
  const snapshot: Snapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    collectedAt: new Date().toISOString(),
    source: `template ${path}`,
    accounts: [{ accountId: deployment.accountId, partition: deployment.partition, regions: [region] }],
  };
  return { snapshot, spots, files: [...loaded.values()].map((l) => ({ file: l.parsed.file, text: l.text })) };
}

/** The local paths of the nested stacks a template names (TemplateURL, or CDK's aws:asset:path metadata). */
function nestedStacks(parsed: ParsedTemplate): string[] {
  const resources = isObject(parsed.data) && isObject(parsed.data.Resources) ? parsed.data.Resources : {};
  return Object.values(resources)
    .map((r) => (isObject(r) && r.Type === "AWS::CloudFormation::Stack" ? localTemplate(r) : undefined))
    .filter((p): p is string => p !== undefined);
}

function localTemplate(resource: Record<string, unknown>): string | undefined {
  const metadata = isObject(resource.Metadata) ? resource.Metadata : {};
  // cdk synth writes the nested template beside its parent and names it in the resource's metadata.
  if (typeof metadata["aws:asset:path"] === "string" && metadata["aws:asset:property"] === "TemplateURL") return metadata["aws:asset:path"];
  const url = isObject(resource.Properties) ? resource.Properties.TemplateURL : undefined;
  // A local path, as `aws cloudformation package` reads it; an https:// or s3:// URL is not read.
  return typeof url === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : undefined;
}

const PSEUDO_UNKNOWN: Record<string, string> = {
  "AWS::StackName": "AWS::StackName is the stack's name, chosen at deploy",
  "AWS::StackId": "AWS::StackId is assigned at deploy",
  "AWS::NotificationARNs": "AWS::NotificationARNs are given at deploy",
};

interface Evaluated {
  template: TemplateResources;
  children: { logicalId: string; path: string; parameters: Map<string, string> }[];
}

/** A template's parameters, conditions and resources, evaluated with the values given. */
function evaluate(parsed: ParsedTemplate, prefix: string, given: Map<string, string>, deployment: Deployment): Evaluated {
  const data = parsed.data as Record<string, unknown>;
  const resources = data.Resources as Record<string, unknown>;
  const parameters = isObject(data.Parameters) ? data.Parameters : {};
  const notes: string[] = [];
  const values = new Map<string, string | string[]>([
    ["AWS::AccountId", deployment.accountId],
    ["AWS::Region", deployment.region],
    ["AWS::Partition", deployment.partition],
    ["AWS::URLSuffix", deployment.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"],
  ]);
  const missing = new Map<string, string>(Object.entries(PSEUDO_UNKNOWN));
  for (const [name, declaration] of Object.entries(parameters)) {
    const spec = isObject(declaration) ? declaration : {};
    const type = typeof spec.Type === "string" ? spec.Type : "String";
    const value = given.get(name) ?? (typeof spec.Default === "string" || typeof spec.Default === "number" || typeof spec.Default === "boolean" ? String(spec.Default) : Array.isArray(spec.Default) ? spec.Default.join(",") : undefined);
    if (value === undefined) {
      missing.set(name, `the parameter ${name} has no default and no value was given (--parameter ${name}=…)`);
    } else if (type.startsWith("AWS::SSM::Parameter::Value") && !given.has(name)) {
      missing.set(name, `the parameter ${name} is read from SSM Parameter Store (${value}) at deploy (--parameter ${name}=… gives its value)`);
    } else {
      values.set(name, type.startsWith("List<") || type === "CommaDelimitedList" || type.includes("::List<") ? value.split(",").map((v) => v.trim()) : value);
    }
  }
  for (const name of given.keys()) if (!Object.hasOwn(parameters, name) && !name.startsWith("AWS::") && prefix === "") notes.push(`--parameter ${name}: ${parsed.file} declares no such parameter; it was ignored.`);

  const ids = new Map<string, { type: string; id: string; name?: string }>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== "string") {
      const line = parsed.lines.get(pathKey(["Resources", logicalId]));
      throw new InputError(`${parsed.file}: line ${line ?? "?"}: the resource ${logicalId} has no Type; expected a mapping with Type and Properties.`);
    }
    const props = isObject(resource.Properties) ? resource.Properties : {};
    const nameProperty = { "AWS::Lambda::Function": "FunctionName", "AWS::WAFv2::WebACL": "Name", "AWS::IAM::Role": "RoleName", "AWS::CloudTrail::Trail": "TrailName", "AWS::Cognito::IdentityPool": "IdentityPoolName" }[resource.Type];
    const name = nameProperty && typeof props[nameProperty] === "string" ? (props[nameProperty]) : undefined;
    ids.set(logicalId, { type: resource.Type, id: `${prefix}${logicalId}`, ...(name !== undefined ? { name } : {}) });
  }
  const scope: Scope = {
    values,
    missing: (name) => missing.get(name),
    conditions: isObject(data.Conditions) ? data.Conditions : {},
    mappings: isObject(data.Mappings) ? data.Mappings : {},
    resources: new Set(ids.keys()),
    resourceValue: resourceValues(deployment, ids),
  };
  const resolver = new Resolver(scope);
  const out: TemplateResources = { file: parsed.file, prefix, resources: new Map(), notes };
  const children: Evaluated["children"] = [];
  for (const [logicalId, raw] of Object.entries(resources)) {
    const resource = raw as Record<string, unknown>;
    if (typeof resource.Condition === "string") {
      const on = resolver.condition(resource.Condition);
      if (on === false) continue;
      if (on instanceof Unknown) notes.push(`${prefix}${logicalId} is created only when the condition ${resource.Condition} holds, which is not known before deploy (${on.reason}); it was audited as if created.`);
    }
    const resolved = resolver.value(isObject(resource.Properties) ? resource.Properties : {});
    const properties = (typeof resolved === "object" && resolved !== null && !Array.isArray(resolved) && !(resolved instanceof Unknown) ? resolved : {}) as Record<string, Resolved>;
    const base = ["Resources", logicalId];
    const propertyLines = new Map<string, number>();
    for (const [key, line] of parsed.lines) {
      const steps = key.split("/");
      if (steps.length > 3 && steps[0] === "Resources" && steps[1] === logicalId && steps[2] === "Properties") {
        const leaf = steps[steps.length - 1]!;
        if (!/^\d+$/.test(leaf) && !propertyLines.has(leaf)) propertyLines.set(leaf, line);
      }
    }
    out.resources.set(logicalId, {
      type: resource.Type as string,
      properties,
      spot: { file: parsed.file, line: parsed.lines.get(pathKey(base)) ?? 1, logicalId: `${prefix}${logicalId}`, properties: propertyLines },
    });
    if (resource.Type === "AWS::CloudFormation::Stack") {
      const path = localTemplate(resource);
      if (path === undefined) {
        notes.push(`${prefix}${logicalId} is a nested stack whose template is not a local file: it was not audited (scan its template too).`);
        continue;
      }
      const childParameters = new Map<string, string>();
      if (isObject(properties.Parameters)) {
        for (const [name, value] of Object.entries(properties.Parameters)) if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") childParameters.set(name, String(value));
      }
      for (const key of ["AWS::AccountId", "AWS::Region", "AWS::Partition"]) if (given.has(key)) childParameters.set(key, given.get(key)!);
      children.push({ logicalId, path, parameters: childParameters });
    }
  }
  return { template: out, children };
}
