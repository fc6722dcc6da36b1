/** The "AI Inventory" view: workloads grouped by effective tier → modifiers, missing controls, evidence. */
import * as vscode from 'vscode';
import type { Evidence, Range, Tier } from '../core';
import { controlInfo, modifierWord, provisionLabel, TIERS, zoneOf } from '../node/host-core';
import type { Controller } from './controller';
import { assessmentOf, badge, indexOf } from './describe';
import { findingVisible, workloadVisible } from './diagnostics';
import { zoneWord } from './convert';
import type { FolderModel } from './folder-model';

export type InventoryNode =
  | { type: 'tier'; tier: Tier; workloads: { model: FolderModel; workloadId: string }[] }
  | { type: 'workload'; model: FolderModel; workloadId: string }
  | { type: 'group'; group: 'modifiers' | 'missing' | 'evidence' | 'needs-evidence'; model: FolderModel; workloadId: string }
  | { type: 'leaf'; label: string; description?: string; tooltip?: string; icon: string; model: FolderModel; file?: string; range?: Range; children?: InventoryNode[] };

export interface RevealTarget {
  uri: string;
  range: Range;
}

function leafFromEvidence(model: FolderModel, e: Evidence, icon = 'location'): InventoryNode {
  return { type: 'leaf', label: e.why, description: `${e.file}:${e.range.start.line + 1}`, icon, model, file: e.file, range: e.range };
}

