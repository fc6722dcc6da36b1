/** Core text edits → WorkspaceEdit; suppression comments. */
import * as vscode from 'vscode';
import type { Finding, Fix, TextEdit } from '../core';
import { toRange } from './convert';
import type { FolderModel } from './folder-model';

function key(e: TextEdit): string {
  return `${e.file}|${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}|${e.newText}`;
}

function cmp(a: TextEdit, b: TextEdit): number {
  return a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.range.end.line - b.range.end.line || a.range.end.character - b.range.end.character;
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * Merges the edits of several fixes: identical edits once, and an edit that overlaps one
 * already taken (or inserts at the same place) is left out — applying it would need the
 * first fix's result. Returns the edits kept and how many were left out.
 */
export function mergeEdits(fixes: readonly Fix[]): { edits: TextEdit[]; skipped: number } {
  const seen = new Set<string>();
  const kept: TextEdit[] = [];
  let skipped = 0;
  for (const fix of fixes) {
    const own = fix.edits.filter((e) => !seen.has(key(e)));
    const clashes = own.some((e) => kept.some((k) => k.file === e.file && !before(k.range.end, e.range.start) && !before(e.range.end, k.range.start)));
    if (clashes) {
      skipped++;
      continue;
    }
    for (const e of own) {
      seen.add(key(e));
      kept.push(e);
    }
  }
  return { edits: kept.sort(cmp), skipped };
}

export async function toWorkspaceEdit(model: FolderModel, edits: readonly TextEdit[]): Promise<vscode.WorkspaceEdit> {
  const we = new vscode.WorkspaceEdit();
  const created = new Set<string>();
  for (const e of edits) {
    const uri = model.uri(e.file);
    if (!created.has(e.file) && e.range.start.line === 0 && e.range.start.character === 0 && !model.hasFile(e.file)) {
      // A fix may add a companion file (a policy, a register).
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        we.createFile(uri, { ignoreIfExists: true });
        created.add(e.file);
      }
    }
    we.replace(uri, toRange(e.range), e.newText);
  }
  return we;
}

/** Comment syntax for a suppression line, or undefined where the format has no comments (JSON). */
export function commentSyntax(file: string): { open: string; close: string } | undefined {
  const lower = file.toLowerCase();
  if (/\.(tf|tfvars|hcl|ya?ml|py|sh|toml|r|rb|ps1)$/.test(lower) || /(^|\/)(dockerfile|codeowners|requirements[^/]*\.txt)$/.test(lower)) return { open: '# ', close: '' };
  if (/\.(js|jsx|ts|tsx|mjs|cjs|cs|java|go|kt|swift|scala|rs|c|cpp|h)$/.test(lower)) return { open: '// ', close: '' };
  if (/\.(xml|cls-meta\.xml|html?|svg|bot|flow-meta\.xml)$/.test(lower) || lower.endsWith('-meta.xml')) return { open: '<!-- ', close: ' -->' };
  return undefined;
}

export function isoDateIn(days: number, from = new Date()): string {
  const d = new Date(from.getTime() + days * 86400000);
  return d.toISOString().slice(0, 10);
}

/** The inline suppression line for a finding, inserted above the line it starts on. */
export function suppressionEdit(f: Finding, lineText: string, reason: string, expires?: string): TextEdit | undefined {
  const syntax = commentSyntax(f.file);
  if (!syntax) return undefined;
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  const clean = reason.replace(/"/g, "'").replace(/\s+/g, ' ').trim();
  const exp = expires ? ` expires=${expires}` : '';
  const text = `${indent}${syntax.open}ai-risk-gradient:ignore ${f.controlId} reason="${clean}"${exp}${syntax.close}\n`;
  const line = f.range.start.line;
  return { file: f.file, range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text };
}
