/**
 * Safe reading of zip archives (Power Platform exports) with fflate.
 *
 * Every check runs on the central directory BEFORE anything is inflated: fflate's
 * `unzipSync` hands each entry's name, compressed size and declared `originalSize` to a
 * `filter`, and only entries the filter accepts are inflated (into a buffer of the declared
 * size, so an entry that lies about its size cannot grow memory beyond it).
 *
 * Refused archives (the whole archive is skipped, the scan goes on):
 * - `parse/zip-too-large`: more entries than `maxEntries` (checked from the end-of-central-
 *   directory record first, so a 100 000-entry archive is refused without walking it), an
 *   entry larger than `maxEntryBytes`, or more than `maxTotalBytes` inflated in total;
 * - `parse/zip-unsafe`: an entry name that climbs out of the archive (`..`), is absolute
 *   (`/x`, `C:\x`, `\\server`), holds a NUL; or a compression ratio above `maxRatio`
 *   (a zip bomb);
 * - `parse/zip-corrupt`: fflate could not read the archive.
 * Entries with an unsupported compression method are skipped with a warning.
 *
 * Names are normalised: backslashes become `/`, a leading `./` is dropped. Files inside an
 * archive are addressed as `archive.zip!/inner/path.json` (see `innerPath`).
 */
import { strFromU8, unzipSync } from 'fflate';
import type { ParseProblem } from '../model';

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Largest inflated / compressed ratio for entries of at least `ratioMinBytes`. */
  maxRatio: number;
  ratioMinBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  maxRatio: 200,
  ratioMinBytes: 1024 * 1024,
};

export interface ZipListing {
  /** Normalised names of the file entries (directories left out). */
  names: string[];
  /** Set when the archive is refused; then `names` is empty. */
  problem?: ParseProblem;
  warnings: ParseProblem[];
}

export interface ZipContents extends ZipListing {
  /** Normalised name → bytes, for the entries asked for. */
  files: Map<string, Uint8Array>;
}

class Refused extends Error {
  constructor(
    readonly code: 'parse/zip-too-large' | 'parse/zip-unsafe',
    message: string,
  ) {
    super(message);
  }
}

const WHOLE_FILE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function problem(file: string, code: string, message: string, severity: ParseProblem['severity'] = 'warning'): ParseProblem {
  return { file, range: WHOLE_FILE, severity, code, message };
}

/** `archive.zip!/inner/path` — the address of a file inside an archive. */
export function innerPath(archive: string, name: string): string {
  return `${archive}!/${name}`;
}

/** Splits `archive.zip!/inner/path` into its parts (undefined when the path is not inside an archive). */
export function splitInnerPath(path: string): { archive: string; inner: string } | undefined {
  const i = path.indexOf('!/');
  return i < 0 ? undefined : { archive: path.slice(0, i), inner: path.slice(i + 2) };
}

/** Normalises an entry name, or explains why it is unsafe. */
export function normaliseEntryName(raw: string): { name: string } | { unsafe: string } {
  if (raw.includes('\0')) return { unsafe: 'holds a NUL character' };
  let name = raw.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(name)) return { unsafe: 'starts with a drive letter' };
  if (name.startsWith('/')) return { unsafe: 'is an absolute path' };
  while (name.startsWith('./')) name = name.slice(2);
  const segments = name.split('/');
  if (segments.some((s) => s === '..')) return { unsafe: "climbs out of the archive with '..'" };
  return { name: segments.filter((s, k) => s !== '.' && !(s === '' && k < segments.length - 1)).join('/') };
}

/** Entry count from the end-of-central-directory record (zip64 aware), or undefined. */
function declaredEntryCount(data: Uint8Array): number | undefined {
  const b2 = (o: number) => data[o] | (data[o + 1] << 8);
  const b4 = (o: number) => (data[o] | (data[o + 1] << 8) | (data[o + 2] << 16) | (data[o + 3] << 24)) >>> 0;
  const min = Math.max(0, data.length - 65557);
  for (let e = data.length - 22; e >= min; e--) {
    if (b4(e) !== 0x06054b50) continue;
    let count = Math.max(b2(e + 8), b2(e + 10));
    if (e >= 20 && b4(e - 20) === 0x07064b50) {
      const z = b4(e - 12);
      if (z + 40 <= data.length && b4(z) === 0x06064b50) {
        // 8-byte count; anything beyond 2^32 is absurd anyway.
        const hi = b4(z + 36);
        count = hi > 0 ? Number.MAX_SAFE_INTEGER : Math.max(count, b4(z + 32));
      }
    }
    return count;
  }
  return undefined;
}

