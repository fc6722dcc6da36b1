/**
 * ARG-IAM-002 for Power Automate and Copilot Studio: no static credential in the workload.
 *
 * - A credential literal in a flow action (HTTP headers, bodies, connector parameters) or in
 *   a Copilot Studio topic's HTTP request: the reader keeps only its kind and place (`secret`
 *   facts), and so does the message. For a flow the fix swaps the literal for a parameter
 *   bound to an environment variable (`@parameters('<name> (<prefix>_<Name>)')`) and declares
 *   it with a TODO to create the Secret-type variable and rotate the key; it is offered only
 *   when the edited file re-parses and the literal is gone.
 * - An embedded connection that a write step to a privileged system uses: each run signs in
 *   with the stored sign-in of whoever created the connection, not an identity the workload
 *   owns. No fix: a connection owned by a service principal must be created in the tenant.
 * Literal values in environment-variable definitions are ARG-IAM-003's concern.
 */
import { str } from '../../../facts';
import type { Fact } from '../../../model';
import { PRIVILEGED_CONNECTORS } from '../../../parse/power-platform/connectors';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { actionsOf, flowsOf, solutionOf } from '../pp-util/facts';
import { secretParameterFix } from '../pp-util/fixes';

function describe(s: Fact): string {
  const owner = str(s.attributes.owner) ?? '';
  const location = str(s.attributes.location) ?? '';
  const action = /\/action\/([^/]+)$/.exec(owner)?.[1];
  const topic = /\/topic\/([^/]+)$/.exec(owner)?.[1];
  const where = location.replace(/^inputs\./, '').replace(/^beginDialog\./, '');
  if (action) return `step "${action}" of the flow (${where})`;
  if (topic) return `topic "${topic}" (${where})`;
  return `${owner} (${where})`;
}

function withArticle(w: string): string {
  return `${/^[aeiou]/i.test(w) ? 'An' : 'A'} ${w}`;
}

function prefixOf(ctx: DetectorContext, f: Fact): string {
  const sol = solutionOf(ctx, f);
  const p = sol ? str(sol.attributes.publisherPrefix) : undefined;
  return p && /^[A-Za-z][A-Za-z0-9]{1,7}$/.test(p) ? p : 'new';
}

export const ppDetector: Detector = {
  kind: 'pp',
  providers: ['powerplatform'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const secrets = ctx.facts.filter((f) => f.kind === 'secret' && f.provider === 'powerplatform' && !/^envvar:/.test(str(f.attributes.owner) ?? ''));
    for (const s of secrets) {
      const inFlow = /\/action\/[^/]+$/.test(str(s.attributes.owner) ?? '');
      const fix = inFlow ? secretParameterFix(ctx, s, prefixOf(ctx, s)) : undefined;
      out.push({
        status: 'missing',
        message: `${withArticle(str(s.attributes.kind) ?? 'credential')} is written into ${describe(s)}. ${inFlow ? 'Read it from an environment variable of type Secret (Key Vault) or use a connector with OAuth or a managed identity,' : 'Move it into a connection or a Secret-type environment variable,'} and rotate the exposed key.`,
        location: { file: s.file, range: s.range },
        anchor: `${str(s.attributes.owner)}:${str(s.attributes.location)}`,
        fixes: fix ? [fix] : [],
      });
    }

    const flows = flowsOf(ctx);
    for (const flow of flows) {
      const writers = new Set(actionsOf(ctx, flow).filter((a) => a.attributes.access === 'write').map((a) => str(a.attributes.connector)));
      for (const c of ctx.facts.filter((f) => f.kind === 'connection' && f.attributes.flowFactId === flow.id)) {
        const connector = str(c.attributes.connector) ?? '';
        if (str(c.attributes.runtimeSource) !== 'embedded' || !PRIVILEGED_CONNECTORS[connector] || !writers.has(connector)) continue;
        out.push({
          status: 'missing',
          message: `Connection "${c.name}" (${PRIVILEGED_CONNECTORS[connector]}) is embedded in flow "${flow.name}", and the flow writes through it: every run signs in with the stored credentials of whoever created that connection. Bind it to a connection reference whose connection signs in as a service principal or dedicated service account.`,
          location: { file: c.file, range: c.nameRange ?? c.range },
          anchor: `${c.address}:embedded`,
        });
      }
    }
    if (out.length > 0) return out;
    if (flows.length === 0 && !ctx.facts.some((f) => f.provider === 'powerplatform' && (f.kind === 'bot' || f.kind === 'agent'))) return [];
    return [{
      status: 'met',
      message: 'No credential literal and no embedded privileged connection was found in the workload.',
      evidence: [...flows, ...ctx.facts.filter((f) => f.provider === 'powerplatform' && f.kind === 'bot')].map((f) => ({ file: f.file, range: f.nameRange ?? f.range, why: `${f.name} carries no literal credential`, factId: f.id })),
    }];
  },
};
