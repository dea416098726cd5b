// Before anything is collected: whose credentials, reaching which endpoint. A scan that cannot
// authenticate or reach AWS stops here in seconds, with the cause and the fix, instead of listing
// nothing for minutes and reporting a pass.
import { partition } from "@aws-sdk/core/client";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { createClient, type AwsOptions } from "../aws/clients.js";
import { InputError } from "../errors.js";
import { terminalSafe } from "../util/terminal.js";
import { errorCode } from "./call.js";

/** The preflight's own budget: a short connect, at most two attempts, ten seconds in all. */
export const PREFLIGHT_LIMITS = { callTimeoutMs: 10_000, connectionTimeoutMs: 3_000, requestTimeoutMs: 4_000, maxAttempts: 2 } as const;

export interface CallerIdentity {
  accountId: string;
  partition: string;
  arn: string;
}

const ARN = /^arn:([^:]+):[^:]*:[^:]*:([^:]*):/;

/** The partition and account of an ARN, e.g. a user pool's. */
export function arnAccount(arn: string | undefined): { partition: string; accountId: string } | undefined {
  const match = arn ? ARN.exec(arn) : null;
  return match?.[2] ? { partition: match[1]!, accountId: match[2] } : undefined;
}

/** STS refused the credentials themselves: no retry, no other endpoint helps. */
const AUTH_FAILURE = /^(InvalidClientTokenId|ExpiredToken(Exception)?|SignatureDoesNotMatch|UnrecognizedClientException|InvalidAccessKeyId|IncompleteSignature|MissingAuthenticationToken|InvalidSignatureException|RequestExpired|AuthFailure|AccessDenied.*)$/;
const NO_CREDENTIALS = new Set(["CredentialsProviderError", "TokenProviderError"]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EPIPE", "ECONNABORTED"]);
const TIMEOUTS = new Set(["CallTimeoutError", "TimeoutError", "RequestTimeout", "RequestTimeoutException", "AbortError"]);

const detail = (error: unknown) => terminalSafe(String((error as Error)?.message ?? error)).replace(/\s+/g, " ").trim().slice(0, 300);

type Cause = "credentials" | "rejected" | "unreachable" | "other";

function preflightCause(error: unknown): Cause {
  const code = errorCode(error);
  if (NO_CREDENTIALS.has(code)) return "credentials";
  if (AUTH_FAILURE.test(code)) return "rejected";
  const nodeCode = (error as { code?: unknown })?.code;
  if (TIMEOUTS.has(code) || (typeof nodeCode === "string" && NETWORK_CODES.has(nodeCode))) return "unreachable";
  return "other";
}

function failure(cause: Cause, error: unknown, aws: AwsOptions): InputError {
  const code = terminalSafe(errorCode(error));
  const profile = aws.profile ? ` --profile ${terminalSafe(aws.profile)}` : "";
  const endpoint = aws.endpointUrl ?? `https://sts.${aws.region}.${partition(aws.region).dnsSuffix}`;
  switch (cause) {
    case "credentials":
      return new InputError(
        `no usable AWS credentials${aws.profile ? ` for profile ${JSON.stringify(aws.profile)}` : ""} (${detail(error)}). ` +
          `Pass --profile NAME for a profile of ~/.aws/config, run \`aws sso login${profile}\` if the profile uses IAM Identity Center, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Nothing was collected.`,
      );
    case "rejected":
      return new InputError(
        `the credentials were rejected: sts:GetCallerIdentity at ${endpoint} answered ${code} (${detail(error)}). ` +
          `They are invalid or expired: run \`aws sso login${profile}\` or refresh the keys, or pass --profile for other credentials. Nothing was collected.`,
      );
    case "unreachable": {
      const what = TIMEOUTS.has(errorCode(error)) ? `did not answer within ${PREFLIGHT_LIMITS.callTimeoutMs / 1000} s (${code}: ${detail(error)})` : `could not be reached (${detail(error)})`;
      return new InputError(`the STS endpoint ${endpoint} ${what}. Check the network or proxy, --endpoint-url, and --region ${aws.region}. Nothing was collected.`);
    }
    default:
      return new InputError(`sts:GetCallerIdentity at ${endpoint} failed with ${code} (${detail(error)}); the credentials could not be checked. Nothing was collected.`);
  }
}

export interface Preflight {
  /** Absent when an --endpoint-url emulator answered but does not implement STS. */
  identity?: CallerIdentity;
  /** Why the identity is absent, for stderr. */
  note?: string;
}

/**
 * Resolves the credentials and asks STS whose they are, within PREFLIGHT_LIMITS. Missing, rejected or
 * expired credentials and an endpoint that does not answer throw InputError. An --endpoint-url that
 * answers with something that is not an STS answer counts as reachable (emulators rarely have STS).
 */
export async function preflight(aws: AwsOptions): Promise<Preflight> {
  const sts = createClient(STSClient, "sts", { ...aws, ...PREFLIGHT_LIMITS });
  try {
    const answer = await sts.send(new GetCallerIdentityCommand({}));
    const parsed = arnAccount(answer.Arn);
    if (!parsed || !answer.Arn) throw new Error(`GetCallerIdentity returned no caller ARN`);
    return { identity: { partition: parsed.partition, accountId: answer.Account ?? parsed.accountId, arn: answer.Arn } };
  } catch (error) {
    const cause = preflightCause(error);
    if (cause === "other" && aws.endpointUrl) {
      const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
      const answered = status ? `HTTP ${status}` : terminalSafe(errorCode(error));
      return { note: `the endpoint ${aws.endpointUrl} does not implement STS (GetCallerIdentity answered ${answered}, not an STS answer); the account is taken from the user pool ARNs.` };
    }
    throw failure(cause, error, aws);
  } finally {
    sts.destroy();
  }
}