export class InventoryTree implements vscode.TreeDataProvider<InventoryNode> {
  private readonly emitter = new vscode.EventEmitter<InventoryNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly controller: Controller) {
    controller.onDidChange(() => this.emitter.fire(undefined));
  }

  getChildren(node?: InventoryNode): InventoryNode[] {
    if (!node) return this.roots();
    const result = node.type === 'tier' ? undefined : node.model.result();
    switch (node.type) {
      case 'tier':
        return node.workloads.map((w) => ({ type: 'workload', ...w }));
      case 'workload': {
        const a = result && assessmentOf(result, node.workloadId);
        if (!a) return [];
        const groups: InventoryNode[] = [{ type: 'group', group: 'modifiers', model: node.model, workloadId: node.workloadId }];
        if (a.results.some((r) => r.status === 'missing' || r.status === 'partial' || r.status === 'unresolved')) groups.push({ type: 'group', group: 'missing', model: node.model, workloadId: node.workloadId });
        if (a.results.some((r) => r.status === 'needs-evidence')) groups.push({ type: 'group', group: 'needs-evidence', model: node.model, workloadId: node.workloadId });
        groups.push({ type: 'group', group: 'evidence', model: node.model, workloadId: node.workloadId });
        return groups;
      }
      case 'group':
        return this.groupChildren(node);
      case 'leaf':
        return node.children ?? [];
    }
  }

  private roots(): InventoryNode[] {
    const byTier = new Map<Tier, { model: FolderModel; workloadId: string }[]>();
    for (const { model, result } of this.controller.results()) {
      const settings = this.controller.settings(model);
      for (const a of result.assessments) {
        if (!workloadVisible(result, a.workloadId, settings)) continue;
        const list = byTier.get(a.effectiveTier) ?? [];
        list.push({ model, workloadId: a.workloadId });
        byTier.set(a.effectiveTier, list);
      }
    }
    return [...TIERS].reverse().filter((t) => byTier.has(t)).map((tier) => ({ type: 'tier', tier, workloads: byTier.get(tier)! }));
  }

  private groupChildren(node: Extract<InventoryNode, { type: 'group' }>): InventoryNode[] {
    const result = node.model.result();
    const a = result && assessmentOf(result, node.workloadId);
    if (!result || !a) return [];
    const model = node.model;
    switch (node.group) {
      case 'modifiers':
        return Object.values(a.modifiers).map((m) => ({
          type: 'leaf',
          label: `${modifierWord(m.modifier)}: ${m.rating}`,
          description: m.source === 'declared' ? 'declared in the register' : m.source,
          tooltip: m.justification ?? m.evidence.map((e) => e.why).join('\n'),
          icon: m.rating === 'high' ? 'flame' : m.rating === 'medium' ? 'warning' : 'pass',
          model,
          file: m.evidence[0]?.file,
          range: m.evidence[0]?.range,
          children: m.evidence.map((e) => leafFromEvidence(model, e)),
        }));
      case 'missing': {
        const settings = this.controller.settings(model);
        const findings = indexOf(result).findingsOf(a.workloadId).filter((f) => findingVisible(f, result, settings));
        return a.results
          .filter((r) => r.status === 'missing' || r.status === 'partial' || r.status === 'unresolved')
          .map((r) => {
            const f = findings.filter((x) => x.controlId === r.controlId);
            const first = f[0];
            return {
              type: 'leaf',
              label: `${r.controlId} ${controlInfo(r.controlId)?.title ?? ''}`.trim(),
              description: `${r.status} · ${r.provisions.map(provisionLabel).join(', ')}`,
              tooltip: r.summary,
              icon: r.status === 'unresolved' ? 'question' : 'error',
              model,
              file: first?.file,
              range: first?.range,
              children: f.length > 1 ? f.map((x) => ({ type: 'leaf', label: x.file, description: `line ${x.range.start.line + 1}`, icon: 'location', model, file: x.file, range: x.range }) as InventoryNode) : undefined,
            } as InventoryNode;
          });
      }
      case 'needs-evidence':
        return a.results
          .filter((r) => r.status === 'needs-evidence')
          .map((r) => ({ type: 'leaf', label: `${r.controlId} ${controlInfo(r.controlId)?.title ?? ''}`.trim(), description: 'record evidence in the register', tooltip: r.summary, icon: 'book', model }));
      case 'evidence':
        return a.baselineEvidence.flatMap((s) => s.evidence.map((e) => ({ ...leafFromEvidence(model, e, 'symbol-class'), label: `${s.tier}: ${s.pattern}`, tooltip: e.why }) as InventoryNode));
    }
  }

  getTreeItem(node: InventoryNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.type) {
      case 'tier': {
        const item = new vscode.TreeItem(`${node.tier} · ${zoneWord(zoneOf(node.tier))}`, C.Expanded);
        item.description = `${node.workloads.length} workload${node.workloads.length === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = 'tier';
        item.id = `tier:${node.tier}`;
        return item;
      }
      case 'workload': {
        const result = node.model.result();
        const w = result && indexOf(result).workload(node.workloadId);
        const multi = this.controller.models.size > 1;
        const item = new vscode.TreeItem(w ? w.name : node.workloadId, C.Collapsed);
        item.description = result && w ? badge(result, w) : undefined;
        item.tooltip = w ? `${w.kind} workload in ${multi ? `${node.model.folder.name}/` : ''}${w.root || '.'}${w.owner ? `\nowner: ${w.owner}` : '\nno owner in the register'}` : undefined;
        item.iconPath = new vscode.ThemeIcon('server-process');
        item.contextValue = 'workload';
        item.id = `workload:${node.model.folder.uri.toString()}:${node.workloadId}`;
        if (w) item.command = { command: 'aiRiskGradient.reveal', title: 'Reveal', arguments: [{ uri: node.model.uri(w.anchor.file).toString(), range: w.anchor.range } satisfies RevealTarget] };
        return item;
      }
      case 'group': {
        const labels = { modifiers: 'Risk modifiers', missing: 'Missing controls', 'needs-evidence': 'Needs evidence', evidence: 'Why this tier' };
        const icons = { modifiers: 'symbol-event', missing: 'error', 'needs-evidence': 'book', evidence: 'search' };
        const item = new vscode.TreeItem(labels[node.group], node.group === 'missing' ? C.Expanded : C.Collapsed);
        item.iconPath = new vscode.ThemeIcon(icons[node.group]);
        item.contextValue = `group-${node.group}`;
        item.id = `group:${node.model.folder.uri.toString()}:${node.workloadId}:${node.group}`;
        return item;
      }
      case 'leaf': {
        const item = new vscode.TreeItem(node.label, node.children && node.children.length ? C.Collapsed : C.None);
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = 'leaf';
        if (node.file && node.range) item.command = { command: 'aiRiskGradient.reveal', title: 'Reveal', arguments: [{ uri: node.model.uri(node.file).toString(), range: node.range } satisfies RevealTarget] };
        return item;
      }
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
