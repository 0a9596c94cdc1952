// A small strict XML 1.0 well-formedness checker (no DTDs, no namespaces processing): enough to
// prove the JUnit output parses. Returns the element tree; throws XmlSyntaxError naming the
// offset and what was wrong. Checks: one root element, matching and properly nested tags,
// quoted and unique attributes, no '<' in attribute values, only the five predefined or
// numeric character references, no characters outside the XML Char production.

export class XmlSyntaxError extends Error {
  constructor(offset: number, reason: string) {
    super(`XML offset ${offset}: ${reason}`);
    this.name = 'XmlSyntaxError';
  }
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex
const BAD_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function decodeRefs(s: string, at: number): string {
  return s.replace(/&([^;]*);|&/g, (_m, body: string | undefined) => {
    if (body === undefined) throw new XmlSyntaxError(at, `bare '&' in "${s.slice(0, 40)}"`);
    if (body in PREDEFINED) return PREDEFINED[body];
    const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
    if (!num) throw new XmlSyntaxError(at, `unknown entity &${body};`);
    return String.fromCodePoint(num[1] ? parseInt(num[1], 16) : Number(num[2]));
  });
}

export function parseXml(src: string): XmlElement {
  const bad = BAD_CHAR.exec(src);
  if (bad) throw new XmlSyntaxError(bad.index, `character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed`);
  let i = 0;
  const skipSpace = (): void => {
    SPACE.lastIndex = i;
    SPACE.exec(src);
    i = SPACE.lastIndex;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) throw new XmlSyntaxError(i, 'expected a name');
    i = NAME.lastIndex;
    return m[0];
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i + 4);
        if (e < 0) throw new XmlSyntaxError(i, 'unterminated comment');
        i = e + 3;
      } else if (src.startsWith('<?', i)) {
        const e = src.indexOf('?>', i + 2);
        if (e < 0) throw new XmlSyntaxError(i, 'unterminated processing instruction');
        i = e + 2;
      } else return;
    }
  };
  const element = (depth: number): XmlElement => {
    if (depth > 1000) throw new XmlSyntaxError(i, 'nesting deeper than 1000');
    if (src[i] !== '<') throw new XmlSyntaxError(i, "expected '<'");
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (i === before) throw new XmlSyntaxError(i, `expected whitespace, '>' or '/>' in <${el.name}>`);
      const an = name();
      skipSpace();
      if (src[i] !== '=') throw new XmlSyntaxError(i, `attribute ${an} has no '='`);
      i++;
      skipSpace();
      const q = src[i];
      if (q !== '"' && q !== "'") throw new XmlSyntaxError(i, `attribute ${an} value is not quoted`);
      const end = src.indexOf(q, i + 1);
      if (end < 0) throw new XmlSyntaxError(i, `attribute ${an} value is not terminated`);
      const raw = src.slice(i + 1, end);
      if (raw.includes('<')) throw new XmlSyntaxError(i, `'<' in the value of attribute ${an}`);
      if (an in el.attrs) throw new XmlSyntaxError(i, `attribute ${an} repeated`);
      el.attrs[an] = decodeRefs(raw, i);
      i = end + 1;
    }
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt < 0) throw new XmlSyntaxError(i, `<${el.name}> is not closed`);
      const text = src.slice(i, lt);
      if (text.includes(']]>')) throw new XmlSyntaxError(i, "']]>' in text");
      el.text += decodeRefs(text, i);
      i = lt;
      if (src.startsWith('</', i)) {
        i += 2;
        const n = name();
        if (n !== el.name) throw new XmlSyntaxError(i, `</${n}> closes <${el.name}>`);
        skipSpace();
        if (src[i] !== '>') throw new XmlSyntaxError(i, `expected '>' after </${n}`);
        i++;
        return el;
      }
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i + 4);
        if (e < 0) throw new XmlSyntaxError(i, 'unterminated comment');
        i = e + 3;
        continue;
      }
      if (src.startsWith('<![CDATA[', i)) {
        const e = src.indexOf(']]>', i);
        if (e < 0) throw new XmlSyntaxError(i, 'unterminated CDATA');
        el.text += src.slice(i + 9, e);
        i = e + 3;
        continue;
      }
      el.children.push(element(depth + 1));
    }
  };
  if (src.startsWith('<?xml', 0)) {
    const e = src.indexOf('?>');
    if (e < 0) throw new XmlSyntaxError(0, 'unterminated XML declaration');
    i = e + 2;
  }
  skipMisc();
  const root = element(0);
  skipMisc();
  if (i !== src.length) throw new XmlSyntaxError(i, 'content after the root element');
  return root;
}