function scan(
  archive: string,
  data: Uint8Array,
  limits: ZipLimits,
  want: ((name: string) => boolean) | undefined,
): ZipContents {
  const warnings: ParseProblem[] = [];
  const files = new Map<string, Uint8Array>();
  const declared = declaredEntryCount(data);
  if (declared === undefined) {
    return { names: [], files, warnings, problem: problem(archive, 'parse/zip-corrupt', 'The archive has no end-of-central-directory record; it is not a readable zip file.') };
  }
  if (declared > limits.maxEntries) {
    return {
      names: [],
      files,
      warnings,
      problem: problem(archive, 'parse/zip-too-large', `The archive declares ${declared} entries, more than the ${limits.maxEntries} this scan reads; it was skipped.`),
    };
  }
  const names: string[] = [];
  const wanted = new Map<string, string>(); // raw name → normalised name
  let count = 0;
  let total = 0;
  try {
    unzipSync(data, {
      filter(info) {
        if (++count > limits.maxEntries) {
          throw new Refused('parse/zip-too-large', `The archive holds more than ${limits.maxEntries} entries; it was skipped.`);
        }
        const norm = normaliseEntryName(info.name);
        if ('unsafe' in norm) {
          throw new Refused('parse/zip-unsafe', `The archive entry "${info.name.slice(0, 120)}" ${norm.unsafe}; the archive was refused.`);
        }
        if (norm.name === '' || norm.name.endsWith('/')) return false;
        if (info.originalSize > limits.maxEntryBytes) {
          throw new Refused(
            'parse/zip-too-large',
            `The archive entry "${norm.name.slice(0, 120)}" would inflate to ${info.originalSize} bytes, more than the ${limits.maxEntryBytes} allowed; the archive was skipped.`,
          );
        }
        total += info.originalSize;
        if (total > limits.maxTotalBytes) {
          throw new Refused('parse/zip-too-large', `The archive would inflate to more than ${limits.maxTotalBytes} bytes; it was skipped.`);
        }
        if (info.originalSize >= limits.ratioMinBytes && info.originalSize / Math.max(1, info.size) > limits.maxRatio) {
          throw new Refused(
            'parse/zip-unsafe',
            `The archive entry "${norm.name.slice(0, 120)}" has a compression ratio above ${limits.maxRatio}:1 (a zip bomb); the archive was refused.`,
          );
        }
        if (info.compression !== 0 && info.compression !== 8) {
          warnings.push(problem(archive, 'parse/zip-unsupported-entry', `The archive entry "${norm.name.slice(0, 120)}" uses compression method ${info.compression}, which is not read.`));
          return false;
        }
        names.push(norm.name);
        if (want && want(norm.name)) {
          wanted.set(info.name, norm.name);
        }
        return false; // listing pass: nothing is inflated here
      },
    });
    if (want && wanted.size > 0) {
      const out = unzipSync(data, { filter: (info) => wanted.has(info.name) });
      for (const [raw, bytes] of Object.entries(out)) {
        const norm = wanted.get(raw);
        if (norm !== undefined) files.set(norm, bytes);
      }
    }
  } catch (e) {
    if (e instanceof Refused) return { names: [], files: new Map(), warnings, problem: problem(archive, e.code, e.message) };
    const msg = e instanceof Error ? e.message : String(e);
    return { names: [], files: new Map(), warnings, problem: problem(archive, 'parse/zip-corrupt', `The archive could not be read (${msg.slice(0, 200)}).`) };
  }
  return { names, files, warnings };
}

/** Lists an archive's entries without inflating any. */
export function listZip(archive: string, data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipListing {
  const { names, warnings, problem: p } = scan(archive, data, limits, undefined);
  return { names, warnings, problem: p };
}

/** Lists an archive and inflates the entries `want` accepts (by normalised name). */
export function readZip(archive: string, data: Uint8Array, want: (name: string) => boolean, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipContents {
  return scan(archive, data, limits, want);
}

/** UTF-8 text of an entry, without a byte-order mark. */
export function entryText(bytes: Uint8Array): string {
  const s = strFromU8(bytes);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
