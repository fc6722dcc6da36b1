/**
 * One analysis model per workspace folder: a core `Project` fed from disk at load time and
 * from the editor's buffers afterwards. Paths inside are POSIX, relative to the folder.
 */
import * as vscode from 'vscode';
import { Project, type FileSource, type ScanResult } from '../core';
import { nodeAssets } from '../node/assets';
import { nodeFileSource } from '../node/file-source';
import type { Settings } from './settings';

declare const __ARG_VERSION__: string | undefined;
const VERSION = typeof __ARG_VERSION__ === 'string' ? __ARG_VERSION__ : '0.0.0';

/** A FileSource over `vscode.workspace.fs`, for folders that are not on the local disk. */
function vscodeFileSource(root: vscode.Uri): FileSource {
  return {
    async list(): Promise<string[]> {
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(root, '**/*'), '{**/node_modules/**,**/.git/**,**/.terraform/**}');
      const base = root.path.endsWith('/') ? root.path : `${root.path}/`;
      return uris.filter((u) => u.path.startsWith(base)).map((u) => u.path.slice(base.length));
    },
    async read(path: string): Promise<Uint8Array | undefined> {
      try {
        return await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, ...path.split('/')));
      } catch {
        return undefined;
      }
    },
  };
}

export class FolderModel {
  private project: Project | undefined;
  private loading: Promise<void> | undefined;
  /** Files that currently carry diagnostics from this model. */
  readonly published = new Set<string>();
  /** Bumped on each (re)load, so a stale load does not publish. */
  generation = 0;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly assetsDir: string,
  ) {}

  get loaded(): boolean {
    return this.project !== undefined && this.loading === undefined;
  }

  /** Path relative to the folder, or undefined when the URI is outside it. */
  rel(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.folder.uri.scheme || uri.authority !== this.folder.uri.authority) return undefined;
    const base = this.folder.uri.path.endsWith('/') ? this.folder.uri.path : `${this.folder.uri.path}/`;
    if (!uri.path.startsWith(base)) return undefined;
    return uri.path.slice(base.length);
  }

  uri(rel: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, ...rel.split('/'));
  }

  /** Full scan with a fresh Project (settings may have changed). */
  async load(settings: Settings, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<boolean> {
    const generation = ++this.generation;
    const project = new Project({
      assets: nodeAssets(this.assetsDir),
      exclude: settings.exclude,
      kinds: settings.kinds,
      severity: settings.severity,
      version: VERSION,
      root: this.folder.name,
    });
    const run = (async () => {
      await project.init();
      const source = this.folder.uri.scheme === 'file' ? nodeFileSource(this.folder.uri.fsPath) : vscodeFileSource(this.folder.uri);
      await project.loadAll(source, opts);
      // The editor's unsaved buffers win over the disk.
      for (const doc of vscode.workspace.textDocuments) {
        const rel = this.rel(doc.uri);
        if (rel && doc.isDirty && project.isIncluded(rel)) project.setFile(rel, doc.getText());
      }
    })();
    this.loading = run;
    try {
      await run;
    } finally {
      if (this.generation === generation) this.loading = undefined;
    }
    if (opts.signal?.aborted || this.generation !== generation) return false;
    this.project = project;
    return true;
  }

  /** Waits for a running load. */
  async ready(): Promise<void> {
    while (this.loading) {
      try {
        await this.loading;
      } catch {
        // the loader reports its own error
      }
    }
  }

  isIncluded(rel: string): boolean {
    return this.project?.isIncluded(rel) ?? false;
  }

  setFile(rel: string, content: string | Uint8Array): string[] {
    if (!this.project) return [];
    return this.project.setFile(rel, content).changedFiles;
  }

  deleteFile(rel: string): string[] {
    if (!this.project) return [];
    return this.project.deleteFile(rel).changedFiles;
  }

  hasFile(rel: string): boolean {
    return this.project?.text(rel) !== undefined || (this.project?.paths().includes(rel) ?? false);
  }

  paths(): string[] {
    return this.project?.paths() ?? [];
  }

  result(): ScanResult | undefined {
    return this.project?.result();
  }

  findingsFor(rel: string) {
    return this.project?.findingsFor(rel) ?? [];
  }

  problemsFor(rel: string) {
    return this.project?.problemsFor(rel) ?? [];
  }

  text(rel: string): string | undefined {
    return this.project?.text(rel);
  }
}
