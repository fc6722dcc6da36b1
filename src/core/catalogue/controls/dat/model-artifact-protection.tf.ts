/**
 * ARG-DAT-004 for Terraform: the stores that hold model weights and artifacts are private.
 * AWS: buckets named by `model_data_url`, custom-model output or agent code locations have
 * a full public access block (bucket or account level) and no public ACL. GCP: buckets named
 * by `*_gcs_uri` / `artifact_uri` enforce public access prevention and grant nothing to
 * allUsers. Azure: the storage account behind ML workspaces does not let containers go
 * public. Fixes: add the public access block / prevention setting.
 */
import { get, isExpr, str } from '../../../facts';
import type { Fact, FactValue } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, header, inScope, loc, members, target } from '../tf-util/facts';
import { appendBlocks, fixOf, setAttribute } from '../tf-util/fixes';
import { bucketsIn, companionsOf, gcsPublicMembers, s3PublicAccessBlocked, s3PublicAcl } from '../tf-util/storage';

const ARTIFACT_KEY = /(model_data_url|model_data_source|artifact_uri|_gcs_uri|output_data_config\.s3_uri|code\.s3|s3_model_artifacts|model_uri)/;

function artifactValues(f: Fact): { path: string; value: FactValue }[] {
  const out: { path: string; value: FactValue }[] = [];
  const walk = (v: FactValue, path: string) => {
    if (ARTIFACT_KEY.test(path) && (v === null || typeof v !== 'object' || '$ref' in v || '$expr' in v)) {
      out.push({ path, value: v });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, v.length === 1 ? path : `${path}.${i}`));
    if ('$ref' in v || '$expr' in v) return;
    for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(f.attributes, '');
  return out;
}

function pabBlock(b: Fact): string {
  return [
    `resource "aws_s3_bucket_public_access_block" "${b.name}" {`,
    `  bucket                  = ${b.address}.id`,
    '  block_public_acls       = true',
    '  block_public_policy     = true',
    '  ignore_public_acls      = true',
    '  restrict_public_buckets = true',
    '}',
  ].join('\n');
}

function judgeS3(ctx: DetectorContext, b: Fact, used: ReturnType<typeof ev>, out: DetectorOutcome[]): void {
  const acl = s3PublicAcl(ctx, b);
  if (acl) {
    out.push({ status: 'missing', message: `The model artifact bucket ${b.address} is readable by the public (acl = "${acl.acl}").`, location: loc(acl.fact, acl.path), anchor: `${b.address}:acl`, evidence: [used] });
  }
  const pab = s3PublicAccessBlocked(ctx, b);
  if (pab.ok === true) {
    if (!acl) out.push({ status: 'met', message: `Model artifact bucket ${b.address} blocks public access.`, evidence: [used, ev(pab.fact, pab.why)] });
  } else if (pab.ok === 'unknown') out.push({ status: 'unresolved', message: `${b.address}: ${pab.why}.`, location: header(pab.fact), anchor: `${b.address}:public-access`, evidence: [used] });
  else {
    const existing = companionsOf(ctx, b, 'aws_s3_bucket_public_access_block')[0];
    const fixes = existing
      ? fixOf(`Block all public access to ${b.address}`, 'unsafe', ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].filter((k) => existing.attributes[k] !== true).map((k) => setAttribute(ctx, existing, k, 'true')))
      : fixOf(`Block all public access to ${b.address}`, 'unsafe', [appendBlocks(ctx, b.file, b.scope ?? '.', [pabBlock(b)])]);
    out.push({
      status: 'missing',
      message: `The model artifact bucket ${b.address} is not fully closed to the public: ${pab.why}. A bucket policy or ACL change could publish the model weights.`,
      location: existing ? header(existing) : header(b),
      anchor: `${b.address}:public-access`,
      evidence: [used],
      fixes,
    });
  }
}

