/**
 * The contract an input kind implements to join the pipeline. A parser issue adds a folder
 * under `parse/<kind>/` exporting one `InputPlugin` and lists it in `parse/index.ts`.
 */
import type { FactQuery } from './catalogue/types';
import type { Evidence, Fact, InputKind, ModifierId, ParsedFile, Rating, Tier, WorkloadKind } from './model';

/**
 * Bytes of the product's own assets (the tree-sitter runtime and grammar wasm), given by the
 * adapter: the core never reads disk. Names: `web-tree-sitter.wasm`, `tree-sitter-terraform.wasm`.
 */
export interface AssetSource {
  read(name: string): Promise<Uint8Array>;
}

export interface ParseContext {
  /** Largest file the scan reads, in bytes; larger files get a `scan/file-too-large` problem. */
  maxFileBytes: number;
  /** Text of another file in the scan (e.g. `terraform.tfvars` beside a module), if it exists. */
  readText(path: string): string | undefined;
  /** All paths of the scan, POSIX relative. */
  paths: readonly string[];
}

export interface FileContent {
  path: string;
  /** Decoded text (UTF-8, BOM stripped) — undefined for binary inputs. */
  text?: string;
  /** Raw bytes, given to plugins with `binary: true` (zip archives). */
  bytes?: Uint8Array;
}

/** A group of facts that forms one workload candidate, as the input kind sees it. */
export interface WorkloadDraft {
  kind: WorkloadKind;
  name: string;
  root: string;
  /** Fact ids. */
  members: string[];
  /** The fact whose nameRange / range anchors the CodeLens. */
  anchorFactId: string;
}

export interface ModifierSignal {
  modifier: ModifierId;
  rating: Rating;
  evidence: Evidence[];
}

export interface InputPlugin {
  kind: InputKind;
  /** Human name: "Terraform". */
  title: string;
  /** Whether this plugin reads the path (by name only; never by content sniffing of other kinds). */
  matches(path: string): boolean;
  /** Plugins that need bytes (zip archives) say so. */
  binary?: boolean;
  /** One-time async setup (wasm grammars, read through `assets`). Called before the first parse. */
  init?(assets: AssetSource): Promise<void>;
  /** Must not throw; problems go into the result. Must be synchronous after init. */
  parse(file: FileContent, ctx: ParseContext): ParsedFile;
  /**
   * Whole-scan post-processing after every file of this kind is parsed (cross-file resolution:
   * terraform variables and modules, kustomize overlays). May rewrite facts of its own kind.
   */
  link?(files: ParsedFile[], ctx: ParseContext): ParsedFile[];
  /** Tier patterns a fact shows (an L7 endpoint, an L5 agent). */
  tierSignals?(fact: Fact, all: FactQuery): { tier: Tier; pattern: string; evidence: Evidence[] }[];
  /** Modifier ratings a fact shows (public ingress → exposure high). */
  modifierSignals?(fact: Fact, all: FactQuery): ModifierSignal[];
  /** Splits this kind's facts into workload candidates (only facts that carry tier signals matter). */
  group?(facts: readonly Fact[], all: FactQuery): WorkloadDraft[];
}
