/**
 * ARG-NET-006 in Terraform: TLS 1.2 or later on what the AI workload exposes and uses.
 * - AWS: API Gateway custom domains (`security_policy`), load-balancer listeners (`ssl_policy`,
 *   plain HTTP listeners on internet-facing balancers), S3 buckets without a policy that denies
 *   `aws:SecureTransport = false`.
 * - Azure: storage accounts (`min_tls_version`, HTTPS-only), App Service / Function apps
 *   (`https_only`, `site_config.minimum_tls_version`).
 * - GCP: HTTPS proxies and their SSL policies (`min_tls_version`; the default policy allows
 *   TLS 1.0), Cloud SQL instances that accept unencrypted connections.
 * Managed AI endpoints (Bedrock, Azure OpenAI, Vertex AI) enforce TLS 1.2 themselves.
 */
import { get, str, truth } from '../../../facts';
import type { Fact, FactValue } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { hclBlock, q } from '../tf-net-util/hcl';
import { addressesIn, appendBlocks, ev, fixOf, gap, inScope, label, listOf, members, met, ofTypeIn, refersTo, setAttribute, unknown } from '../tf-net-util';
import { checksDetector } from '../compose';

const OLD_ELB = /^(ELBSecurityPolicy-2016-08|ELBSecurityPolicy-TLS-1-0-2015-04|ELBSecurityPolicy-TLS-1-1-2017-01|ELBSecurityPolicy-2015-05|ELBSecurityPolicy-FS-2018-06|ELBSecurityPolicy-FS-1-1-2019-08|ELBSecurityPolicy-TLS13-1-0-2021-06|ELBSecurityPolicy-TLS13-1-1-2021-06)$/;
const GOOD_ELB = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

function deepHas(v: FactValue | undefined, needle: RegExp): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return needle.test(v);
  if (Array.isArray(v)) return v.some((x) => deepHas(x, needle));
  if (typeof v === 'object') return Object.entries(v).some(([k, x]) => needle.test(k) || deepHas(x, needle));
  return false;
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const d of members(ctx, 'aws_api_gateway_domain_name')) {
    const p = d.attributes.security_policy;
    if (unknown(p)) out.push(gap('unresolved', d, 'security_policy', 'security_policy', 'security_policy is computed, so the minimum TLS version is unknown.'));
    else if (str(p) === 'TLS_1_0' || p === undefined) out.push(gap('missing', d, 'security_policy', 'security_policy', p === undefined ? 'The custom domain sets no security_policy, so API Gateway may accept TLS 1.0 clients.' : 'The custom domain accepts TLS 1.0 (security_policy = "TLS_1_0").', [], [fixOf('Require TLS 1.2 on the custom domain', 'unsafe', [setAttribute(ctx, d, 'security_policy', q('TLS_1_2'))])]));
    else out.push(met(`The custom domain requires ${str(p)}.`, [ev(d, `security_policy = "${str(p)}"`, 'security_policy')]));
  }
  const lbs = members(ctx, 'aws_lb', 'aws_alb');
  for (const l of inScope(ctx, 'aws_lb_listener', 'aws_alb_listener').filter((x) => lbs.some((lb) => refersTo(x, lb)))) {
    const proto = str(l.attributes.protocol) ?? 'HTTP';
    const lb = lbs.find((x) => refersTo(l, x))!;
    if (proto === 'HTTPS' || proto === 'TLS') {
      const p = l.attributes.ssl_policy;
      if (unknown(p)) out.push(gap('unresolved', l, 'ssl_policy', 'ssl_policy', 'ssl_policy is computed, so the listener\'s minimum TLS version is unknown.'));
      else if (p === undefined || OLD_ELB.test(str(p) ?? '')) out.push(gap('missing', l, 'ssl_policy', 'ssl_policy', p === undefined ? 'The listener sets no ssl_policy; the default (ELBSecurityPolicy-2016-08) accepts TLS 1.0 and 1.1.' : `The listener's ssl_policy "${str(p)}" accepts TLS versions before 1.2.`, [], [fixOf(`Use ${GOOD_ELB}`, 'unsafe', [setAttribute(ctx, l, 'ssl_policy', q(GOOD_ELB))])]));
      else out.push(met(`The listener uses ${str(p)}.`, [ev(l, `ssl_policy = "${str(p)}"`, 'ssl_policy')]));
    } else if (proto === 'HTTP' && truth(lb.attributes.internal) !== true) {
      const redirect = listOf(l.attributes.default_action).some((a) => str(get(a, 'type')) === 'redirect' && str(get(a, 'redirect.protocol')) === 'HTTPS');
      if (!redirect) out.push(gap('missing', l, 'protocol', 'plain-http', 'The internet-facing load balancer serves the AI application over plain HTTP without redirecting to HTTPS.', [ev(lb, 'internet-facing load balancer')]));
    }
  }
  for (const b of members(ctx, 'aws_s3_bucket')) {
    const policies = inScope(ctx, 'aws_s3_bucket_policy').filter((p) => refersTo(p, b));
    const docs = policies.flatMap((p) => [p.attributes.policy, ...addressesIn(p.attributes.policy).flatMap((a) => ctx.allFacts.byAddress(a, p.scope)).map((d) => d.attributes as FactValue)]);
    if (docs.some((d) => deepHas(d, /aws:SecureTransport/i))) {
      out.push(met('The bucket policy refuses requests that do not use TLS.', policies.map((p) => ev(p, 'denies aws:SecureTransport = false', 'policy'))));
      continue;
    }
    if (policies.some((p) => unknown(p.attributes.policy) && addressesIn(p.attributes.policy).every((a) => ctx.allFacts.byAddress(a, p.scope).length === 0))) {
      out.push(gap('unresolved', policies[0], 'policy', 'secure-transport', 'The bucket policy is computed, so whether it refuses non-TLS requests is unknown.'));
      continue;
    }
    const fix = policies.length === 0 ? fixOf('Add a bucket policy that denies requests without TLS', 'safe', [appendBlocks(ctx, b.file, [secureTransportPolicy(b)])]) : undefined;
    out.push(gap('missing', policies[0] ?? b, policies.length ? 'policy' : undefined, 'secure-transport', `The bucket holding the workload's data accepts plain-HTTP requests: no bucket policy denies aws:SecureTransport = false.`, policies.length ? [ev(b, 'the bucket')] : [], [fix]));
  }
}

