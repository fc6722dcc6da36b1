/**
 * Fix builders shared by several Kubernetes detectors. Every builder returns undefined when
 * the object cannot be edited blind (see `editable` and the refusals in yaml-edit.ts).
 */
import type { Fact, Fix, TextEdit } from '../../../model';
import { appendDocument, dnsName, editable, eolOf, lineAt, yamlString } from './yaml-edit';
import { meta, namespaceWritten } from './workload';
import type { PodTarget } from './workload';

export const TODO = 'TODO(ai-risk-gradient)';

/** The Secret name a fix proposes for an object's credentials. */
export function secretNameFor(f: Fact): string {
  return dnsName(f.name ?? 'workload', 'credentials');
}

/** The key a fix proposes inside that Secret for an environment variable. */
export function secretKeyFor(envName: string): string {
  return envName.toLowerCase().replace(/_/g, '-').replace(/[^a-z0-9.-]/g, '');
}

/**
 * Replaces `value: <literal>` of an env entry by a `valueFrom.secretKeyRef` to a Secret that
 * a person must create outside the repository.
 */
export function literalToSecretRef(ctx: { text(file: string): string | undefined }, f: Fact, valuePath: string, envName: string): Fix | undefined {
  if (!editable(f)) return undefined;
  const text = ctx.text(f.file);
  const r = f.attributeRanges?.[valuePath];
  if (!text || !r) return undefined;
  const head = lineAt(text, r.start.line).slice(0, r.start.character);
  if (!/^[\s-]*$/.test(head)) return undefined;
  if (!/^value\s*:/.test(lineAt(text, r.start.line).slice(r.start.character))) return undefined;
  const ind = ' '.repeat(r.start.character);
  const eol = eolOf(text);
  const step = '  ';
  const newText = [
    'valueFrom:',
    `${ind}${step}secretKeyRef:`,
    `${ind}${step}${step}name: ${secretNameFor(f)} # ${TODO}: create this Secret outside the repository (External Secrets, Sealed Secrets or a CSI driver) and rotate the exposed value`,
    `${ind}${step}${step}key: ${secretKeyFor(envName)}`,
  ].join(eol);
  return { title: `Read ${envName} from a Secret instead of a literal`, kind: 'unsafe', edits: [{ file: f.file, range: r, newText }] };
}

/** Pod labels suitable for a generated selector (plain strings only). */
export function selectorLabels(t: PodTarget): Record<string, string> | undefined {
  if (!t.labels || t.labels === 'unknown') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.labels)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return Object.keys(out).length ? out : undefined;
}

function labelLines(labels: Record<string, string>, indent: string): string[] {
  return Object.entries(labels).map(([k, v]) => `${indent}${yamlString(k)}: ${yamlString(v)}`);
}

/** metadata lines of a generated namespaced object: name, and the namespace when the source object writes one. */
function metadataLines(source: Fact, name: string): string[] {
  const lines = ['metadata:', `  name: ${name}`];
  if (namespaceWritten(source)) lines.push(`  namespace: ${yamlString(String(meta(source).namespace))}`);
  return lines;
}

/** Appends a document to the source object's file; undefined when the file cannot be edited. */
export function appendDoc(ctx: { text(file: string): string | undefined }, source: Fact, lines: string[]): TextEdit | undefined {
  if (!editable(source)) return undefined;
  const text = ctx.text(source.file);
  if (text === undefined) return undefined;
  return appendDocument(text, source.file, lines);
}

/** A default-deny egress NetworkPolicy for a target's pods, DNS allowed, with a TODO for the destinations it needs. */
export function egressPolicyDoc(t: PodTarget): string[] | undefined {
  const labels = selectorLabels(t);
  if (!labels) return undefined;
  const f = t.fact;
  return [
    `# Default-deny egress for ${f.type} ${f.name ?? ''}: only DNS is allowed until the destinations below are filled in.`,
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    ...metadataLines(f, dnsName(f.name ?? 'workload', 'egress')),
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    ...labelLines(labels, '      '),
    '  policyTypes:',
    '    - Egress',
    '  egress:',
    '    - to:',
    '        - namespaceSelector:',
    '            matchLabels:',
    '              kubernetes.io/metadata.name: kube-system',
    '          podSelector:',
    '            matchLabels:',
    '              k8s-app: kube-dns',
    '      ports:',
    '        - protocol: UDP',
    '          port: 53',
    '        - protocol: TCP',
    '          port: 53',
    `    # ${TODO}: allow only the model and API endpoints this workload must reach, for example:`,
    '    # - to:',
    '    #     - ipBlock:',
    '    #         cidr: 10.0.0.0/16',
    '    #   ports:',
    '    #     - protocol: TCP',
    '    #       port: 443',
  ];
}
