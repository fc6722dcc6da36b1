/**
 * ARG-DAT-002 for Terraform: a Power Platform environment managed in Terraform is covered by
 * a `powerplatform_data_loss_prevention_policy` that keeps the generic HTTP connectors (the
 * built-in `Http` and HTTP with Microsoft Entra ID, `shared_webcontents`) out of the business
 * group: blocked, or non-business. Only for workloads with Power Platform resources; the
 * policy lists are read with the Power Platform detector's reader (`policiesOf`).
 */
import { isExpr, isRef, str } from '../../../facts';
import type { Fact, FactValue } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, header, loc, members, refAddress } from '../tf-util/facts';
import { policiesOf } from './connector-dlp.pp';

const HTTP = ['http', 'shared_webcontents'];
const norm = (id: string) => (/\/apis\/([^/]+)$/i.exec(id)?.[1] ?? id).toLowerCase();

/** Whether a Terraform DLP policy applies to the environment (true / false / unknown). */
function covers(policy: Fact, env: Fact | undefined): boolean | 'unknown' {
  const type = str(policy.attributes.environment_type) ?? 'AllEnvironments';
  if (type === 'AllEnvironments') return true;
  const envs = policy.attributes.environments;
  if (!Array.isArray(envs)) return 'unknown';
  if (!env) return 'unknown';
  const listed = envs.some((e: FactValue) => refAddress(e) === env.address);
  const unknownItems = envs.some((e) => isExpr(e) || (isRef(e) && refAddress(e) !== env.address && !/^powerplatform_environment\./.test(refAddress(e) ?? '')));
  if (type === 'OnlyEnvironments') return listed ? true : unknownItems ? 'unknown' : false;
  if (type === 'ExceptEnvironments') return listed ? false : unknownItems ? 'unknown' : true;
  return 'unknown';
}

function itemPath(f: Fact, list: string, id: string): string {
  const v = f.attributes[list];
  if (!Array.isArray(v)) return list;
  const i = v.findIndex((x) => x && typeof x === 'object' && !Array.isArray(x) && typeof (x as Record<string, FactValue>).id === 'string' && norm((x as Record<string, FactValue>).id as string) === id);
  return i >= 0 && f.attributeRanges?.[`${list}.${i}`] ? `${list}.${i}` : list;
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['powerplatform'],
  evaluate(ctx: DetectorContext): DetectorOutcome[] {
    const pp = members(ctx).filter((f) => f.provider === 'powerplatform');
    if (pp.length === 0) return [];
    const env = pp.find((f) => f.type === 'powerplatform_environment');
    const where = env ?? pp[0];
    const policies = policiesOf(ctx).filter((p) => !p.json);
    const applying = policies.map((p) => ({ p, c: covers(p.fact, env) })).filter((x) => x.c !== false);
    if (applying.length === 0) {
      return [{ status: 'missing', message: `No powerplatform_data_loss_prevention_policy covers ${where.address}, so makers can wire AI flows and agents to the generic HTTP connectors and send business data anywhere.`, location: header(where), anchor: `${where.address}:dlp` }];
    }
    const out: DetectorOutcome[] = [];
    for (const { p, c } of applying) {
      if (p.business === undefined || p.blocked === undefined) {
        out.push({ status: 'unresolved', message: `The connector groups of ${p.fact.address} are built by expressions and cannot be read.`, location: header(p.fact), anchor: `${p.fact.address}:groups` });
        continue;
      }
      if (c === 'unknown') {
        out.push({ status: 'unresolved', message: `Whether ${p.fact.address} applies to ${where.address} cannot be resolved from its environments list.`, location: loc(p.fact, 'environments'), anchor: `${p.fact.address}:scope` });
        continue;
      }
      const inBusiness = HTTP.filter((h) => p.business!.has(h));
      const defaultBusiness = str(p.fact.attributes.default_connectors_classification) === 'Confidential';
      const unlisted = HTTP.filter((h) => !p.blocked!.has(h) && !p.business!.has(h));
      if (inBusiness.length) {
        for (const h of inBusiness) {
          out.push({
            status: 'missing',
            message: `${p.fact.address} puts the ${h === 'http' ? 'built-in HTTP connector' : 'HTTP with Microsoft Entra ID connector (shared_webcontents)'} in the business group, so a flow can read business data and post it to any URL. Block it or classify it non-business.`,
            location: loc(p.fact, itemPath(p.fact, 'business_connectors', h)),
            anchor: `${p.fact.address}:${h}`,
          });
        }
      } else if (defaultBusiness && unlisted.length) {
        out.push({ status: 'missing', message: `${p.fact.address} classifies unlisted connectors as business (default_connectors_classification = "Confidential"), which includes ${unlisted.join(' and ')}.`, location: loc(p.fact, 'default_connectors_classification'), anchor: `${p.fact.address}:default` });
      } else {
        out.push({ status: 'met', message: `${p.fact.address} keeps the HTTP connectors out of the business group.`, evidence: [ev(p.fact, 'HTTP connectors blocked or non-business', 'blocked_connectors')] });
      }
    }
    return out;
  },
};
