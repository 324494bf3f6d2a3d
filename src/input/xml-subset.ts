/**
 * A strict parser for the part of XML 1.0 that an icon uses: one root element, elements,
 * attributes in quotes, text, the five predefined entities and character references, CDATA
 * sections, comments and the XML declaration. Anything else (a DOCTYPE and so any entity
 * declaration, processing instructions, markup that is not well-formed) throws: what this
 * cannot read is never passed on.
 */
export interface XmlElement {
  name: string;
  attributes: [name: string, value: string][];
  children: XmlNode[];
}
export type XmlNode = XmlElement | { text: string };

export class XmlSubsetError extends Error {}

const MAX_DEPTH = 32;
const MAX_ELEMENTS = 4000;
const NAME = /[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
// XML 1.0 §2.2 Char excludes the C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function parseXmlSubset(input: string): XmlElement {
  const source = input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (NOT_XML_CHAR.test(source)) throw new XmlSubsetError('a control character is not allowed in XML');
  let at = 0;
  let elements = 0;

  const fail = (why: string): never => {
    throw new XmlSubsetError(`${why} at offset ${at}`);
  };
  const skipSpace = () => {
    SPACE.lastIndex = at;
    SPACE.exec(source);
    at = SPACE.lastIndex;
  };
  const expect = (text: string) => {
    if (!source.startsWith(text, at)) fail(`expected "${text}"`);
    at += text.length;
  };
  const name = (): string => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) return fail('expected a name');
    at = NAME.lastIndex;
    return match[0];
  };

  /** Text with references resolved (XML 1.0 §4.1, §4.6); `&` that starts none is an error. */
  const decode = (raw: string): string =>
    raw.replace(/&([^;&]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) return fail('"&" must start an entity or character reference');
      const predefined = PREDEFINED[ref];
      if (predefined) return predefined;
      const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
      if (!numeric) return fail(`unknown entity "&${ref.slice(0, 16)};"`);
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
      const char = code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\u0000';
      if (NOT_XML_CHAR.test(char)) fail('a character reference names a character XML does not allow');
      return char;
    });

  /** Comments, and where `declaration` is true the XML declaration; DOCTYPE and PIs fail. */
  const skipMisc = (declaration: boolean) => {
    for (;;) {
      skipSpace();
      if (declaration && at === 0 && /^<\?xml[ \t\r\n]/.test(source)) {
        const end = source.indexOf('?>', at);
        if (end < 0) fail('unterminated XML declaration');
        at = end + 2;
      } else if (source.startsWith('<!--', at)) {
        skipComment();
      } else if (source.startsWith('<!DOCTYPE', at)) {
        fail('a DOCTYPE (and with it any entity) is not allowed');
      } else if (source.startsWith('<?', at)) {
        fail('a processing instruction is not allowed');
      } else {
        return;
      }
      declaration = false;
    }
  };
  const skipComment = () => {
    const end = source.indexOf('-->', at + 4);
    if (end < 0) fail('unterminated comment');
    at = end + 3;
  };

  const element = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH) fail('elements are nested too deeply');
    if (++elements > MAX_ELEMENTS) fail('too many elements');
    expect('<');
    const node: XmlElement = { name: name(), attributes: [], children: [] };
    const seen = new Set<string>();
    for (;;) {
      const before = at;
      skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return node;
      }
      if (source.startsWith('>', at)) {
        at += 1;
        break;
      }
      if (at === before) fail('expected white space before an attribute');
      const attribute = name();
      if (seen.has(attribute)) fail(`attribute "${attribute}" appears twice`);
      seen.add(attribute);
      skipSpace();
      expect('=');
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") fail('attribute values must be quoted');
      const end = source.indexOf(quote as string, at + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = source.slice(at + 1, end);
      if (raw.includes('<')) fail('"<" is not allowed in an attribute value');
      at = end + 1;
      node.attributes.push([attribute, decode(raw)]);
    }
    for (;;) {
      if (at >= source.length) fail(`<${node.name}> is not closed`);
      if (source.startsWith('</', at)) {
        at += 2;
        if (name() !== node.name) fail(`</…> does not close <${node.name}>`);
        skipSpace();
        expect('>');
        return node;
      }
      if (source.startsWith('<!--', at)) {
        skipComment();
      } else if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('unterminated CDATA section');
        node.children.push({ text: source.slice(at + 9, end) });
        at = end + 3;
      } else if (source.startsWith('<?', at)) {
        fail('a processing instruction is not allowed');
      } else if (source.startsWith('<!', at)) {
        fail('a declaration is not allowed here');
      } else if (source.startsWith('<', at)) {
        node.children.push(element(depth + 1));
      } else {
        const end = source.indexOf('<', at);
        const raw = source.slice(at, end < 0 ? source.length : end);
        if (raw.includes(']]>')) fail('"]]>" is not allowed in text');
        node.children.push({ text: decode(raw) });
        at += raw.length;
      }
    }
  };

  skipMisc(true);
  if (!source.startsWith('<', at)) fail('expected an element');
  const root = element(1);
  skipMisc(false);
  if (at < source.length) fail('nothing may follow the root element');
  return root;
}
