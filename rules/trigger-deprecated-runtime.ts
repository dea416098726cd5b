import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

/**
 * Lambda managed runtimes and the date (UTC) on which AWS deprecates each: from that day Lambda no
 * longer patches the runtime and the function loses technical support. Sources: the AWS Lambda
 * "Lambda runtimes" page (supported and deprecated tables) and AWS Health end-of-support notices,
 * as of 2026-08. Future dates are AWS projections and move; update the table when AWS announces a
 * change, and add new runtimes as they ship.
 */
export const RUNTIME_DEPRECATION_DATES: Readonly<Record<string, string>> = {
  // Node.js
  nodejs: "2016-10-31",
  "nodejs4.3": "2020-03-05",
  "nodejs4.3-edge": "2020-03-05",
  "nodejs6.10": "2019-08-12",
  "nodejs8.10": "2020-03-06",
  "nodejs10.x": "2021-07-30",
  "nodejs12.x": "2023-03-31",
  "nodejs14.x": "2023-12-04",
  "nodejs16.x": "2024-06-12",
  "nodejs18.x": "2025-09-01",
  "nodejs20.x": "2026-04-30",
  "nodejs22.x": "2027-04-30",
  "nodejs24.x": "2028-04-30",
  // Python
  "python2.7": "2021-07-15",
  "python3.6": "2022-07-18",
  "python3.7": "2023-12-04",
  "python3.8": "2024-10-14",
  "python3.9": "2025-12-15",
  "python3.10": "2026-10-31",
  "python3.11": "2027-06-30",
  "python3.12": "2028-10-31",
  "python3.13": "2029-06-30",
  "python3.14": "2029-06-30",
  // Java
  java8: "2024-01-08",
  "java8.al2": "2027-06-30",
  java11: "2027-06-30",
  java17: "2027-06-30",
  java21: "2029-06-30",
  java25: "2029-06-30",
  // .NET
  "dotnetcore1.0": "2019-06-27",
  "dotnetcore2.0": "2019-05-30",
  "dotnetcore2.1": "2022-01-05",
  "dotnetcore3.1": "2023-04-03",
  "dotnet5.0": "2022-05-10",
  dotnet6: "2024-12-20",
  dotnet7: "2024-05-14",
  dotnet8: "2026-11-10",
  dotnet9: "2026-11-10",
  dotnet10: "2028-11-14",
  // Ruby
  "ruby2.5": "2021-07-30",
  "ruby2.7": "2023-12-07",
  "ruby3.2": "2026-03-31",
  "ruby3.3": "2027-03-31",
  "ruby3.4": "2028-03-31",
  // Go and OS-only runtimes
  "go1.x": "2024-01-08",
  provided: "2024-01-08",
  "provided.al2": "2026-07-31",
  "provided.al2023": "2029-06-30",
};

/** The scan date as YYYY-MM-DD in UTC, comparable with the table's dates. */
const day = (date: Date) => date.toISOString().slice(0, 10);

export default defineConfigRule({
  id: "trigger-deprecated-runtime",
  resourceType: "trigger",
  severity: "medium",
  title: "A trigger runs on a deprecated Lambda runtime",
  rationale:
    "Once AWS deprecates a Lambda runtime it stops patching the language runtime and operating system under it, and the function is no longer eligible for technical support; soon after, AWS blocks updates to the function, so an urgent fix to the trigger cannot be deployed without a runtime upgrade. A trigger sees passwords, tokens and sign-in decisions: it should not run on unpatched software.",
  remediation: "Upgrade the function to a supported runtime of the same language (test it with the trigger's events first), then deploy it.",
  anchors: ["FSBP Lambda.2", "Prowler awslambda_function_using_supported_runtimes", "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"],
  requires: ["lambdaFunctions"],
  messages: {
    deprecated: "{{name}} (trigger(s) {{triggers}}) runs on {{runtime}}, which AWS deprecated on {{deprecatedOn}}.",
  },
  check({ functionArn, triggers, fn }, _options, { now }) {
    const configuration = fn?.configuration;
    // A function that does not exist has no runtime: trigger-missing-function reports it.
    if (!configuration) return null;
    const runtime = configuration.Runtime;
    if (!runtime) {
      return pass({ functionArn, runtime: null, packageType: configuration.PackageType ?? null, note: "no managed runtime (container image): the image owner patches it" });
    }
    const deprecatedOn = RUNTIME_DEPRECATION_DATES[runtime.toLowerCase()];
    if (deprecatedOn === undefined) {
      return pass({ functionArn, runtime, note: `${runtime} is not in this rule's runtime table: its deprecation date is unknown` });
    }
    const evidence = { functionArn, triggers, runtime, deprecatedOn, scanDate: day(now) };
    if (day(now) < deprecatedOn) return pass(evidence);
    return fail({
      messageId: "deprecated",
      data: { name: configuration.FunctionName ?? functionArn, triggers: triggers.join(", "), runtime, deprecatedOn },
      evidence,
    });
  },
});
