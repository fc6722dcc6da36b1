/**
 * ARG-PRC-006 in Terraform: notebooks and training compute cut off from the internet and
 * from root.
 * - AWS: notebook instances (`direct_internet_access = "Disabled"` with a subnet,
 *   `root_access = "Disabled"`, IMDSv2), Studio domains (`app_network_access_type = "VpcOnly"`),
 *   models and training jobs (`enable_network_isolation = true`).
 * - Azure: ML compute instances / clusters without public IPs or public SSH; ML workspaces with
 *   public network access off.
 * - GCP: Workbench instances without a public IP; legacy notebook instances with `no_public_ip`.
 * One finding per resource lists every gap; its fix sets every attribute it can.
 */
import { get, str, truth } from '../../../facts';
import type { Fact, TextEdit } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { q } from '../tf-net-util/hcl';
import { appendBlocks, ev, fixOf, gap, members, met, setAttributes, TODO, unknown, variableBlock } from '../tf-net-util';

interface Need {
  path: string;
  want: string;
  ok: (v: ReturnType<typeof get>) => boolean | 'unknown';
  gap: (v: ReturnType<typeof get>) => string;
  /** Lines to set besides the attribute itself (a subnet for a private notebook). */
  also?: (f: Fact) => { path: string; value: string; variable?: [string, string, string] }[];
}

const eq = (s: string) => (v: ReturnType<typeof get>) => (unknown(v) ? 'unknown' : str(v) === s);
const isTrue = (v: ReturnType<typeof get>) => {
  const t = truth(v);
  return t === 'unknown' ? 'unknown' : t === true;
};
const isFalse = (v: ReturnType<typeof get>) => {
  const t = truth(v);
  return t === 'unknown' ? 'unknown' : t === false;
};

const RULES: Record<string, { what: string; needs: Need[] }> = {
  aws_sagemaker_notebook_instance: {
    what: 'notebook instance',
    needs: [
      {
        path: 'direct_internet_access',
        want: q('Disabled'),
        ok: eq('Disabled'),
        gap: (v) => (v === undefined ? 'direct internet access (not set; defaults to Enabled)' : `direct internet access (direct_internet_access = "${str(v)}")`),
        also: (f) =>
          f.attributes.subnet_id === undefined
            ? [
                { path: 'subnet_id', value: 'var.notebook_subnet_id', variable: ['notebook_subnet_id', 'string', `${TODO}: private subnet for ${f.address}`] },
                ...(f.attributes.security_groups === undefined ? [{ path: 'security_groups', value: 'var.notebook_security_group_ids', variable: ['notebook_security_group_ids', 'list(string)', `${TODO}: security groups for ${f.address}`] as [string, string, string] }] : []),
              ]
            : [],
      },
      { path: 'root_access', want: q('Disabled'), ok: eq('Disabled'), gap: (v) => (v === undefined ? 'root access (not set; defaults to Enabled)' : `root access (root_access = "${str(v)}")`) },
      {
        path: 'instance_metadata_service_configuration.minimum_instance_metadata_service_version',
        want: q('2'),
        ok: eq('2'),
        gap: () => 'IMDSv1 (minimum_instance_metadata_service_version is not "2")',
      },
    ],
  },
  aws_sagemaker_domain: {
    what: 'Studio domain',
    needs: [{ path: 'app_network_access_type', want: q('VpcOnly'), ok: eq('VpcOnly'), gap: (v) => (v === undefined ? 'internet access for its apps (app_network_access_type defaults to PublicInternetOnly)' : `internet access for its apps (app_network_access_type = "${str(v)}")`) }],
  },
  aws_sagemaker_model: {
    what: 'model',
    needs: [{ path: 'enable_network_isolation', want: 'true', ok: isTrue, gap: () => 'network access from the model container (enable_network_isolation is not true)' }],
  },
  aws_sagemaker_training_job: {
    what: 'training job',
    needs: [{ path: 'enable_network_isolation', want: 'true', ok: isTrue, gap: () => 'network access from the training container (enable_network_isolation is not true)' }],
  },
  azurerm_machine_learning_compute_instance: {
    what: 'ML compute instance',
    needs: [{ path: 'node_public_ip_enabled', want: 'false', ok: isFalse, gap: (v) => (v === undefined ? 'a public IP (node_public_ip_enabled defaults to true)' : 'a public IP (node_public_ip_enabled = true)'), also: azureSubnet }],
  },
  azurerm_machine_learning_compute_cluster: {
    what: 'ML compute cluster',
    needs: [
      { path: 'node_public_ip_enabled', want: 'false', ok: isFalse, gap: (v) => (v === undefined ? 'public IPs on its nodes (node_public_ip_enabled defaults to true)' : 'public IPs on its nodes (node_public_ip_enabled = true)'), also: azureSubnet },
      { path: 'ssh_public_access_enabled', want: 'false', ok: (v) => (v === undefined ? true : isFalse(v)), gap: () => 'SSH open to the internet (ssh_public_access_enabled = true)' },
    ],
  },
  azurerm_machine_learning_workspace: {
    what: 'ML workspace',
    needs: [{ path: 'public_network_access_enabled', want: 'false', ok: isFalse, gap: (v) => (v === undefined ? 'public network access (defaults to enabled)' : 'public network access (public_network_access_enabled = true)') }],
  },
  google_workbench_instance: {
    what: 'Workbench instance',
    needs: [{ path: 'gce_setup.disable_public_ip', want: 'true', ok: isTrue, gap: () => 'a public IP (gce_setup.disable_public_ip is not true)' }],
  },
  google_notebooks_instance: {
    what: 'notebook instance',
    needs: [{ path: 'no_public_ip', want: 'true', ok: isTrue, gap: () => 'a public IP (no_public_ip is not true)' }],
  },
};

