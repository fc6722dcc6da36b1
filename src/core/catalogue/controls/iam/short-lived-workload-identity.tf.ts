/**
 * ARG-IAM-006 for Terraform: agents authenticate to each other and to cloud APIs with
 * short-lived, federated credentials (IAM roles assumed through STS, IRSA / EKS Pod Identity,
 * workload identity federation, managed identity federated credentials), never with
 * long-lived keys or client secrets.
 */
import { get, str } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { ev, header, inScope, members } from '../tf-util/facts';

const LONG_LIVED: Record<string, string> = {
  aws_iam_access_key: 'an IAM user access key',
  google_service_account_key: 'a service-account key',
  azuread_application_password: 'an application client secret',
  azuread_service_principal_password: 'a service principal password',
  aws_bedrockagentcore_api_key_credential_provider: 'a stored API key the agent presents to other services',
};

const FEDERATION = /^(aws_eks_pod_identity_association|aws_iam_openid_connect_provider|google_iam_workload_identity_pool|google_iam_workload_identity_pool_provider|azurerm_federated_identity_credential|azuread_application_federated_identity_credential|aws_bedrockagentcore_workload_identity|aws_rolesanywhere_)/;

function roleFederated(f: Fact): boolean {
  if (f.type !== 'aws_iam_role') return false;
  const doc = JSON.stringify(f.attributes.assume_role_policy ?? '');
  return /AssumeRoleWithWebIdentity|pods\.eks\.amazonaws\.com/.test(doc);
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const seen = new Set<string>();
    for (const k of [...members(ctx), ...inScope(ctx, Object.keys(LONG_LIVED))]) {
      if (!LONG_LIVED[k.type] || seen.has(k.id)) continue;
      seen.add(k.id);
      out.push({
        status: 'missing',
        message: `${k.address} creates ${LONG_LIVED[k.type]}, a long-lived credential; anyone who copies it can act as the agent until it is revoked. Use federated, short-lived credentials (workload identity federation, IRSA / pod identity, managed identity) instead.`,
        location: header(k),
        anchor: k.address,
      });
    }
    if (out.length) return out;
    const fed = [...inScope(ctx, FEDERATION), ...members(ctx, 'aws_iam_role').filter(roleFederated)];
    const roles = members(ctx).filter((f) => get(f, 'agent_resource_role_arn') !== undefined || get(f, 'spec.service_account') !== undefined || str(get(f, 'spec.identity_type')) === 'AGENT_IDENTITY' || get(f, 'identity') !== undefined);
    const evs = [...fed, ...roles].slice(0, 6).map((f) => ev(f, FEDERATION.test(f.type) || f.type === 'aws_iam_role' ? `${f.address} federates workload identity` : `${f.address} runs with a platform identity (short-lived tokens)`));
    if (evs.length) return [{ status: 'met', message: 'The agents use platform identities with short-lived credentials and no long-lived key is created.', evidence: evs }];
    return [];
  },
};
