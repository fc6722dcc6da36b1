/** The `secret` facts of a workload, described for messages (kind and place, never the value). */
import type { Fact } from '../../../model';
import type { DetectorContext } from '../../types';
import { at, isObj } from './workload';

const KIND_WORDS: Record<string, string> = {
  'openai-api-key': 'OpenAI API key',
  'anthropic-api-key': 'Anthropic API key',
  'aws-access-key-id': 'AWS access key id',
  'github-token': 'GitHub token',
  'huggingface-token': 'Hugging Face token',
  'google-api-key': 'Google API key',
  'slack-token': 'Slack token',
  'nvidia-api-key': 'NVIDIA API key',
  'private-key': 'private key',
  password: 'password',
  'generic-secret': 'credential',
};

export function secretKindWord(type: string): string {
  return KIND_WORDS[type] ?? type.replace(/-/g, ' ');
}

export interface SecretLiteral {
  fact: Fact;
  /** The object it was found in, when it is a member of the scan. */
  owner?: Fact;
  ownerAddress: string;
  path: string;
  kind: string;
  /** For env values: the env entry's variable name and the value's dot path. */
  env?: { name: string; container: string; valuePath: string };
  /** Where it is, in words: `env OPENAI_API_KEY of container vllm in Deployment/ml/vllm`. */
  where: string;
}

export function secretLiterals(ctx: DetectorContext): SecretLiteral[] {
  const out: SecretLiteral[] = [];
  for (const s of ctx.facts) {
    if (s.kind !== 'secret' || s.provider !== 'k8s') continue;
    const ownerAddress = typeof s.attributes.object === 'string' ? s.attributes.object : '';
    const path = typeof s.attributes.path === 'string' ? s.attributes.path : '';
    const owner = ctx.facts.find((f) => f.kind !== 'secret' && f.file === s.file && f.address === ownerAddress);
    const kind = secretKindWord(s.type);
    const m = /^(.*)\.env\.(\d+)\.value$/.exec(path);
    if (m && owner) {
      const entry = at(owner.attributes, `${m[1]}.env.${m[2]}`);
      const container = at(owner.attributes, m[1] ?? '');
      const name = isObj(entry) && typeof entry.name === 'string' ? entry.name : 'a variable';
      const cname = isObj(container) && typeof container.name === 'string' ? container.name : '?';
      out.push({ fact: s, owner, ownerAddress, path, kind, env: { name, container: cname, valuePath: path }, where: `env ${name} of container ${cname} in ${ownerAddress}` });
      continue;
    }
    const where = path.startsWith('values.') ? `${path.slice(7)} of the chart's values (${s.file})` : `${path} of ${ownerAddress}`;
    out.push({ fact: s, owner, ownerAddress, path, kind, where });
  }
  return out;
}
