/**
 * IAM policy reading shared by tier and modifier signals: statements of `aws_iam_policy`,
 * `aws_iam_role_policy` (and user/group policies), `aws_iam_role.inline_policy`, and
 * `data.aws_iam_policy_document`, whatever form the document was written in (jsonencode,
 * heredoc JSON, a policy document data source).
 */
import type { FactQuery } from '../../catalogue/types';
import type { Fact, FactObject, FactValue } from '../../model';
import { addressOfRef, isMarker, isPlainObject } from './util';

export interface Statement {
  fact: Fact;
  /** Attribute path of the statement, for evidence ranges. */
  path: string;
  effect: string;
  actions: string[];
  notActions: boolean;
  resources: string[];
}

const POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

function strings(v: FactValue | undefined): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap((x) => strings(x));
  if (isMarker(v)) return ['${unknown}'];
  return [];
}

function docStatements(fact: Fact, doc: FactValue | undefined, path: string, all: FactQuery | undefined, depth = 0): Statement[] {
  if (doc === undefined || doc === null) return [];
  if (isMarker(doc)) {
    const ref = (doc as FactObject).$ref;
    if (typeof ref === 'string' && all && depth < 3) {
      const addr = addressOfRef(ref);
      const target = addr ? all.byAddress(addr, fact.scope)[0] : undefined;
      if (target && target.type === 'aws_iam_policy_document') return statementsOf(target, all, depth + 1);
    }
    return [];
  }
  if (!isPlainObject(doc)) return [];
  const st = doc.Statement ?? doc.statement;
  const list = Array.isArray(st) ? st : st !== undefined ? [st] : [];
  return list.flatMap((s, i) => {
    if (!isPlainObject(s)) return [];
    const notActions = s.NotAction !== undefined;
    return [
      {
        fact,
        path: Array.isArray(st) ? `${path}.Statement.${i}` : `${path}.Statement`,
        effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
        actions: strings(s.Action ?? s.NotAction),
        notActions,
        resources: strings(s.Resource ?? s.NotResource),
      },
    ];
  });
}

/** Statements a fact holds itself (following one `data.aws_iam_policy_document` reference). */
export function statementsOf(fact: Fact, all?: FactQuery, depth = 0): Statement[] {
  if (fact.type === 'aws_iam_policy_document') {
    const blocks = fact.attributes.statement;
    const list = Array.isArray(blocks) ? blocks : [];
    const out: Statement[] = list.flatMap((s, i) => {
      if (!isPlainObject(s)) return [];
      return [
        {
          fact,
          path: i === 0 ? 'statement' : `statement.${i}`,
          effect: typeof s.effect === 'string' ? s.effect : 'Allow',
          actions: strings(s.actions ?? s.not_actions),
          notActions: s.not_actions !== undefined,
          resources: strings(s.resources ?? s.not_resources),
        },
      ];
    });
    for (const src of ['source_policy_documents', 'override_policy_documents']) {
      const v = fact.attributes[src];
      for (const d of Array.isArray(v) ? v : []) out.push(...docStatements(fact, d, src, all, depth + 1));
    }
    return out;
  }
  if (POLICY_TYPES.includes(fact.type)) return docStatements(fact, fact.attributes.policy, 'policy', all, depth);
  if (fact.type === 'aws_iam_role') {
    const inl = fact.attributes.inline_policy;
    const list = Array.isArray(inl) ? inl : [];
    return list.flatMap((b, i) => (isPlainObject(b) ? docStatements(fact, b.policy, i === 0 ? 'inline_policy.policy' : `inline_policy.${i}.policy`, all, depth) : []));
  }
  return [];
}

function refsTo(f: Fact, address: string): boolean {
  return (f.references ?? []).includes(address);
}

