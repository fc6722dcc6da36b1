/**
 * The analysis core's heavy parts, loaded on first need: the report formatters, the explain
 * pages and the register edits (yaml, minimatch). Activation does not load them; in the bundle
 * they come from dist/project-worker.js (see esbuild.mjs), which the worker thread runs anyway.
 */
import type * as HostEngine from '../node/host-engine';

let loaded: typeof HostEngine | undefined;

export function hostEngine(): typeof HostEngine {
  loaded ??= require('../node/host-engine') as typeof HostEngine;
  return loaded;
}

/** Whether the host has loaded the heavy parts (tests check that activation does not). */
export function hostEngineLoaded(): boolean {
  return loaded !== undefined;
}
