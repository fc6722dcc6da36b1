/** Writing small HCL blocks the way `terraform fmt` lays them out (two-space steps; re-indented on insert). */

export type HclItem = [string, string] | { block: string; items: HclItem[] } | { comment: string } | { blank: true };

function isPair(i: HclItem): i is [string, string] {
  return Array.isArray(i);
}

function render(items: HclItem[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  const out: string[] = [];
  // align `=` within runs of consecutive attributes, like terraform fmt
  let run: [string, string][] = [];
  const flush = () => {
    const w = Math.max(0, ...run.map(([k]) => k.length));
    for (const [k, v] of run) out.push(`${pad}${k.padEnd(w)} = ${v}`);
    run = [];
  };
  for (const it of items) {
    if (isPair(it)) {
      run.push(it);
      continue;
    }
    flush();
    if ('comment' in it) out.push(`${pad}# ${it.comment}`);
    else if ('blank' in it) out.push('');
    else {
      if (it.items.length === 0) out.push(`${pad}${it.block} {}`);
      else {
        out.push(`${pad}${it.block} {`);
        out.push(...render(it.items, depth + 1));
        out.push(`${pad}}`);
      }
    }
  }
  flush();
  return out;
}

/** `resource "type" "name" { … }` (or any header) as text. */
export function hclBlock(header: string, items: HclItem[]): string {
  return [`${header} {`, ...render(items, 1), '}'].join('\n');
}

/** Lines of items at relative depth 0 (for insertion into an existing block). */
export function hclLines(items: HclItem[]): string[] {
  return render(items, 0);
}

export function q(s: string): string {
  return JSON.stringify(s);
}
