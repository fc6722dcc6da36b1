/**
 * A small, tolerant XML reader for export metadata (Dataverse solutions, Salesforce
 * metadata). It reads elements, attributes and text with their source offsets.
 *
 * Deliberately limited, for safety:
 * - no DTD processing: a `<!DOCTYPE …>` is skipped, never interpreted;
 * - no entity expansion beyond the five predefined entities (`&lt; &gt; &amp; &quot; &apos;`)
 *   and numeric character references; any other `&name;` is kept as written;
 * - processing instructions and comments are skipped; CDATA becomes text.
 * Malformed input (a missing close tag, a stray `<`) becomes an error entry with an offset;
 * reading goes on, so one bad element does not lose the rest of the file.
 */

export interface XAttr {
  name: string;
  value: string;
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

export interface XElement {
  name: string;
  /** Local name, without a namespace prefix. */
  local: string;
  attrs: XAttr[];
  children: XElement[];
  /** Direct text content (entities decoded), trimmed. */
  text: string;
  /** Offsets of the first and last non-blank direct text characters, if any. */
  textStart?: number;
  textEnd?: number;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
}

export interface XmlResult {
  root?: XElement;
  errors: { offset: number; message: string }[];
}

const MAX_DEPTH = 256;
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (m, e: string) => {
    switch (e) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

export function parseXml(text: string): XmlResult {
  const errors: { offset: number; message: string }[] = [];
  const stack: XElement[] = [];
  let root: XElement | undefined;
  const rawText = new Map<XElement, { parts: string[]; first?: number; last?: number }>();
  let i = 0;
  const n = text.length;

  const addText = (s: string, at: number) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    let rec = rawText.get(top);
    if (!rec) rawText.set(top, (rec = { parts: [] }));
    rec.parts.push(s);
    const lead = s.length - s.trimStart().length;
    const trail = s.length - s.trimEnd().length;
    if (s.trim().length > 0) {
      if (rec.first === undefined) rec.first = at + lead;
      rec.last = at + s.length - trail;
    }
  };

  const close = (el: XElement, end: number) => {
    el.end = end;
    const rec = rawText.get(el);
    if (rec) {
      el.text = decodeEntities(rec.parts.join('')).trim();
      el.textStart = rec.first;
      el.textEnd = rec.last;
      rawText.delete(el);
    }
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      addText(text.slice(i), i);
      break;
    }
    if (lt > i) addText(text.slice(i, lt), i);
    i = lt;
    if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) {
        errors.push({ offset: i, message: 'unterminated comment' });
        break;
      }
      i = e + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const e = text.indexOf(']]>', i + 9);
      if (e < 0) {
        errors.push({ offset: i, message: 'unterminated CDATA section' });
        break;
      }
      // CDATA is literal: protect it from entity decoding by pre-escaping '&'.
      addText(text.slice(i + 9, e).replace(/&/g, '&amp;'), i + 9);
      i = e + 3;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (text.startsWith('<!', i)) {
      // DOCTYPE or other declaration: skipped, never interpreted (internal subsets included).
      let depth = 0;
      let j = i + 2;
      for (; j < n; j++) {
        const c = text[j];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      i = j + 1;
      continue;
    }
    if (text[i + 1] === '/') {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      const gt = text.indexOf('>', i);
      const end = gt < 0 ? n : gt + 1;
      if (!m) {
        errors.push({ offset: i, message: 'malformed closing tag' });
        i = end;
        continue;
      }
      const name = m[0];
      let k = stack.length - 1;
      while (k >= 0 && stack[k].name !== name) k--;
      if (k < 0) {
        errors.push({ offset: i, message: `closing tag </${name}> has no matching open tag` });
      } else {
        while (stack.length - 1 > k) {
          const el = stack.pop()!;
          errors.push({ offset: el.start, message: `<${el.name}> is not closed` });
          close(el, i);
        }
        close(stack.pop()!, end);
      }
      i = end;
      continue;
    }
    // start tag
    NAME.lastIndex = i + 1;
    const m = NAME.exec(text);
    if (!m) {
      errors.push({ offset: i, message: "stray '<' in text" });
      addText('<', i);
      i++;
      continue;
    }
    const el: XElement = {
      name: m[0],
      local: m[0].includes(':') ? m[0].slice(m[0].indexOf(':') + 1) : m[0],
      attrs: [],
      children: [],
      text: '',
      start: i,
      end: i,
      nameStart: i + 1,
      nameEnd: i + 1 + m[0].length,
    };
    let j = el.nameEnd;
    let selfClosing = false;
    let ok = false;
    while (j < n) {
      while (j < n && /\s/.test(text[j])) j++;
      if (text[j] === '>') {
        j++;
        ok = true;
        break;
      }
      if (text.startsWith('/>', j)) {
        j += 2;
        selfClosing = true;
        ok = true;
        break;
      }
      NAME.lastIndex = j;
      const an = NAME.exec(text);
      if (!an) break;
      const aStart = j;
      j += an[0].length;
      while (j < n && /\s/.test(text[j])) j++;
      if (text[j] !== '=') {
        el.attrs.push({ name: an[0], value: '', start: aStart, end: j, valueStart: j, valueEnd: j });
        continue;
      }
      j++;
      while (j < n && /\s/.test(text[j])) j++;
      const q = text[j];
      if (q !== '"' && q !== "'") break;
      const qe = text.indexOf(q, j + 1);
      if (qe < 0) break;
      el.attrs.push({
        name: an[0],
        value: decodeEntities(text.slice(j + 1, qe)),
        start: aStart,
        end: qe + 1,
        valueStart: j + 1,
        valueEnd: qe,
      });
      j = qe + 1;
    }
    if (!ok) {
      errors.push({ offset: i, message: `malformed start tag <${el.name}>` });
      const gt = text.indexOf('>', j);
      j = gt < 0 ? n : gt + 1;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (!root) root = el;
    else errors.push({ offset: i, message: 'more than one root element' });
    if (selfClosing) {
      el.end = j;
    } else if (stack.length >= MAX_DEPTH) {
      errors.push({ offset: i, message: 'nesting too deep' });
      el.end = j;
    } else {
      stack.push(el);
    }
    i = j;
  }
  while (stack.length) {
    const el = stack.pop()!;
    errors.push({ offset: el.start, message: `<${el.name}> is not closed` });
    close(el, n);
  }
  if (!root && errors.length === 0) errors.push({ offset: 0, message: 'no XML element found' });
  return { root, errors };
}

// ───────────── navigation (names compared case-insensitively, by local name) ─────────────

export function kids(el: XElement | undefined, name: string): XElement[] {
  if (!el) return [];
  const k = name.toLowerCase();
  return el.children.filter((c) => c.local.toLowerCase() === k);
}

export function kid(el: XElement | undefined, name: string): XElement | undefined {
  return kids(el, name)[0];
}

/** Text of a descendant path: `textOf(root, 'SolutionManifest', 'UniqueName')`. */
export function textOf(el: XElement | undefined, ...path: string[]): string | undefined {
  let cur = el;
  for (const p of path) cur = kid(cur, p);
  return cur ? cur.text : undefined;
}

export function attr(el: XElement | undefined, name: string): XAttr | undefined {
  if (!el) return undefined;
  const k = name.toLowerCase();
  return el.attrs.find((a) => a.name.toLowerCase() === k || a.name.toLowerCase().endsWith(':' + k));
}

/** Every descendant element with this local name, depth first. */
export function descendants(el: XElement | undefined, name: string, out: XElement[] = []): XElement[] {
  if (!el) return out;
  const k = name.toLowerCase();
  for (const c of el.children) {
    if (c.local.toLowerCase() === k) out.push(c);
    descendants(c, name, out);
  }
  return out;
}
