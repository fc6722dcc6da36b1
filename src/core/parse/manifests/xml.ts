/**
 * A tolerant XML reader for build manifests (pom.xml, *.csproj, Directory.Packages.props,
 * packages.config): elements with attributes, text and offsets. Comments, CDATA, processing
 * instructions and doctypes are skipped. Mismatched or unclosed tags become errors; reading
 * goes on.
 */

export interface XAttr {
  value: string;
  s: number;
  e: number;
}

export interface XElement {
  name: string;
  attrs: Map<string, XAttr>;
  children: XElement[];
  text: string;
  /** Offsets of the whole element and of its text content. */
  s: number;
  e: number;
  ts: number;
  te: number;
  parent?: XElement;
}

export interface XmlResult {
  root: XElement;
  errors: { offset: number; message: string }[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const codePoint = (n: number): string => (Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd');
const decode = (s: string) => s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => (e[0] === '#' ? codePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e]));

export function parseXml(text: string): XmlResult {
  const errors: XmlResult['errors'] = [];
  const doc: XElement = { name: '#document', attrs: new Map(), children: [], text: '', s: 0, e: text.length, ts: 0, te: 0 };
  const stack: XElement[] = [doc];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1];
    if (lt === -1) {
      if (top !== doc) top.text += decode(text.slice(i));
      break;
    }
    if (lt > i && top !== doc) {
      if (!top.text) top.ts = i;
      top.text += decode(text.slice(i, lt));
      top.te = lt;
    }
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) {
        errors.push({ offset: i, message: 'Unclosed comment.' });
        break;
      }
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      const stop = end === -1 ? n : end;
      if (top !== doc) top.text += text.slice(i + 9, stop);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (text.startsWith('<?', i) || text.startsWith('<!', i)) {
      const end = text.indexOf('>', i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (text[i + 1] === '/') {
      const end = text.indexOf('>', i);
      const name = text.slice(i + 2, end === -1 ? n : end).trim();
      const at = stack.map((x) => x.name).lastIndexOf(name);
      if (at <= 0) errors.push({ offset: i, message: `Closing tag </${name}> has no matching opening tag.` });
      else {
        for (let k = stack.length - 1; k > at; k--) errors.push({ offset: stack[k].s, message: `Element <${stack[k].name}> is not closed.` });
        const el = stack[at];
        el.e = end === -1 ? n : end + 1;
        stack.length = at;
      }
      i = end === -1 ? n : end + 1;
      continue;
    }
    // start tag
    const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 200));
    if (!m) {
      errors.push({ offset: i, message: 'A "<" that does not start a tag.' });
      i++;
      continue;
    }
    const el: XElement = { name: m[1], attrs: new Map(), children: [], text: '', s: i, e: i, ts: 0, te: 0, parent: top };
    let j = i + m[0].length;
    let selfClose = false;
    for (;;) {
      while (j < n && /\s/.test(text[j])) j++;
      if (j >= n) {
        errors.push({ offset: i, message: `Tag <${el.name}> is not finished.` });
        break;
      }
      if (text[j] === '>') {
        j++;
        break;
      }
      if (text.startsWith('/>', j)) {
        selfClose = true;
        j += 2;
        break;
      }
      const am = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(text.slice(j, j + 4000));
      if (!am) {
        errors.push({ offset: j, message: `Malformed attribute in <${el.name}>.` });
        const gt = text.indexOf('>', j);
        j = gt === -1 ? n : gt + 1;
        break;
      }
      const vs = j + am[0].length - am[2].length;
      el.attrs.set(am[1], { value: decode(am[3] ?? am[4] ?? ''), s: vs, e: vs + am[2].length });
      j += am[0].length;
    }
    top.children.push(el);
    el.e = j;
    el.ts = el.te = j;
    if (!selfClose) stack.push(el);
    i = j;
  }
  for (let k = stack.length - 1; k > 0; k--) errors.push({ offset: stack[k].s, message: `Element <${stack[k].name}> is not closed.` });
  return { root: doc, errors };
}

export function children(el: XElement | undefined, name: string): XElement[] {
  return el ? el.children.filter((c) => localName(c.name) === name) : [];
}

export function child(el: XElement | undefined, name: string): XElement | undefined {
  return children(el, name)[0];
}

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}

export function descendants(el: XElement, name: string, out: XElement[] = []): XElement[] {
  for (const c of el.children) {
    if (localName(c.name) === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

export function textOf(el: XElement | undefined): string | undefined {
  const t = el?.text.trim();
  return t ? t : undefined;
}