/** The role a compute resource runs as (`role`, `execution_role_arn`, `task_role_arn` …). */
export function roleOf(fact: Fact, all: FactQuery): Fact | undefined {
  for (const key of ['role', 'role_arn', 'execution_role_arn', 'task_role_arn', 'agent_resource_role_arn', 'service_role']) {
    const v = fact.attributes[key];
    const ref = isMarker(v) ? (v as FactObject).$ref : undefined;
    if (typeof ref !== 'string') continue;
    const addr = addressOfRef(ref);
    const role = addr ? all.byAddress(addr, fact.scope).find((f) => f.type === 'aws_iam_role') : undefined;
    if (role) return role;
  }
  return undefined;
}

/** Every statement that applies to a role: inline, role policies, attached customer policies. */
export function roleStatements(role: Fact, all: FactQuery): Statement[] {
  const out = statementsOf(role, all);
  const inScope = (f: Fact) => f.scope === role.scope;
  for (const t of ['aws_iam_role_policy']) for (const p of all.byType(t)) if (inScope(p) && refsTo(p, role.address)) out.push(...statementsOf(p, all));
  const attached = new Set<string>();
  for (const a of all.byType('aws_iam_role_policy_attachment')) if (inScope(a) && refsTo(a, role.address)) for (const r of a.references ?? []) attached.add(r);
  for (const a of all.byType('aws_iam_policy_attachment')) if (inScope(a) && (a.references ?? []).includes(role.address)) for (const r of a.references ?? []) attached.add(r);
  for (const r of role.references ?? []) attached.add(r); // managed_policy_arns
  for (const addr of attached) for (const p of all.byAddress(addr, role.scope)) if (p.type === 'aws_iam_policy') out.push(...statementsOf(p, all));
  return out;
}

/** AWS managed policy names attached to a role by ARN literal. */
export function managedPolicyNames(role: Fact, all: FactQuery): { fact: Fact; path: string; name: string }[] {
  const out: { fact: Fact; path: string; name: string }[] = [];
  const arnName = (v: FactValue | undefined): string | undefined => (typeof v === 'string' ? /:policy\/(?:.*\/)?([^/]+)$/.exec(v)?.[1] : undefined);
  const m = role.attributes.managed_policy_arns;
  (Array.isArray(m) ? m : []).forEach((v, i) => {
    const n = arnName(v);
    if (n) out.push({ fact: role, path: `managed_policy_arns.${i}`, name: n });
  });
  for (const a of [...all.byType('aws_iam_role_policy_attachment'), ...all.byType('aws_iam_policy_attachment')]) {
    if (a.scope !== role.scope || !(a.references ?? []).includes(role.address)) continue;
    const n = arnName(a.attributes.policy_arn);
    if (n) out.push({ fact: a, path: 'policy_arn', name: n });
  }
  return out;
}

export function matchesAction(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(action);
}

const WRITE_VERB = /^(put|delete|update|create|write|modify|batchwrite|restore|attach|detach|pass|add|remove|set|upload|copy|replicate|terminate|reboot|run|start|stop|invoke)/i;
const DATA_SERVICES = new Set(['s3', 'dynamodb', 'rds', 'rds-data', 'redshift', 'redshift-data', 'secretsmanager', 'ssm', 'kms', 'es', 'aoss', 'glue', 'athena', 'kinesis', 'firehose', 'sqs', 'sns', 'elasticfilesystem', 'backup', 'docdb-elastic', 'timestream', 'iam', 'sts', 'lambda', 'ec2', 'ecs', 'eks']);

/** Write or privilege-changing actions on data stores / infrastructure (`s3:PutObject`, `iam:PassRole`). */
export function isWriteAction(action: string): boolean {
  const [svc, op] = action.split(':');
  if (!svc || !op) return false;
  if (!DATA_SERVICES.has(svc.toLowerCase())) return false;
  if (op === '*') return true;
  if (svc.toLowerCase() === 'lambda' && /^invoke/i.test(op)) return false;
  return WRITE_VERB.test(op.replace(/\*/g, ''));
}
