/**
 * Node-side FileSource: walks a folder without following symbolic links (a link may point
 * outside the workspace or into a loop), skipping the default excluded folders early so a
 * node_modules tree is never walked.
 *
 * It uses the callback API of `node:fs`, not `fs/promises`: a scan reads thousands of small
 * files, and a `FileHandle` (an object per file, a promise per call, `readFile`'s own `fstat`)
 * cost twice the main-thread time of plain calls on a file descriptor in the 10,000-file bench.
 */
import { close, constants, fstat, lstat, open, read, readdir, type Dirent, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { FileSource } from '../core/project';

/** Where the platform has it (not Windows), opening a file refuses a link in its last step. */
const NOFOLLOW: number | undefined = (constants as { O_NOFOLLOW?: number }).O_NOFOLLOW;

const PRUNE = new Set(['node_modules', '.git', '.hg', '.svn', '.terraform', '.venv', 'venv', '__pycache__', 'site-packages', '.vscode-test']);

/** Chunk size for a file whose size the system does not give (a size of 0). */
const CHUNK = 64 * 1024;

export interface NodeSourceOptions {
  /** Folder names never descended into (default: dependency and VCS folders). */
  prune?: ReadonlySet<string>;
}

export function nodeFileSource(root: string, options: NodeSourceOptions = {}): FileSource {
  const prune = options.prune ?? PRUNE;
  /** Folder → whether it and every folder above it (up to the root) is a plain folder, no link. */
  const folders = new Map<string, Promise<boolean>>();
  const plainFolder = (dir: string, parent: string | undefined): Promise<boolean> => {
    let plain = folders.get(dir);
    if (plain === undefined) {
      const own = new Promise<boolean>((res) => lstat(dir, (e, st) => res(!e && st.isDirectory() && !st.isSymbolicLink())));
      plain = parent === undefined ? own : Promise.all([folders.get(parent)!, own]).then(([up, here]) => up && here);
      // A rejected lstat is a false above; nothing here rejects.
      folders.set(dir, plain);
    }
    return plain;
  };
  return {
    async list(): Promise<string[]> {
      const out: string[] = [];
      // Sibling folders are read at the same time: one readdir at a time left the walk of the
      // bench tree waiting on the disk most of its time. The list is sorted at the end, so the
      // order the folders answer in does not matter.
      // `rel` is the folder's POSIX path below the root ('' for the root itself).
      const walk = async (dir: string, rel: string): Promise<void> => {
        let entries: Dirent[];
        try {
          entries = await new Promise<Dirent[]>((res, rej) => readdir(dir, { withFileTypes: true }, (e, list) => (e ? rej(e) : res(list))));
        } catch {
          return; // unreadable folder: skipped, the scan goes on
        }
        const below: Promise<void>[] = [];
        for (const e of entries) {
          if (e.isSymbolicLink()) continue;
          const path = rel === '' ? e.name : `${rel}/${e.name}`;
          if (e.isDirectory()) {
            if (!prune.has(e.name)) below.push(walk(join(dir, e.name), path));
          } else if (e.isFile()) {
            out.push(path);
          }
        }
        await Promise.all(below);
      };
      await walk(root, '');
      return out.sort();
    },
    async read(path: string): Promise<Uint8Array | undefined> {
      const parts = path.split('/');
      if (parts.some((p) => p === '..' || p === '') || isAbsolute(path)) return undefined;
      const full = join(root, ...parts);
      try {
        // No link anywhere on the way: a linked folder may lead outside the workspace. Each
        // folder is checked once per source (a scan reads many files from the same folders),
        // and its promise includes the check of the folders above it.
        let dir: string | undefined;
        let plain: Promise<boolean> | undefined;
        for (const part of parts.slice(0, -1)) {
          const next = join(dir ?? root, part);
          plain = plainFolder(next, dir);
          dir = next;
        }
        if (plain && !(await plain)) return undefined;
        // O_NONBLOCK: opening a FIFO for reading would wait for a writer (holding one of the
        // few libuv threads for good); it has no effect on a plain file.
        if (NOFOLLOW !== undefined) return await readPlainFile(full, constants.O_RDONLY | NOFOLLOW | (constants.O_NONBLOCK ?? 0));
        const st = await new Promise<Stats>((res, rej) => lstat(full, (e, s) => (e ? rej(e) : res(s))));
        if (!st.isFile()) return undefined;
        return new Uint8Array(await readFile(full));
      } catch {
        return undefined; // vanished, unreadable, or a link (ELOOP from O_NOFOLLOW)
      }
    },
  };
}

/**
 * The bytes of a file opened with `flags` (O_NOFOLLOW refuses a link in the last step), or
 * undefined when it is not a plain file (a FIFO would block the read) or cannot be read. As
 * `readFile` does, it reads as many bytes as `fstat` gave, and until the end when that is 0.
 */
function readPlainFile(full: string, flags: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    open(full, flags, (err, fd) => {
      if (err) return reject(err);
      const finish = (e: Error | null, bytes?: Uint8Array): void => close(fd, () => (e ? reject(e) : resolve(bytes)));
      fstat(fd, (e, st) => {
        if (e) return finish(e);
        if (!st.isFile()) return finish(null, undefined);
        if (st.size > 0) readKnown(fd, new Uint8Array(st.size), 0, finish);
        else readToEnd(fd, [], 0, finish);
      });
    });
  });
}

function readKnown(fd: number, buf: Uint8Array, off: number, done: (e: Error | null, bytes?: Uint8Array) => void): void {
  if (off === buf.length) return done(null, buf);
  read(fd, buf, off, buf.length - off, off, (e, n) => {
    if (e) return done(e);
    // The file got shorter since fstat: what is there.
    if (n === 0) return done(null, buf.slice(0, off));
    readKnown(fd, buf, off + n, done);
  });
}

function readToEnd(fd: number, chunks: Uint8Array[], total: number, done: (e: Error | null, bytes?: Uint8Array) => void): void {
  const chunk = new Uint8Array(CHUNK);
  read(fd, chunk, 0, CHUNK, total, (e, n) => {
    if (e) return done(e);
    if (n === 0) {
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      return done(null, out);
    }
    chunks.push(chunk.subarray(0, n));
    readToEnd(fd, chunks, total + n, done);
  });
}
