/**
 * ARG-IAM-003 for Power Platform solutions: the secrets a workload uses come from environment
 * variables of type Secret (Azure Key Vault references) or from connections, not from values
 * written into the solution.
 *
 * Judged on the environment variables of the workload's solution that it uses (its files
 * name them as flow parameters, `<name> (<schema>)`): a variable of another type whose
 * default value looks like a credential, or whose name says it holds one (key, token,
 * password, secret) while it is used as a credential, is `missing`. The fix turns the
 * definition into a Secret-type variable and removes the written value, which must then be
 * set per environment as a Key Vault reference. Literals inside flow steps are reported by
 * ARG-IAM-002.
 */
import { str } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { environmentVariablesOf, references } from '../pp-util/facts';
import { rereadPp } from '../pp-util/fixes';
import { type OffsetEdit, applyOffsetEdits, toTextEdits } from '../pp-util/json-edit';
import { elementAt } from '../pp-util/xml-edit';
import { offsetAt } from '../../../edits';

const SECRET_NAME = /(key|token|secret|password|passwd|pwd|credential)s?$/i;

function workloadFiles(ctx: DetectorContext): string[] {
  return [...new Set(ctx.facts.filter((f) => f.provider === 'powerplatform' && f.kind !== 'secret').map((f) => f.file))];
}

export const ppDetector: Detector = {
  kind: 'pp',
  providers: ['powerplatform'],
  evaluate(ctx): DetectorOutcome[] {
    const anchor = ctx.facts.find((f) => f.provider === 'powerplatform' && (f.kind === 'flow' || f.kind === 'bot' || f.kind === 'agent'));
    if (!anchor) return [];
    const files = workloadFiles(ctx);
    const used = environmentVariablesOf(ctx, anchor).filter((v) => files.some((file) => references(ctx, file, v.name ?? '')));
    const out: DetectorOutcome[] = [];
    const met: Fact[] = [];
    for (const v of used) {
      const type = str(v.attributes.type) ?? 'unknown';
      if (type === 'Secret') {
        met.push(v);
        continue;
      }
      const looksSecret = v.attributes.defaultLooksSecret === true;
      const namedSecret = SECRET_NAME.test((v.name ?? '').replace(/^[a-z0-9]+_/i, ''));
      if (!looksSecret && !namedSecret) continue;
      const fix = secretTypeFix(ctx, v);
      out.push({
        status: 'missing',
        message: looksSecret
          ? `Environment variable ${v.name} is of type ${type} and its default value in the solution is a credential, so the key travels with every export. Make it a Secret-type variable backed by Azure Key Vault, set per environment, and rotate the key.`
          : `Environment variable ${v.name} is named as a credential but is of type ${type}, so its value is stored in Dataverse in clear text. Make it a Secret-type variable backed by Azure Key Vault.`,
        location: { file: v.file, range: v.attributeRanges?.type ?? v.nameRange ?? v.range },
        anchor: `${v.address}:type`,
        fixes: fix ? [fix] : [],
      });
    }
    if (out.length > 0) return out;
    const refs = ctx.facts.filter((f) => f.kind === 'connection' && f.provider === 'powerplatform' && str(f.attributes.connectionReference));
    if (met.length === 0 && refs.length === 0) return [];
    return [{
      status: 'met',
      message: met.length ? `Secrets come from Key Vault-backed environment variables (${met.map((v) => v.name).join(', ')}).` : 'The workload reaches other systems through connection references; no secret value is kept in the solution for it.',
      evidence: [...met, ...refs.slice(0, 5)].map((f) => ({ file: f.file, range: f.nameRange ?? f.range, why: f.kind === 'environment-variable' ? `${f.name} is of type Secret` : `connection reference ${str(f.attributes.connectionReference)}`, factId: f.id })),
    }];
  },
};

/** `<type>` → 100000005 (Secret), and the written default value removed. */
function secretTypeFix(ctx: DetectorContext, v: Fact) {
  if (v.file.includes('!/')) return undefined;
  const text = ctx.text(v.file);
  if (!text) return undefined;
  const root = elementAt(text, offsetAt(text, v.range.start));
  if (!root) return undefined;
  const typeEl = root.children.find((c) => c.local === 'type');
  if (!typeEl) return undefined;
  const open = text.indexOf('>', typeEl.nameEnd) + 1;
  const close = text.lastIndexOf('</', typeEl.end);
  if (open <= 0 || close < open) return undefined;
  const edits: OffsetEdit[] = [{ start: open, end: close, newText: '100000005' }];
  const def = root.children.find((c) => c.local === 'defaultvalue');
  if (def) {
    const lineStart = text.lastIndexOf('\n', def.start - 1) + 1;
    const onlyOnLine = /^[ \t]*$/.test(text.slice(lineStart, def.start)) && /^[ \t]*\r?\n/.test(text.slice(def.end));
    const end = onlyOnLine ? def.end + (/^[ \t]*\r?\n/.exec(text.slice(def.end))?.[0].length ?? 0) : def.end;
    edits.push({ start: onlyOnLine ? lineStart : def.start, end, newText: '' });
  }
  const after = applyOffsetEdits(text, edits);
  const again = rereadPp(ctx, v.file, after)?.find((f) => f.kind === 'environment-variable');
  if (!again || again.attributes.type !== 'Secret') return undefined;
  return {
    title: `Make ${v.name} a Secret-type environment variable (set its Key Vault reference per environment)`,
    kind: 'unsafe' as const,
    edits: toTextEdits(v.file, text, edits),
  };
}
