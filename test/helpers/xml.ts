// A small strict XML 1.0 checker: enough for what a JUnit report may contain.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ILLEGAL_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Resolves entity and character references; throws on a bare "&" or an unknown entity. */
function decode(raw: string, where: number): string {
  return raw.replace(/&([^;&\s]*);?/g, (match, body: string) => {
    if (!match.endsWith(";")) throw new Error(`bare & at ${where}`);
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (body in named) return named[body]!;
    const code = /^#x[0-9a-fA-F]+$/.test(body) ? parseInt(body.slice(2), 16) : /^#[0-9]+$/.test(body) ? parseInt(body.slice(1), 10) : NaN;
    if (Number.isNaN(code) || code > 0x10ffff || ILLEGAL_CHAR.test(String.fromCodePoint(code))) throw new Error(`bad reference &${body}; at ${where}`);
    return String.fromCodePoint(code);
  });
}

/** Parses a whole document strictly: one root, matched tags, quoted attributes, legal text. */
export function parseXml(xml: string): XmlElement {
  if (ILLEGAL_CHAR.test(xml)) throw new Error("character not allowed in XML 1.0");
  let pos = 0;
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(xml);
  if (declaration) pos = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (pos < xml.length) {
    const lt = xml.indexOf("<", pos);
    const textEnd = lt === -1 ? xml.length : lt;
    const raw = xml.slice(pos, textEnd);
    if (raw.includes("]]>")) throw new Error(`"]]>" in text at ${pos}`);
    const text = decode(raw, pos);
    if (stack.length === 0 && text.trim() !== "") throw new Error(`text outside the root at ${pos}`);
    if (stack.length) stack[stack.length - 1]!.text += text;
    if (lt === -1) break;
    pos = lt;
    if (xml.startsWith("</", pos)) {
      const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(xml.slice(pos));
      const open = stack.pop();
      if (!m || !open || open.name !== m[1]) throw new Error(`mismatched end tag at ${pos}`);
      pos += m[0].length;
      continue;
    }
    if (xml.startsWith("<![CDATA[", pos)) {
      const end = xml.indexOf("]]>", pos);
      if (end === -1 || stack.length === 0) throw new Error(`bad CDATA at ${pos}`);
      stack[stack.length - 1]!.text += xml.slice(pos + 9, end);
      pos = end + 3;
      continue;
    }
    const name = NAME.exec(xml.slice(pos + 1));
    if (!name) throw new Error(`bad markup at ${pos}`);
    const element: XmlElement = { name: name[0], attributes: {}, children: [], text: "" };
    pos += 1 + name[0].length;
    for (;;) {
      const attribute = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"/.exec(xml.slice(pos));
      if (!attribute) break;
      if (attribute[1]! in element.attributes) throw new Error(`duplicate attribute ${attribute[1]} at ${pos}`);
      element.attributes[attribute[1]!] = decode(attribute[2]!, pos);
      pos += attribute[0].length;
    }
    const close = /^\s*(\/?)>/.exec(xml.slice(pos));
    if (!close) throw new Error(`bad start tag <${element.name}> at ${pos}`);
    pos += close[0].length;
    if (stack.length) stack[stack.length - 1]!.children.push(element);
    else if (root) throw new Error(`second root element at ${pos}`);
    else root = element;
    if (!close[1]) stack.push(element);
  }
  if (stack.length || !root) throw new Error("unclosed element or no root");
  return root;
}

