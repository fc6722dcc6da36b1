// Shared test helpers: an in-memory FileSource and a scan of a map of files.
import { Project, type FileSource, type ProjectOptions, type ScanResult } from '../../src/core';
import { nodeAssets } from '../../src/node/assets';

export function memorySource(files: Record<string, string | Uint8Array>): FileSource {
  return {
    list: async () => Object.keys(files),
    read: async (p) => {
      const v = files[p];
      if (v === undefined) return undefined;
      return typeof v === 'string' ? new TextEncoder().encode(v) : v;
    },
  };
}

export async function scanFiles(files: Record<string, string | Uint8Array>, options: Partial<ProjectOptions> = {}): Promise<ScanResult> {
  const project = new Project({ assets: nodeAssets(), today: () => '2026-12-01', ...options });
  await project.loadAll(memorySource(files));
  return project.result();
}

export async function projectOf(files: Record<string, string | Uint8Array>, options: Partial<ProjectOptions> = {}): Promise<Project> {
  const project = new Project({ assets: nodeAssets(), today: () => '2026-12-01', ...options });
  await project.loadAll(memorySource(files));
  return project;
}
