/**
 * Writes the catalogue documentation (docs/controls/*.md, docs/provisions.md) into the tree,
 * relative to the current directory (the repository root), and removes control pages of
 * controls that no longer exist. Run with `npm run docs`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderDocs } from './docs-render';

function main(): void {
  const root = process.cwd();
  const docs = renderDocs();
  let written = 0;
  let unchanged = 0;
  for (const [rel, content] of docs) {
    const file = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (old === content) {
      unchanged++;
      continue;
    }
    fs.writeFileSync(file, content, 'utf8');
    written++;
  }
  const controlsDir = path.join(root, 'docs', 'controls');
  let removed = 0;
  for (const name of fs.readdirSync(controlsDir)) {
    if (name.endsWith('.md') && !docs.has(`docs/controls/${name}`)) {
      fs.unlinkSync(path.join(controlsDir, name));
      removed++;
    }
  }
  console.log(`docs: ${written} written, ${unchanged} unchanged, ${removed} removed (${docs.size} files)`);
}

main();
