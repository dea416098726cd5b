// What a rule's anchors may be, and how they read: where a user can find the same check outside
// cognito-audit. An anchor is an AWS Foundational Security Best Practices (FSBP) control id, a check
// of another scanner by its real name, or a page of the AWS documentation; nothing else.

/** The scanners whose checks a rule may name, as "<scanner> <check name>", and what each calls a check. */
const PEER_CHECK_WORD = { Prowler: "check", Checkov: "check", CloudSploit: "plugin", Steampipe: "AWS Compliance mod control", Pacu: "module" } as const;
export const PEER_SCANNERS = Object.keys(PEER_CHECK_WORD) as (keyof typeof PEER_CHECK_WORD)[];

export type AnchorKind = "fsbp" | "peer" | "aws-docs";

const FSBP = /^FSBP ([A-Z][A-Za-z0-9]*)\.([1-9][0-9]*)$/;
const PEER = new RegExp(`^(${PEER_SCANNERS.join("|")}) ([A-Za-z0-9_]+)$`);
const AWS_DOCS = /^https:\/\/docs\.aws\.amazon\.com\/[^\s<>()[\]`|]+$/;

/** What an anchor is, or undefined when it is none of the three (such an anchor is an error). */
export function anchorKind(anchor: string): AnchorKind | undefined {
  if (FSBP.test(anchor)) return "fsbp";
  if (PEER.test(anchor)) return "peer";
  if (AWS_DOCS.test(anchor)) return "aws-docs";
  return undefined;
}

/** The Security Hub page of an FSBP control, e.g. FSBP Cognito.6 → …/cognito-controls.html#cognito-6. */
const fsbpUrl = (service: string, n: string) => `https://docs.aws.amazon.com/securityhub/latest/userguide/${service.toLowerCase()}-controls.html#${service.toLowerCase()}-${n}`;

/** One anchor as a line of a doc page's References (Markdown). */
export function anchorMarkdown(anchor: string): string {
  const fsbp = FSBP.exec(anchor);
  if (fsbp) return `AWS Security Hub, FSBP control [${fsbp[1]}.${fsbp[2]}](${fsbpUrl(fsbp[1]!, fsbp[2]!)})`;
  const peer = PEER.exec(anchor);
  if (peer) return `${peer[1]} ${PEER_CHECK_WORD[peer[1] as keyof typeof PEER_CHECK_WORD]} \`${peer[2]}\``;
  if (AWS_DOCS.test(anchor)) return `AWS documentation: <${anchor}>`;
  throw new Error(`not an anchor: ${JSON.stringify(anchor)} (an FSBP control id, a peer scanner's check or an AWS documentation URL)`);
}

/** One anchor in a few words, for a table: an AWS documentation URL by its page name. */
export function anchorLabel(anchor: string): string {
  if (!AWS_DOCS.test(anchor)) return anchor;
  const page = new URL(anchor).pathname.split("/").filter(Boolean).pop() ?? anchor;
  const fragment = new URL(anchor).hash;
  return `AWS docs ${page.replace(/\.html$/, "")}${fragment}`;
}
