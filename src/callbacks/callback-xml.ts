import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * WeCom's XML (the `<xml><ToUserName/><AgentID/><Encrypt/></xml>` envelope and the decrypted event):
 * one flat `<xml>` element of text children. Parsed with entity processing off and any DTD refused
 * outright, so no entity expansion (billion laughs) and no external entities can happen; values are
 * taken verbatim (no number parsing: ids and CreateTime stay strings).
 */
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  maxNestedTags: 4,
});

export class CallbackXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackXmlError';
  }
}

/** The text children of the root `<xml>` element. Repeated or nested children are refused. */
export function parseFlatXml(text: string): Record<string, string> {
  // WeCom never sends a DTD; refusing one spares the parser from reading declarations at all.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CallbackXmlError('a DTD is not accepted');
  if (XMLValidator.validate(text) !== true) throw new CallbackXmlError('the body is not well-formed XML');
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch {
    throw new CallbackXmlError('the body is not well-formed XML'); // e.g. a __proto__ element
  }
  const root = (document as { xml?: unknown } | null)?.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new CallbackXmlError('the root element is not <xml> with fields');
  const fields: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(root)) {
    if (typeof value !== 'string') throw new CallbackXmlError(`<${name.slice(0, 40)}> is repeated or not text`);
    fields[name] = value;
  }
  return fields;
}
