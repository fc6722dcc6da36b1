/**
 * Terraform input plugin (kind `tf`): `.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`.
 *
 * Facts, one per top-level block:
 * - `resource` → kind `resource`, type = resource type, address `aws_kms_key.k`;
 *   `data` → `data.<type>.<name>`; `module` → `module.<name>` (type `module`);
 *   `variable` → `var.<name>` (type `variable`); `output` → `output.<name>`;
 *   `provider` → `provider.aws`, `provider.aws.<alias>` (type `provider`);
 *   `terraform` → `terraform`.
 * - `locals`: one fact per local name (kind `locals`, type `local`, address `local.<name>`,
 *   `attributes.value`).
 * - `.tfvars` assignments: kind `variable`, type `tfvars`, address `tfvars.<name>`,
 *   `attributes.value`; the linker applies them to `var.*`.
 * - `id` = `${file}#${address}` (a duplicate address in one file gets `~2`…; module
 *   instances get `@<caller scope>`), `scope` = the file's folder (`.` for the root).
 *
 * Attributes: literals as JSON values; nested blocks as arrays of objects under the block
 * type (`vpc_config: [{…}]`, a labelled nested block has `$labels: [...]`); a
 * `dynamic "x"` block is recorded as `x: [{ …content attributes… }]` (values that use the
 * iterator stay `$expr`) with the hint `dynamic:<path>`; maps/objects as objects; lists as
 * arrays; `jsonencode({…})` and heredoc JSON decoded to the value (unknown parts inside stay
 * markers); references `{ $ref: "aws_kms_key.k.arn" }`; anything else `{ $expr: source }`.
 * `attributeRanges` by dot path: attributes and object keys (`tags.owner`), list items
 * (`subnet_ids.0`), nested blocks by first occurrence (`vpc_config`, also `vpc_config.0`) and
 * `path.N` for the Nth (N ≥ 1), their attributes below (`vpc_config.1.subnet_ids`).
 * `.tf.json` values have the same shape, except that a nested block written as a JSON object
 * stays an object (`get()` reads both forms alike).
 *
 * Hints: `multi:true` (count / for_each), `dynamic:<path>`, `parse:incomplete` (a block
 * with a syntax error; its readable attributes are kept), `data:*` classification hints,
 * `module:local` / `module:dir:<dir>` / `module:unresolved` on module calls,
 * `module:definition` / `module:instance` / `module:call:<address>` (see link.ts),
 * `value:tfvars|default|module-input|unset` on variables.
 */
import type { Fact, ParsedFile } from '../../model';
import type { AssetSource, FileContent, InputPlugin, ModifierSignal, ParseContext, WorkloadDraft } from '../../plugin';
import type { FactQuery } from '../../catalogue/types';
import { groupTerraform } from './group';
import { TerraformLinker } from './link';
import { fileKindOf, parseTerraform } from './parse';
import { modifierSignals, tierSignals, type TierSignalOut } from './signals';
import { initTreeSitter } from './treesitter';

export { appendBlock, applyEdits, insertInBlock, replaceAttribute } from './edit';

/**
 * One linker for the plugin: it remembers its last call, so a call after a one-file change
 * redoes only the directories that change can reach. Shared by every Project using the plugin;
 * it checks what it reads (ParsedFile identity, tfvars texts), so sharing costs speed, never
 * correctness.
 */
const linker = new TerraformLinker();

export const terraformPlugin: InputPlugin = {
  kind: 'tf',
  title: 'Terraform',
  matches(path: string): boolean {
    return fileKindOf(path) !== undefined;
  },
  async init(assets: AssetSource): Promise<void> {
    await initTreeSitter(assets);
  },
  parse(file: FileContent, ctx: ParseContext): ParsedFile {
    const text = file.text ?? '';
    if (file.text === undefined) {
      return { file: file.path, kind: 'tf', facts: [], problems: [{ file: file.path, range: zero(), severity: 'error', code: 'parse/terraform-not-text', message: 'the file is not readable as text' }] };
    }
    if (ctx.maxFileBytes > 0 && text.length > ctx.maxFileBytes) {
      return { file: file.path, kind: 'tf', facts: [], problems: [{ file: file.path, range: zero(), severity: 'warning', code: 'scan/file-too-large', message: `the file is larger than the ${ctx.maxFileBytes}-byte limit and was not read` }] };
    }
    return parseTerraform(file.path, text);
  },
  link(files: ParsedFile[], ctx: ParseContext): ParsedFile[] {
    return linker.link(files, ctx);
  },
  tierSignals(fact: Fact, all: FactQuery): TierSignalOut[] {
    try {
      return tierSignals(fact, all);
    } catch {
      return [];
    }
  },
  modifierSignals(fact: Fact, all: FactQuery): ModifierSignal[] {
    try {
      return modifierSignals(fact, all);
    } catch {
      return [];
    }
  },
  group(facts: readonly Fact[], all: FactQuery): WorkloadDraft[] {
    return groupTerraform(facts, all);
  },
};

function zero() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
