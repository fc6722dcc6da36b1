/**
 * Node-side FileSource: walks a folder without following symbolic links (a link may point
 * outside the workspace or into a loop), skipping the default excluded folders early so a
 * node_modules tree is never walked.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { FileSource } from '../core/project';

/** Where the platform has it (not Windows), opening a file refuses a link in its last step. */
const NOFOLLOW: number | undefined = (constants as { O_NOFOLLOW?: number }).O_NOFOLLOW;

const PRUNE = new Set(['node_modules', '.git', '.hg', '.svn', '.terraform', '.venv', 'venv', '__pycache__', 'site-packages', '.vscode-test']);

export interface NodeSourceOptions {
  /** Folder names never descended into (default: dependency and VCS folders). */
  prune?: ReadonlySet<string>;
}

export function nodeFileSource(root: string, options: NodeSourceOptions = {}): FileSource {
  const prune = options.prune ?? PRUNE;
  const folders = new Map<string, Promise<boolean>>();
  return {
    async list(): Promise<string[]> {
      const out: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          return; // unreadable folder: skipped, the scan goes on
        }
        for (const e of entries) {
          const full = join(dir, e.name);
          if (e.isSymbolicLink()) continue;
          if (e.isDirectory()) {
            if (!prune.has(e.name)) await walk(full);
          } else if (e.isFile()) {
            out.push(relative(root, full).split(sep).join('/'));
          }
        }
      };
      await walk(root);
      return out.sort();
    },
    async read(path: string): Promise<Uint8Array | undefined> {
      const parts = path.split('/');
      if (parts.some((p) => p === '..' || p === '') || isAbsolute(path)) return undefined;
      const full = join(root, ...parts);
      try {
        // No link anywhere on the way: a linked folder may lead outside the workspace. Each
        // folder is checked once per source (a scan reads many files from the same folders).
        let dir = root;
        for (const part of parts.slice(0, -1)) {
          dir = join(dir, part);
          let plain = folders.get(dir);
          if (plain === undefined) {
            plain = lstat(dir).then((st) => st.isDirectory() && !st.isSymbolicLink());
            folders.set(dir, plain);
          }
          if (!(await plain)) return undefined;
        }
        if (NOFOLLOW !== undefined) {
          // The file itself: opened without following a link, then checked to be a plain file.
          const handle = await open(full, constants.O_RDONLY | NOFOLLOW);
          try {
            if (!(await handle.stat()).isFile()) return undefined;
            return new Uint8Array(await handle.readFile());
          } finally {
            await handle.close();
          }
        }
        const st = await lstat(full);
        if (!st.isFile()) return undefined;
        return new Uint8Array(await readFile(full));
      } catch {
        return undefined; // vanished, unreadable, or a link (ELOOP from O_NOFOLLOW)
      }
    },
  };
}
