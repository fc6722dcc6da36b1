/**
 * Project options that can cross a thread boundary (no functions), shared by the one-shot scan
 * worker and the editor's project worker, and how they become `ProjectOptions` in the worker.
 */
import type { SeverityOptions } from '../core/evaluate';
import type { InputKind, Tier } from '../core/model';
import type { ProjectOptions } from '../core/project';
import { nodeAssets } from './assets';

export interface WorkerScanOptions {
  /** Folder to scan (the project worker ignores it when an in-process session is given a source). */
  root: string;
  exclude?: string[];
  maxFileBytes?: number;
  kinds?: InputKind[];
  severity?: SeverityOptions;
  /** Today's date (YYYY-MM-DD) for suppression expiry; default: the worker's clock. */
  today?: string;
  version?: string;
  /** Root label printed in results (default: the folder). */
  rootLabel?: string;
  forceEffectiveTier?: Tier;
  onlyControls?: string[];
  /** Folder holding the tree-sitter wasm files (default: found beside the worker or in node_modules). */
  assetsDir?: string;
}

export function projectOptions(o: WorkerScanOptions): ProjectOptions {
  return {
    assets: o.assetsDir ? nodeAssets(o.assetsDir) : nodeAssets(),
    root: o.rootLabel ?? o.root,
    exclude: o.exclude,
    maxFileBytes: o.maxFileBytes,
    kinds: o.kinds,
    severity: o.severity,
    version: o.version,
    forceEffectiveTier: o.forceEffectiveTier,
    onlyControls: o.onlyControls,
    today: o.today ? () => o.today! : undefined,
  };
}
