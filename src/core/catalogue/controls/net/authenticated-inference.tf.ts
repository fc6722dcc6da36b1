/**
 * ARG-NET-004 in Terraform: nothing serves a model without checking who is asking, and keys
 * are not the only check at this tier.
 * - AWS: SageMaker endpoints and AgentCore runtimes always require SigV4 or a JWT authoriser
 *   (met); a Lambda function URL with `authorization_type = "NONE"` in front of a model is open.
 * - Azure: AI accounts with `local_auth_enabled = false` (keys off, Entra ID only; the default
 *   is true), azapi accounts with `disableLocalAuth = true`, ML online endpoints whose
 *   `authMode` is a token rather than a static key.
 * - GCP: Vertex AI endpoints are IAM-protected (met); Cloud Run model services open to
 *   allUsers are not.
 */
import { get, str, truth } from '../../../facts';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { q } from '../tf-net-util/hcl';
import { ev, fixOf, gap, inScope, members, met, refersTo, setAttribute, stringsOf, unknown } from '../tf-net-util';
import { checksDetector } from '../compose';

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const e of members(ctx, 'aws_sagemaker_endpoint')) out.push(met('The SageMaker endpoint accepts only SigV4-signed calls through IAM.', [ev(e, 'SageMaker endpoints require IAM authentication')]));
  for (const r of members(ctx, 'aws_bedrockagentcore_agent_runtime')) {
    const jwt = get(r, 'authorizer_configuration') !== undefined;
    out.push(met(jwt ? 'The agent runtime checks callers with a JWT authoriser.' : 'The agent runtime accepts only IAM (SigV4) callers.', [ev(r, jwt ? 'authorizer_configuration is set' : 'no authorizer_configuration: IAM only', jwt ? 'authorizer_configuration' : undefined)]));
  }
  const fns = members(ctx, 'aws_lambda_function');
  const urls = new Set(members(ctx, 'aws_lambda_function_url'));
  for (const u of inScope(ctx, 'aws_lambda_function_url')) if (fns.some((f) => refersTo(u, f))) urls.add(u);
  for (const u of urls) {
    const auth = u.attributes.authorization_type;
    if (unknown(auth)) out.push(gap('unresolved', u, 'authorization_type', 'authorization_type', "The function URL's authorization_type is computed, so whether it checks callers is unknown."));
    else if (str(auth) === 'NONE') out.push(gap('missing', u, 'authorization_type', 'authorization_type', 'The Lambda function URL in front of the model has authorization_type = "NONE", so it answers anonymous requests.', [], [fixOf('Require IAM-signed requests on the function URL', 'unsafe', [setAttribute(ctx, u, 'authorization_type', q('AWS_IAM'))])]));
    else out.push(met('The function URL requires IAM-signed requests.', [ev(u, `authorization_type = "${str(auth)}"`, 'authorization_type')]));
  }
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const [type, attr] of [['azurerm_cognitive_account', 'local_auth_enabled'], ['azurerm_ai_services', 'local_authentication_enabled']] as const) {
    for (const f of members(ctx, type)) {
      const v = f.attributes[attr];
      const t = truth(v);
      if (t === 'unknown') out.push(gap('unresolved', f, attr, attr, `${attr} is computed, so whether the account accepts static API keys is unknown.`));
      else if (t === false) out.push(met('The AI account accepts only Entra ID tokens (local keys off).', [ev(f, `${attr} = false`, attr)]));
      else out.push(gap('missing', f, attr, attr, `The AI account answers anyone holding its static API key (${v === undefined ? `${attr} is not set and defaults to true` : `${attr} = true`}); keys are shared secrets that identify no caller.`, [], [fixOf('Turn off key authentication (Entra ID only)', 'unsafe', [setAttribute(ctx, f, attr, 'false')])]));
    }
  }
  for (const f of members(ctx, 'azapi_resource')) {
    const type = str(f.attributes.type) ?? '';
    if (/^Microsoft\.CognitiveServices\/accounts@/i.test(type)) {
      const path = 'body.properties.disableLocalAuth';
      const v = get(f, path);
      const t = truth(v);
      if (t === 'unknown') out.push(gap('unresolved', f, path, 'disableLocalAuth', 'disableLocalAuth is computed, so whether static keys are accepted is unknown.'));
      else if (t === true) out.push(met('The AI account accepts only Entra ID tokens.', [ev(f, 'disableLocalAuth = true', path)]));
      else out.push(gap('missing', f, path, 'disableLocalAuth', 'The AI account accepts static API keys (disableLocalAuth is not true).', [], [f.attributeRanges?.[path] ? fixOf('Turn off key authentication', 'unsafe', [setAttribute(ctx, f, path, 'true')]) : undefined]));
    }
    if (/^Microsoft\.MachineLearningServices\/workspaces\/onlineEndpoints@/i.test(type)) {
      const path = 'body.properties.authMode';
      const v = get(f, path);
      if (unknown(v)) out.push(gap('unresolved', f, path, 'authMode', 'authMode is computed, so how callers are checked is unknown.'));
      else if (/^(AADToken|AMLToken)$/i.test(str(v) ?? '')) out.push(met(`The online endpoint requires ${str(v)} tokens.`, [ev(f, `authMode = "${str(v)}"`, path)]));
      else out.push(gap('partial', f, path, 'authMode', `The online endpoint authenticates with a static key (${v === undefined ? 'authMode not set' : `authMode = "${str(v)}"`}), which identifies no caller and does not expire.`, [], [f.attributeRanges?.[path] ? fixOf('Require Entra ID tokens on the endpoint', 'unsafe', [setAttribute(ctx, f, path, q('AADToken'))]) : undefined]));
    }
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const e of members(ctx, 'google_vertex_ai_endpoint')) out.push(met('Vertex AI endpoints require IAM-authorised callers.', [ev(e, 'Vertex AI prediction needs an IAM permission')]));
  const iamTypes = ['google_cloud_run_v2_service_iam_member', 'google_cloud_run_v2_service_iam_binding', 'google_cloud_run_service_iam_member', 'google_cloud_run_service_iam_binding'];
  for (const s of members(ctx, 'google_cloud_run_v2_service', 'google_cloud_run_service')) {
    for (const b of inScope(ctx, ...iamTypes).filter((x) => refersTo(x, s) && str(x.attributes.role) === 'roles/run.invoker')) {
      const who = stringsOf(b.attributes.member ?? b.attributes.members);
      const path = 'member' in b.attributes ? 'member' : 'members';
      const open = who.values.find((m) => m === 'allUsers' || m === 'allAuthenticatedUsers');
      if (open) out.push(gap('missing', b, path, 'invoker', `${open} holds roles/run.invoker on the model service, so it answers requests without checking the caller.`, [ev(s, 'Cloud Run service in the AI workload')]));
      else if (who.unknown) out.push(gap('unresolved', b, path, 'invoker', 'The invoker members are computed, so whether anonymous callers are allowed is unknown.'));
    }
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);
