/**
 * Jupyter notebooks: the code cells are joined into one Python text, and every character of it
 * keeps the offset it has inside the `.ipynb` JSON (the cell's `source` strings), so ranges
 * point into the notebook file itself.
 */
import { decodeWithMap, parseJson, prop } from './jsonc';

export interface NotebookCode {
  /** Python text of all code cells, separated by blank lines. */
  code: string;
  /** `map[k]` = offset in the .ipynb of code character k (one extra entry at the end). */
  map: number[];
  cells: number;
  errors: { offset: number; message: string }[];
  /** Kernel language, when the notebook declares one. */
  language?: string;
}

export function notebookCode(text: string): NotebookCode {
  const { root, errors } = parseJson(text);
  let code = '';
  const map: number[] = [];
  let cells = 0;
  const lang = prop(prop(prop(root, 'metadata'), 'kernelspec'), 'language');
  const langInfo = prop(prop(prop(root, 'metadata'), 'language_info'), 'name');
  const language = lang?.type === 'string' ? lang.value : langInfo?.type === 'string' ? langInfo.value : undefined;
  const list = prop(root, 'cells');
  if (list?.type === 'array') {
    for (const cell of list.items) {
      const type = prop(cell, 'cell_type');
      if (type?.type !== 'string' || type.value !== 'code') continue;
      const source = prop(cell, 'source');
      const parts = source?.type === 'array' ? source.items : source ? [source] : [];
      cells++;
      for (const part of parts) {
        if (part.type !== 'string') continue;
        const d = decodeWithMap(text, part.s, part.e);
        // IPython magics and shell escapes are not Python: blank them, keep the offsets
        const lines = d.value.split('\n');
        let pos = 0;
        for (let li = 0; li < lines.length; li++) {
          const line = lines[li];
          const blank = /^\s*[%!]/.test(line);
          for (let k = 0; k < line.length; k++) {
            code += blank ? ' ' : line[k];
            map.push(d.map[pos + k]);
          }
          pos += line.length;
          if (li < lines.length - 1) {
            code += '\n';
            map.push(d.map[pos]);
            pos++;
          }
        }
      }
      // a separator between cells, mapped to the end of the cell's source
      const endOffset = source ? source.e : 0;
      code += '\n\n';
      map.push(endOffset, endOffset);
    }
  }
  map.push(text.length);
  return { code, map, cells, errors, language };
}
