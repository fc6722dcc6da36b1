/**
 * ARG-IAM-002 for Terraform: no static keys. Flags IAM access keys, service-account and API
 * keys created next to the workload, AI accounts that still accept API keys (local auth on
 * by default), and credential-named settings with literal values. Values are never shown.
 * Fix: turn local (key) authentication off on Azure AI and Search accounts.
 */
import { get, str, truth } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { ev, header, inScope, isCredentialName, isLiteralCredential, loc, members, settingsOf, uniqueBy } from '../tf-util/facts';
import { fixOf, setAttribute } from '../tf-util/fixes';

/** Azure resources whose key authentication is on unless switched off, and the attribute that does it. */
const LOCAL_AUTH: Record<string, string> = {
  azurerm_cognitive_account: 'local_auth_enabled',
  azurerm_ai_services: 'local_authentication_enabled',
  azurerm_search_service: 'local_authentication_enabled',
  azurerm_machine_learning_compute_cluster: 'local_auth_enabled',
  azurerm_machine_learning_compute_instance: 'local_auth_enabled',
};

const STATIC_KEY_TYPES: Record<string, string> = {
  aws_iam_access_key: 'an IAM user access key',
  google_service_account_key: 'a service-account key',
  google_apikeys_key: 'a Google API key',
  azuread_application_password: 'an application client secret',
  azuread_service_principal_password: 'a service principal client secret',
};

const AZAPI_ACCOUNT = /^Microsoft\.(CognitiveServices\/accounts|Search\/searchServices)@/i;

function localAuth(ctx: Parameters<Detector['evaluate']>[0], f: Fact, attr: string): DetectorOutcome {
  const v = truth(f.attributes[attr]);
  if (v === false) return { status: 'met', message: `${f.address} accepts only Entra ID tokens (${attr} = false).`, evidence: [ev(f, `${attr} = false`, attr)] };
  if (v === 'unknown') return { status: 'unresolved', message: `Whether ${f.address} accepts API keys depends on ${attr}, which cannot be resolved.`, location: loc(f, attr), anchor: `${f.address}:${attr}` };
  const set = attr in f.attributes;
  return {
    status: 'missing',
    message: set
      ? `${f.address} accepts static API keys (${attr} = true); anyone holding a key can call it without an identity.`
      : `${f.address} accepts static API keys: ${attr} is not set and defaults to true.`,
    location: set ? loc(f, attr) : header(f),
    anchor: `${f.address}:${attr}`,
    fixes: fixOf(`Set ${attr} = false (callers must use Entra ID / managed identity)`, 'unsafe', [setAttribute(ctx, f, attr, 'false')]),
  };
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const own = members(ctx);
    for (const f of own) {
      const attr = LOCAL_AUTH[f.type];
      if (attr) out.push(localAuth(ctx, f, attr));
      if (f.type === 'azapi_resource' && AZAPI_ACCOUNT.test(str(f.attributes.type) ?? '')) {
        const p = 'body.properties.disableLocalAuth';
        const v = truth(get(f, p));
        if (v === true) out.push({ status: 'met', message: `${f.address} disables local (key) authentication.`, evidence: [ev(f, 'disableLocalAuth = true', p)] });
        else if (v === 'unknown') out.push({ status: 'unresolved', message: `disableLocalAuth on ${f.address} cannot be resolved.`, location: loc(f, p), anchor: `${f.address}:disableLocalAuth` });
        else
          out.push({
            status: 'missing',
            message: v === false ? `${f.address} accepts static API keys (disableLocalAuth = false).` : `${f.address} accepts static API keys: disableLocalAuth is not set and defaults to false.`,
            location: v === false ? loc(f, p) : header(f),
            anchor: `${f.address}:disableLocalAuth`,
            fixes: v === false ? fixOf('Set disableLocalAuth = true', 'unsafe', [setAttribute(ctx, f, p, 'true')]) : [],
          });
      }
      for (const s of settingsOf(f)) {
        if (!isCredentialName(s.name) || s.fromStore) continue;
        if (isLiteralCredential(s.value)) {
          out.push({
            status: 'missing',
            message: `The setting ${s.name} of ${f.address} holds a literal credential (value not shown). A static key in configuration outlives its owner; use the service's identity or a secret reference, and rotate this key.`,
            location: loc(f, s.path),
            anchor: `${f.address}:${s.path}`,
          });
        }
      }
      if (f.type === 'google_vertex_ai_endpoint_with_model_garden_deployment' && isLiteralCredential(f.attributes.hugging_face_access_token)) {
        out.push({ status: 'missing', message: `${f.address} carries a literal Hugging Face access token (value not shown).`, location: loc(f, 'hugging_face_access_token'), anchor: `${f.address}:hugging_face_access_token` });
      }
    }
    // Static keys created in the same root module as the workload.
    for (const k of uniqueBy([...own, ...inScope(ctx, Object.keys(STATIC_KEY_TYPES))].filter((f) => STATIC_KEY_TYPES[f.type]), (f) => f.id)) {
      out.push({
        status: 'missing',
        message: `${k.address} creates ${STATIC_KEY_TYPES[k.type]}, a long-lived credential that ends up in Terraform state and in whatever reads it. Use roles, managed identity or workload identity instead.`,
        location: header(k),
        anchor: k.address,
      });
    }
    // References to account keys of AI resources (primary_access_key copied into apps or vaults).
    for (const f of own) {
      const keyRef = findKeyRef(f);
      if (keyRef) out.push({ status: 'missing', message: `${f.address} copies the account key ${keyRef.ref} of an AI resource; callers should authenticate with their identity instead.`, location: loc(f, keyRef.path), anchor: `${f.address}:${keyRef.path}` });
    }
    if (out.length === 0) {
      const ids = own.filter((f) => IDENTITY_ATTRS.some((a) => get(f, a) !== undefined));
      if (ids.length) return [{ status: 'met', message: 'The workload runs with roles or managed identities and creates no static key.', evidence: ids.slice(0, 5).map((f) => ev(f, `${f.address} runs with its own identity`)) }];
    }
    return out;
  },
};

const IDENTITY_ATTRS = ['role', 'role_arn', 'execution_role_arn', 'agent_resource_role_arn', 'identity', 'service_account', 'spec.service_account'];

function findKeyRef(f: Fact): { ref: string; path: string } | undefined {
  const walk = (v: unknown, path: string): { ref: string; path: string } | undefined => {
    if (typeof v !== 'object' || v === null) return undefined;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i], i === 0 && v.length === 1 ? path : `${path}.${i}`);
        if (r) return r;
      }
      return undefined;
    }
    const o = v as Record<string, unknown>;
    const text = typeof o.$ref === 'string' ? o.$ref : typeof o.$expr === 'string' ? o.$expr : undefined;
    if (text !== undefined) {
      const m = /((?:module\.[\w-]+\.)*(?:azurerm_cognitive_account|azurerm_search_service|azurerm_ai_services)\.[\w-]+\.(?:primary_access_key|secondary_access_key|primary_key|secondary_key))/.exec(text);
      return m ? { ref: m[1], path } : undefined;
    }
    for (const [k, x] of Object.entries(o)) {
      const r = walk(x, path ? `${path}.${k}` : k);
      if (r) return r;
    }
    return undefined;
  };
  return walk(f.attributes, '');
}