function secureTransportPolicy(b: Fact): string {
  const l = label(`${b.name ?? 'bucket'}_tls_only`);
  return [
    `resource "aws_s3_bucket_policy" "${l}" {`,
    `  bucket = ${b.address}.id`,
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Sid       = "DenyInsecureTransport"',
    '      Effect    = "Deny"',
    '      Principal = "*"',
    '      Action    = "s3:*"',
    `      Resource  = [${b.address}.arn, "\${${b.address}.arn}/*"]`,
    '      Condition = { Bool = { "aws:SecureTransport" = "false" } }',
    '    }]',
    '  })',
    '}',
  ].join('\n');
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const s of members(ctx, 'azurerm_storage_account')) {
    const v = s.attributes.min_tls_version;
    if (unknown(v)) out.push(gap('unresolved', s, 'min_tls_version', 'min_tls_version', 'min_tls_version is computed, so the minimum TLS version is unknown.'));
    else if (str(v) === 'TLS1_0' || str(v) === 'TLS1_1') out.push(gap('missing', s, 'min_tls_version', 'min_tls_version', `The storage account accepts ${str(v)?.replace('_', '.')} clients (min_tls_version = "${str(v)}").`, [], [fixOf('Require TLS 1.2', 'unsafe', [setAttribute(ctx, s, 'min_tls_version', q('TLS1_2'))])]));
    else out.push(met('The storage account requires TLS 1.2 or later.', [ev(s, v === undefined ? 'min_tls_version defaults to TLS1_2' : `min_tls_version = "${str(v)}"`, 'min_tls_version')]));
    for (const k of ['https_traffic_only_enabled', 'enable_https_traffic_only']) {
      if (truth(s.attributes[k]) === false) out.push(gap('missing', s, k, k, `The storage account accepts plain HTTP (${k} = false).`, [], [fixOf('Accept HTTPS only', 'unsafe', [setAttribute(ctx, s, k, 'true')])]));
    }
  }
  for (const a of members(ctx, 'azurerm_linux_web_app', 'azurerm_windows_web_app', 'azurerm_linux_function_app', 'azurerm_windows_function_app')) {
    const https = truth(a.attributes.https_only);
    if (https === 'unknown') out.push(gap('unresolved', a, 'https_only', 'https_only', 'https_only is computed, so whether plain HTTP is refused is unknown.'));
    else if (https !== true) out.push(gap('missing', a, 'https_only', 'https_only', `The app serves plain HTTP as well as HTTPS (${https === undefined ? 'https_only is not set and defaults to false' : 'https_only = false'}).`, [], [fixOf('Redirect plain HTTP to HTTPS', 'safe', [setAttribute(ctx, a, 'https_only', 'true')])]));
    const tls = str(get(a, 'site_config.minimum_tls_version'));
    if (tls === '1.0' || tls === '1.1') out.push(gap('missing', a, 'site_config.minimum_tls_version', 'minimum_tls_version', `The app accepts TLS ${tls} (site_config.minimum_tls_version = "${tls}").`, [], [fixOf('Require TLS 1.2', 'unsafe', [setAttribute(ctx, a, 'site_config.minimum_tls_version', q('1.2'))])]));
    else if (https === true) out.push(met('The app serves HTTPS only with TLS 1.2 or later.', [ev(a, 'https_only = true', 'https_only')]));
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const taken = new Set<string>();
  for (const p of members(ctx, 'google_compute_target_https_proxy', 'google_compute_region_target_https_proxy')) {
    const sp = p.attributes.ssl_policy;
    if (sp === undefined || sp === null) {
      const name = label(`${p.name ?? 'proxy'}_tls12`);
      if (taken.has(name)) continue;
      taken.add(name);
      const block = hclBlock(`resource "google_compute_ssl_policy" "${name}"`, [
        ['name', q(`${(p.name ?? 'proxy').replace(/_/g, '-')}-tls12`)],
        ['profile', q('MODERN')],
        ['min_tls_version', q('TLS_1_2')],
      ]);
      out.push(gap('missing', p, undefined, 'ssl_policy', 'The HTTPS proxy has no SSL policy; the default policy accepts TLS 1.0 and 1.1.', [], [fixOf('Attach an SSL policy that requires TLS 1.2', 'unsafe', [setAttribute(ctx, p, 'ssl_policy', `google_compute_ssl_policy.${name}.id`), appendBlocks(ctx, p.file, [block])])]));
      continue;
    }
    const pol = ofTypeIn(ctx, 'google_compute_ssl_policy', p.scope).find((x) => refersTo(p, x));
    if (!pol) {
      out.push(gap('unresolved', p, 'ssl_policy', 'ssl_policy', 'The SSL policy is not defined in these files, so the minimum TLS version is unknown.'));
      continue;
    }
    const v = pol.attributes.min_tls_version;
    if (unknown(v)) out.push(gap('unresolved', pol, 'min_tls_version', 'min_tls_version', 'min_tls_version is computed, so the minimum TLS version is unknown.'));
    else if (v === undefined || str(v) === 'TLS_1_0' || str(v) === 'TLS_1_1') out.push(gap('missing', pol, 'min_tls_version', 'min_tls_version', v === undefined ? 'The SSL policy sets no min_tls_version and defaults to TLS 1.0.' : `The SSL policy accepts ${str(v)}.`, [], [fixOf('Require TLS 1.2', 'unsafe', [setAttribute(ctx, pol, 'min_tls_version', q('TLS_1_2'))])]));
    else out.push(met('The HTTPS proxy requires TLS 1.2 or later.', [ev(pol, `min_tls_version = "${str(v)}"`, 'min_tls_version')]));
  }
  for (const db of members(ctx, 'google_sql_database_instance')) {
    const mode = get(db, 'settings.ip_configuration.ssl_mode');
    const req = truth(get(db, 'settings.ip_configuration.require_ssl'));
    if (unknown(mode)) out.push(gap('unresolved', db, 'settings.ip_configuration.ssl_mode', 'ssl_mode', 'ssl_mode is computed, so whether unencrypted connections are refused is unknown.'));
    else if (/^(ENCRYPTED_ONLY|TRUSTED_CLIENT_CERTIFICATE_REQUIRED)$/.test(str(mode) ?? '') || req === true) out.push(met('The database refuses unencrypted connections.', [ev(db, mode ? `ssl_mode = "${str(mode)}"` : 'require_ssl = true', mode ? 'settings.ip_configuration.ssl_mode' : 'settings.ip_configuration.require_ssl')]));
    else out.push(gap('missing', db, 'settings.ip_configuration.ssl_mode', 'ssl_mode', 'The database holding AI data accepts unencrypted connections (ssl_mode is not ENCRYPTED_ONLY).', [], [fixOf('Accept encrypted connections only', 'unsafe', [setAttribute(ctx, db, 'settings.ip_configuration.ssl_mode', q('ENCRYPTED_ONLY'))])]));
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);
