/**
 * ARG-MON-005 for Terraform: served models are watched for drift and behaviour change.
 * AWS: SageMaker data capture plus a monitoring schedule (model monitor) on the endpoint.
 * Azure: an Azure ML monitoring schedule (azapi `workspaces/schedules` with CreateMonitor)
 * for managed online endpoints. GCP: Vertex AI request/response logging, which feeds Model
 * Monitoring (monitoring jobs themselves are not Terraform resources).
 */
import { get, str, truth } from '../../../facts';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, header, inScope, loc, members } from '../tf-util/facts';
import { checksDetector } from '../compose';

const JOB_DEFS = /^aws_sagemaker_(data_quality|model_quality|model_bias|model_explainability)_job_definition$/;

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const endpoints = members(ctx, 'aws_sagemaker_endpoint');
  for (const ep of endpoints) {
    const cfg = inScope(ctx, 'aws_sagemaker_endpoint_configuration').find((c) => (ep.references ?? []).includes(c.address));
    const jobs = inScope(ctx, JOB_DEFS).filter((j) => (j.references ?? []).includes(ep.address));
    const schedules = inScope(ctx, 'aws_sagemaker_monitoring_schedule').filter((s) => jobs.some((j) => (s.references ?? []).includes(j.address)) || (s.references ?? []).includes(ep.address));
    const capture = cfg ? truth(get(cfg, 'data_capture_config.enable_capture')) : undefined;
    if (schedules.length) {
      out.push({ status: 'met', message: `${schedules[0].address} monitors ${ep.address}.`, evidence: [ev(schedules[0], 'model monitoring schedule'), ...(cfg ? [ev(cfg, 'data capture', 'data_capture_config')] : [])] });
    } else if (capture === true) {
      out.push({ status: 'partial', message: `${cfg!.address} captures the endpoint's traffic, but no monitoring schedule (SageMaker Model Monitor) compares it with a baseline, so drift is not detected.`, location: header(ep), anchor: `${ep.address}:monitor`, evidence: [ev(cfg!, 'data capture', 'data_capture_config')] });
    } else if (capture === 'unknown') {
      out.push({ status: 'unresolved', message: `Whether ${cfg!.address} captures traffic cannot be resolved, and no monitoring schedule watches ${ep.address}.`, location: loc(cfg!, 'data_capture_config.enable_capture'), anchor: `${ep.address}:monitor` });
    } else {
      out.push({ status: 'missing', message: `${ep.address} neither captures its traffic nor has a monitoring schedule, so changes in inputs or predictions go unnoticed.`, location: header(ep), anchor: `${ep.address}:monitor` });
    }
  }
}

const AZ_ENDPOINT = /^Microsoft\.MachineLearningServices\/workspaces\/onlineEndpoints(\/deployments)?@/i;
const AZ_SCHEDULE = /^Microsoft\.MachineLearningServices\/workspaces\/schedules@/i;

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const endpoints = members(ctx, 'azapi_resource').filter((f) => AZ_ENDPOINT.test(str(f.attributes.type) ?? '') && !/\/deployments@/i.test(str(f.attributes.type) ?? ''));
  if (endpoints.length === 0) return;
  const monitors = inScope(ctx, 'azapi_resource').filter((f) => AZ_SCHEDULE.test(str(f.attributes.type) ?? '') && str(get(f, 'body.properties.action.actionType')) === 'CreateMonitor');
  for (const ep of endpoints) {
    const mine = monitors.find((m) => (m.references ?? []).includes(ep.address)) ?? monitors[0];
    if (mine) out.push({ status: 'met', message: `${mine.address} runs Azure ML model monitoring.`, evidence: [ev(mine, 'CreateMonitor schedule', 'body.properties.action.actionType')] });
    else out.push({ status: 'missing', message: `${ep.address} has no Azure ML model-monitoring schedule, so drift in its inputs or predictions goes unnoticed.`, location: header(ep), anchor: `${ep.address}:monitor` });
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const ep of members(ctx, 'google_vertex_ai_endpoint')) {
    const v = truth(get(ep, 'predict_request_response_logging_config.enabled'));
    if (v === true) out.push({ status: 'met', message: `${ep.address} logs its predictions for model monitoring.`, evidence: [ev(ep, 'request/response logging', 'predict_request_response_logging_config.enabled')] });
    else if (v === 'unknown') out.push({ status: 'unresolved', message: `Whether ${ep.address} logs predictions cannot be resolved.`, location: loc(ep, 'predict_request_response_logging_config.enabled'), anchor: `${ep.address}:monitor` });
    else out.push({ status: 'missing', message: `${ep.address} does not log its requests and predictions, so Vertex AI Model Monitoring has nothing to detect drift from.`, location: v === false ? loc(ep, 'predict_request_response_logging_config.enabled') : header(ep), anchor: `${ep.address}:monitor` });
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);

