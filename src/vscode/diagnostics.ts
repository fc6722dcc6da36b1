/** Findings and parse problems → VS Code diagnostics. */
import * as vscode from 'vscode';
import type { Finding, ParseProblem, ScanResult, Workload, Zone } from '../core';
import { controlInfo } from '../node/host-core';
import { sameRange, toRange, toSeverity } from './convert';
import { indexOf } from './describe';
import type { FolderModel } from './folder-model';
import type { Settings } from './settings';

export const SOURCE = 'ai-risk-gradient';
const CLOUDS = ['aws', 'azure', 'gcp'];
const ZONE_RANK: Record<Zone, number> = { foundational: 1, standard: 2, advanced: 3, 'high-assurance': 4 };

/** Where workloads are looked up: a result (through its index), or a model's mirror. */
export type Workloads = ScanResult | { workload(id: string): Workload | undefined };

/** Whether a workload is on a cloud the user said is in use (no setting = every cloud). */
export function workloadVisible(source: Workloads, workloadId: string, settings: Settings): boolean {
  if (settings.clouds.length === 0) return true;
  const w = 'workload' in source ? source.workload(workloadId) : indexOf(source).workload(workloadId);
  if (!w) return true;
  const clouds = w.providers.filter((p) => CLOUDS.includes(p));
  return clouds.length === 0 || clouds.some((c) => settings.clouds.includes(c));
}

/** Findings shown in the editor: not suppressed, on a cloud in use, lower-zone gaps only when wanted. */
export function findingVisible(f: Finding, source: Workloads, settings: Settings): boolean {
  if (f.suppressed) return false;
  if (!workloadVisible(source, f.workloadId, settings)) return false;
  if (!settings.showLowerZoneGaps) {
    const c = controlInfo(f.controlId);
    if (c && c.zone !== 'any' && ZONE_RANK[c.zone] < ZONE_RANK[f.zone]) return false;
  }
  return true;
}

const docsUris = new WeakMap<vscode.Uri, Map<string, vscode.Uri>>();

/** The control's bundled docs page (one Uri per control, shared by its diagnostics). */
export function docsUri(extensionUri: vscode.Uri, controlId: string): vscode.Uri {
  let m = docsUris.get(extensionUri);
  if (!m) docsUris.set(extensionUri, (m = new Map()));
  let u = m.get(controlId);
  if (!u) m.set(controlId, (u = vscode.Uri.joinPath(extensionUri, 'docs', 'controls', `${controlId}.md`)));
  return u;
}

export function findingDiagnostic(f: Finding, model: FolderModel, extensionUri: vscode.Uri): vscode.Diagnostic {
  const message = f.note ? `${f.message} ${f.note}` : f.message;
  const d = new vscode.Diagnostic(toRange(f.range), message, toSeverity(f.severity));
  d.source = SOURCE;
  d.code = { value: f.controlId, target: docsUri(extensionUri, f.controlId) };
  if (f.related.length > 0) {
    d.relatedInformation = f.related.map((e) => new vscode.DiagnosticRelatedInformation(new vscode.Location(model.uri(e.file), toRange(e.range)), e.why));
  }
  return d;
}

export function problemDiagnostic(p: ParseProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p.range), p.message, toSeverity(p.severity));
  d.source = SOURCE;
  d.code = p.code;
  if (p.code === 'suppression/unused') d.tags = [vscode.DiagnosticTag.Unnecessary];
  return d;
}

/** A file's diagnostics, from the model's mirror (without composing the whole result). */
export function diagnosticsFor(model: FolderModel, rel: string, settings: Settings, extensionUri: vscode.Uri): vscode.Diagnostic[] {
  if (!model.hasResult) return [];
  const out: vscode.Diagnostic[] = [];
  for (const f of model.findingsFor(rel)) if (findingVisible(f, model, settings)) out.push(findingDiagnostic(f, model, extensionUri));
  for (const p of model.problemsFor(rel)) out.push(problemDiagnostic(p));
  return out;
}

/** The control id of one of our diagnostics, when it is a finding (not a parse problem). */
export function controlIdOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== SOURCE) return undefined;
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return typeof code === 'string' && /^ARG-[A-Z]{3}-\d{3}$/.test(code) ? code : undefined;
}

/** The finding a diagnostic was made from (same control, same range). */
export function findingOf(model: FolderModel, rel: string, d: vscode.Diagnostic): Finding | undefined {
  const id = controlIdOf(d);
  if (!id) return undefined;
  const candidates = model.findingsFor(rel).filter((f) => f.controlId === id && !f.suppressed);
  return candidates.find((f) => sameRange(d.range, f.range) && (d.message === f.message || d.message.startsWith(f.message))) ?? candidates.find((f) => sameRange(d.range, f.range));
}
