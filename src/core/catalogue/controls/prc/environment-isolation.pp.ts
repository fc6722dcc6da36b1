/**
 * ARG-PRC-002 for Power Platform exports: what an export can show about environment isolation,
 * judged honestly.
 *
 * - Not in a solution (a legacy package from "My flows", or agent source files with no
 *   solution beside them): nothing shows separate stages, and a package cannot be promoted
 *   through dev / test / prod pipelines → `partial`.
 * - In a solution: an environment variable the workload uses whose written value (default)
 *   names a production system (`prod`, `production`, `live` in the address) makes every
 *   environment the solution is imported into reach production unless someone overrides it
 *   → `partial` at that value.
 * - A managed solution with no such baked-in value → `met` (built to be deployed to
 *   downstream environments). An unmanaged one → `partial`: the export is the development
 *   copy and cannot show that production is a separate, managed environment; record that in
 *   the register. No fix: environments are created in the tenant, not in these files.
 */
import { str } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { environmentVariablesOf, flowsOf, references, solutionOf } from '../pp-util/facts';

const PROD = /(^|[^a-z])(prod|production|prd|live)([^a-z]|$)/i;

function subject(ctx: DetectorContext): Fact | undefined {
  return flowsOf(ctx)[0] ?? ctx.facts.find((f) => f.provider === 'powerplatform' && (f.kind === 'bot' || f.kind === 'agent'));
}

export const ppDetector: Detector = {
  kind: 'pp',
  providers: ['powerplatform'],
  evaluate(ctx): DetectorOutcome[] {
    const s = subject(ctx);
    if (!s) return [];
    const at = { file: s.file, range: s.nameRange ?? s.range };
    const solution = solutionOf(ctx, s);
    const pkg = s.kind === 'flow' ? str(s.attributes.package) : undefined;
    if (!solution) {
      return [{
        status: 'partial',
        message: s.kind === 'flow' && str(s.attributes.origin) === 'package'
          ? `Flow "${s.name}" is exported as a legacy package${pkg ? ` (${pkg})` : ''}, not in a solution: it cannot be promoted through separate development, test and production environments. Move it into a solution built in a development environment and deploy it as managed.`
          : `"${s.name}" is not part of a solution in the scan, so nothing shows that it is built outside production or the default environment. Keep it in a solution developed in its own environment, or record the environments in the register.`,
        location: at,
        anchor: 'environment:no-solution',
      }];
    }
    const files = [...new Set(ctx.facts.map((f) => f.file))];
    const used = environmentVariablesOf(ctx, s).filter((v) => files.some((file) => references(ctx, file, v.name ?? '')));
    const baked = used.filter((v) => {
      const d = str(v.attributes.defaultValue);
      return d !== undefined && PROD.test(d);
    });
    if (baked.length > 0) {
      const v = baked[0];
      return [{
        status: 'partial',
        message: `Environment variable ${v.name} ships with the default ${str(v.attributes.defaultValue)}, a production system: in every environment the solution is imported into, including development and test, the workload reaches production unless someone sets another value. Remove the default and set the value per environment (deployment settings).`,
        location: { file: v.file, range: v.attributeRanges?.defaultValue ?? v.nameRange ?? v.range },
        anchor: `${v.address}:default`,
        evidence: baked.slice(1).map((x) => ({ file: x.file, range: x.attributeRanges?.defaultValue ?? x.range, why: `${x.name} also defaults to a production system`, factId: x.id })),
      }];
    }
    const managed = solution.attributes.managed;
    const sev = { file: solution.file, range: solution.attributeRanges?.managed ?? solution.nameRange ?? solution.range, why: `solution ${solution.name}`, factId: solution.id };
    if (managed === true) {
      return [{ status: 'met', message: `Delivered as managed solution ${solution.name}, with its environment-specific values set per environment.`, evidence: [sev] }];
    }
    return [{
      status: 'partial',
      message: `Solution ${solution.name} is exported unmanaged (the development copy), and the export cannot show that production is a separate managed environment or that the default environment is not used. Deploy a managed build to test and production through a pipeline, and record the environments in the register.`,
      location: { file: solution.file, range: sev.range },
      anchor: `${solution.address}:managed`,
    }];
  },
};