function azureSubnet(f: Fact) {
  return f.attributes.subnet_resource_id === undefined ? [{ path: 'subnet_resource_id', value: 'var.ml_compute_subnet_id', variable: ['ml_compute_subnet_id', 'string', `${TODO}: subnet for ${f.address} (not needed with a managed network)`] as [string, string, string] }] : [];
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx: DetectorContext) {
    const out: DetectorOutcome[] = [];
    const taken = new Set<string>();
    for (const f of members(ctx, ...Object.keys(RULES))) {
      const rule = RULES[f.type];
      const gaps: string[] = [];
      const unk: string[] = [];
      const sets: { path: string; value: string }[] = [];
      const vars: string[] = [];
      for (const n of rule.needs) {
        const v = get(f, n.path);
        const ok = n.ok(v);
        if (ok === true) continue;
        if (ok === 'unknown') {
          unk.push(n.path);
          continue;
        }
        gaps.push(n.gap(v));
        sets.push({ path: n.path, value: n.want });
        for (const a of n.also?.(f) ?? []) {
          sets.push({ path: a.path, value: a.value });
          if (a.variable) {
            const b = variableBlock(ctx, f.scope ?? '.', a.variable[0], a.variable[1], a.variable[2], taken);
            if (b) vars.push(b);
          }
        }
      }
      if (gaps.length === 0 && unk.length === 0) {
        out.push(met(`The ${rule.what} is isolated from the internet.`, rule.needs.map((n) => ev(f, `${n.path.split('.').pop()} = ${n.want}`, n.path))));
        continue;
      }
      if (gaps.length === 0) {
        out.push(gap('unresolved', f, unk[0], 'isolation', `${unk.join(', ')} ${unk.length > 1 ? 'are' : 'is'} computed, so whether the ${rule.what} is isolated is unknown.`));
        continue;
      }
      const set = setAttributes(ctx, f, sets);
      const edits: (TextEdit | undefined)[] = set ? [...set] : [undefined];
      if (vars.length) edits.push(appendBlocks(ctx, f.file, vars));
      const first = rule.needs.find((n) => gaps.includes(n.gap(get(f, n.path))))!;
      out.push(
        gap('missing', f, f.attributeRanges?.[first.path] ? first.path : undefined, 'isolation', `The ${rule.what} allows ${gaps.join(', ')}.${unk.length ? ` (${unk.join(', ')} could not be read.)` : ''}`, [], [fixOf(`Isolate the ${rule.what}`, 'unsafe', edits)]),
      );
    }
    return out;
  },
};
