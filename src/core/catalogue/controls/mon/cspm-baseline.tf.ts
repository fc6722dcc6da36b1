/**
 * ARG-MON-001 for Terraform: posture management is on for the cloud the workload runs in,
 * found anywhere in the scan (it is account-level and usually lives in a baseline root).
 * AWS: Security Hub and GuardDuty. Azure: Defender for Cloud plans on the Standard tier
 * (Defender CSPM or Defender for AI services). GCP: Security Command Center resources.
 * Missing → one finding on the workload anchor, with a fix that appends the account-level
 * resource to the anchor's file.
 */
import { str, truth } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { anchorFile, ev, everywhere, hasProvider } from '../tf-util/facts';
import { appendBlocks, fixOf, setAttribute } from '../tf-util/fixes';

function enabled(f: Fact, attr: string): boolean | 'unknown' {
  const v = truth(f.attributes[attr]);
  return v === undefined ? true : v;
}

function anchor(ctx: DetectorContext) {
  return ctx.workload.anchor;
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const hub = everywhere(ctx, 'aws_securityhub_account');
  const gd = everywhere(ctx, 'aws_guardduty_detector');
  const gdOn = gd.filter((f) => enabled(f, 'enable') === true);
  const gdUnknown = gd.some((f) => enabled(f, 'enable') === 'unknown');
  const missing: string[] = [];
  const blocks: string[] = [];
  if (hub.length === 0 && everywhere(ctx, /^aws_securityhub_organization_configuration$/).length === 0) {
    missing.push('Security Hub');
    blocks.push('resource "aws_securityhub_account" "main" {}');
  }
  if (gdOn.length === 0 && !gdUnknown && everywhere(ctx, 'aws_guardduty_organization_configuration').length === 0) {
    missing.push('GuardDuty');
    if (gd.length === 0) blocks.push('resource "aws_guardduty_detector" "main" {\n  enable = true\n}');
  }
  const evs = [...hub, ...gdOn].map((f) => ev(f, `${f.address} is enabled`));
  if (missing.length === 0) {
    if (gdUnknown && gdOn.length === 0) out.push({ status: 'unresolved', message: 'Whether GuardDuty is enabled cannot be resolved.', location: anchor(ctx), anchor: 'aws:cspm' });
    else out.push({ status: 'met', message: 'Security Hub and GuardDuty are enabled for the account.', evidence: evs });
    return;
  }
  const disabled = gd.find((f) => enabled(f, 'enable') === false);
  const file = anchorFile(ctx);
  out.push({
    status: missing.length === 2 ? 'missing' : 'partial',
    message: `${missing.join(' and ')} ${missing.length === 2 ? 'are' : 'is'} not enabled anywhere in the scanned configuration${disabled ? ` (${disabled.address} has enable = false)` : ''}, so nothing continuously checks the account that hosts this workload for misconfiguration and threats.`,
    location: anchor(ctx),
    anchor: 'aws:cspm',
    evidence: evs,
    fixes: fixOf(`Enable ${missing.join(' and ')} (account-level)`, 'unsafe', [
      blocks.length ? appendBlocks(ctx, file, ctx.workload.root, blocks) : null,
      disabled ? setAttribute(ctx, disabled, 'enable', 'true') : null,
    ]),
  });
}

const AZ_PLANS = /^(AI|CloudPosture)$/;

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const pricing = everywhere(ctx, 'azurerm_security_center_subscription_pricing');
  const standard = pricing.filter((p) => str(p.attributes.tier) === 'Standard');
  const relevant = standard.filter((p) => AZ_PLANS.test(str(p.attributes.resource_type) ?? ''));
  if (relevant.length) {
    out.push({ status: 'met', message: `Defender for Cloud ${relevant.map((p) => str(p.attributes.resource_type)).join(' and ')} plan${relevant.length > 1 ? 's are' : ' is'} on the Standard tier.`, evidence: relevant.map((p) => ev(p, `${str(p.attributes.resource_type)} plan: Standard`, 'tier')) });
    return;
  }
  const fix = fixOf('Enable the Defender for AI services plan (subscription-level)', 'unsafe', [
    appendBlocks(ctx, anchorFile(ctx), ctx.workload.root, ['resource "azurerm_security_center_subscription_pricing" "ai" {\n  tier          = "Standard"\n  resource_type = "AI"\n}']),
  ]);
  out.push({
    status: 'missing',
    message: 'Neither Defender CSPM (CloudPosture) nor Defender for AI services (AI) is on the Standard tier in the scanned configuration, so the subscription hosting this AI workload has no posture management or threat protection for AI services.',
    location: anchor(ctx),
    anchor: 'azure:cspm',
    evidence: standard.map((p) => ev(p, `${str(p.attributes.resource_type)} plan: Standard`, 'tier')),
    fixes: fix,
  });
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const scc = everywhere(ctx, /^google_scc_/);
  if (scc.length) {
    out.push({ status: 'met', message: 'Security Command Center is configured.', evidence: scc.slice(0, 3).map((f) => ev(f, `${f.address} configures Security Command Center`)) });
    return;
  }
  out.push({
    status: 'missing',
    message: 'No Security Command Center resource is in the scanned configuration, so nothing shows that findings for the project hosting this AI workload are collected and routed to someone.',
    location: anchor(ctx),
    anchor: 'gcp:cspm',
    fixes: fixOf('Route Security Command Center findings for the project (google_scc_project_notification_config)', 'unsafe', [
      appendBlocks(
        ctx,
        anchorFile(ctx),
        ctx.workload.root,
        [
          [
            'resource "google_scc_project_notification_config" "ai_findings" {',
            '  config_id    = "ai-workload-findings"',
            '  project      = var.scc_project_id',
            '  pubsub_topic = var.scc_findings_topic',
            '  description  = "Active Security Command Center findings for the AI workload project"',
            '',
            '  streaming_config {',
            '    filter = "state = \\"ACTIVE\\""',
            '  }',
            '}',
          ].join('\n'),
        ],
        [
          { name: 'scc_project_id', description: 'Project whose Security Command Center findings are routed' },
          { name: 'scc_findings_topic', description: 'Pub/Sub topic (projects/…/topics/…) that receives the findings' },
        ],
      ),
    ]),
  });
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    if (hasProvider(ctx, 'aws')) aws(ctx, out);
    if (hasProvider(ctx, 'azure')) azure(ctx, out);
    if (hasProvider(ctx, 'gcp')) gcp(ctx, out);
    return out;
  },
};