function judgeGcs(ctx: DetectorContext, b: Fact, used: ReturnType<typeof ev>, out: DetectorOutcome[]): void {
  for (const m of gcsPublicMembers(ctx, b)) out.push({ status: 'missing', message: `${m.fact.address} opens the model artifact bucket ${b.address} to everyone.`, location: loc(m.fact, m.path), anchor: `${m.fact.address}:public`, evidence: [used] });
  const pap = b.attributes.public_access_prevention;
  if (str(pap) === 'enforced') out.push({ status: 'met', message: `Model artifact bucket ${b.address} enforces public access prevention.`, evidence: [used, ev(b, 'public_access_prevention = "enforced"', 'public_access_prevention')] });
  else if (isExpr(pap)) out.push({ status: 'unresolved', message: `public_access_prevention of ${b.address} cannot be resolved.`, location: loc(b, 'public_access_prevention'), anchor: `${b.address}:pap`, evidence: [used] });
  else
    out.push({
      status: 'missing',
      message: `The model artifact bucket ${b.address} does not enforce public access prevention${pap ? ` (public_access_prevention = "${str(pap)}")` : ''}, so an IAM change could publish the model artifacts.`,
      location: pap ? loc(b, 'public_access_prevention') : header(b),
      anchor: `${b.address}:pap`,
      evidence: [used],
      fixes: fixOf(`Enforce public access prevention on ${b.address}`, 'unsafe', [setAttribute(ctx, b, 'public_access_prevention', '"enforced"')]),
    });
}

function judgeAzure(ctx: DetectorContext, a: Fact, used: ReturnType<typeof ev>, out: DetectorOutcome[]): void {
  const v = a.attributes.allow_nested_items_to_be_public;
  for (const c of inScope(ctx, 'azurerm_storage_container').filter((c) => (c.references ?? []).includes(a.address))) {
    const t = str(c.attributes.container_access_type);
    if (t === 'blob' || t === 'container') out.push({ status: 'missing', message: `${c.address} in the model store ${a.address} allows anonymous reads (container_access_type = "${t}").`, location: loc(c, 'container_access_type'), anchor: `${c.address}:public`, evidence: [used] });
  }
  if (v === false) out.push({ status: 'met', message: `${a.address} does not allow public containers.`, evidence: [used, ev(a, 'allow_nested_items_to_be_public = false', 'allow_nested_items_to_be_public')] });
  else if (isExpr(v)) out.push({ status: 'unresolved', message: `allow_nested_items_to_be_public of ${a.address} cannot be resolved.`, location: loc(a, 'allow_nested_items_to_be_public'), anchor: `${a.address}:public`, evidence: [used] });
  else
    out.push({
      status: 'missing',
      message: `${a.address} stores the workspace's models but lets containers be made public (allow_nested_items_to_be_public ${v === true ? '= true' : 'is not set and defaults to true'}).`,
      location: v === true ? loc(a, 'allow_nested_items_to_be_public') : header(a),
      anchor: `${a.address}:public`,
      evidence: [used],
      fixes: fixOf(`Disallow public containers on ${a.address}`, 'unsafe', [setAttribute(ctx, a, 'allow_nested_items_to_be_public', 'false')]),
    });
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const seen = new Set<string>();
    for (const f of members(ctx)) {
      for (const { path, value } of artifactValues(f)) {
        const refs = bucketsIn(ctx, f, value);
        if (refs.buckets.length === 0 && refs.unknown && isExpr(value)) {
          out.push({ status: 'unresolved', message: `The artifact location of ${f.address} (${path}) cannot be resolved, so its store cannot be checked.`, location: loc(f, path), anchor: `${f.address}:${path}` });
          continue;
        }
        for (const b of refs.buckets) {
          if (seen.has(b.id)) continue;
          seen.add(b.id);
          const used = ev(f, `${f.address} keeps model artifacts in ${b.address}`, path);
          if (b.type === 'aws_s3_bucket') judgeS3(ctx, b, used, out);
          else if (b.type === 'google_storage_bucket') judgeGcs(ctx, b, used, out);
          else if (b.type === 'azurerm_storage_account') judgeAzure(ctx, b, used, out);
        }
      }
    }
    for (const w of members(ctx, ['azurerm_machine_learning_workspace', 'azurerm_ai_foundry'])) {
      const a = target(ctx, w, get(w, 'storage_account_id'), 'azurerm_storage_account');
      if (!a || seen.has(a.id)) continue;
      seen.add(a.id);
      judgeAzure(ctx, a, ev(w, `${w.address} stores models and artifacts in ${a.address}`, 'storage_account_id'), out);
    }
    return out;
  },
};
