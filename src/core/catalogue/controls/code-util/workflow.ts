/**
 * Appending a job to a GitHub Actions workflow (for the review-gate fixes): the job goes at
 * the end of the block-style `jobs:` mapping with the file's own indentation. Undefined when
 * the workflow is not a block mapping with a `jobs:` mapping the helper can extend.
 */
import { isMap, isPair, isScalar, parseDocument } from 'yaml';
import type { TextEdit } from '../../../model';
import { PositionMap } from '../../../parse/code/text';

export const TODO = 'TODO(ai-risk-gradient)';

export function appendJob(file: string, text: string, jobId: string, body: (unit: string) => string[]): TextEdit | undefined {
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false });
  } catch {
    return undefined;
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const jobsPair = doc.contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'jobs');
  const jobs = jobsPair?.value;
  if (!isMap(jobs) || jobs.flow || jobs.items.length === 0 || !jobs.range) return undefined;
  const pm = new PositionMap(text);
  const firstKey = jobs.items[0].key;
  if (!isScalar(firstKey) || !firstKey.range) return undefined;
  const indent = ' '.repeat(pm.column(firstKey.range[0]));
  let unit = '  ';
  const firstJob = jobs.items[0].value;
  if (isMap(firstJob) && firstJob.items[0] && isScalar(firstJob.items[0].key) && firstJob.items[0].key.range) {
    const inner = pm.column(firstJob.items[0].key.range[0]) - indent.length;
    if (inner > 0) unit = ' '.repeat(inner);
  }
  const taken = new Set(jobs.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
  let id = jobId;
  for (let n = 2; taken.has(id); n++) id = `${jobId}-${n}`;
  let at = jobs.range[1];
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  const lines = [`${id}:`, ...body(unit).map((l) => unit + l)];
  const newText = lines.map((l) => `\n${indent}${l}`).join('');
  const pos = pm.position(at);
  return { file, range: { start: pos, end: pos }, newText };
}
