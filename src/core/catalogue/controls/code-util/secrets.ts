/** Secret facts of the code and repository readers, and the env-read fix for code literals. */
import type { Fact, Fix } from '../../../model';
import { addImportOs, envName, envRead, importsOs, plainLiteralAt, source, edit } from './source';

/** Words for a secret kind in messages. */
export function kindWords(kind: string): string {
  const words: Record<string, string> = {
    'openai-api-key': 'an OpenAI API key',
    'anthropic-api-key': 'an Anthropic API key',
    'aws-access-key-id': 'an AWS access key id',
    'google-api-key': 'a Google API key',
    'github-token': 'a GitHub token',
    'huggingface-token': 'a Hugging Face token',
    'slack-token': 'a Slack token',
    'stripe-secret-key': 'a Stripe secret key',
    'groq-api-key': 'a Groq API key',
    'private-key': 'a private key',
    'api-key': 'an API key',
    token: 'a token',
    password: 'a password',
    credential: 'a credential',
  };
  return words[kind] ?? `a credential (${kind})`;
}

/** The environment variable a key of this kind is conventionally read from. */
const ENV_BY_KIND: Record<string, string> = {
  'openai-api-key': 'OPENAI_API_KEY',
  'anthropic-api-key': 'ANTHROPIC_API_KEY',
  'google-api-key': 'GOOGLE_API_KEY',
  'github-token': 'GITHUB_TOKEN',
  'huggingface-token': 'HF_TOKEN',
  'slack-token': 'SLACK_BOT_TOKEN',
  'stripe-secret-key': 'STRIPE_SECRET_KEY',
  'groq-api-key': 'GROQ_API_KEY',
};

/** Secret facts found in source code (not in .env / CI / MCP config files). */
export function codeSecrets(facts: readonly Fact[]): Fact[] {
  return facts.filter((f) => f.kind === 'secret' && typeof f.attributes.source !== 'string');
}

/** Secret facts found in repository files (.env, CI workflows, MCP and agent settings). */
export function repoSecrets(facts: readonly Fact[]): Fact[] {
  return facts.filter((f) => f.kind === 'secret' && typeof f.attributes.source === 'string');
}

export function envVarFor(f: Fact): string | undefined {
  const kind = String(f.attributes.kind ?? f.type);
  if (ENV_BY_KIND[kind]) return ENV_BY_KIND[kind];
  if (kind === 'aws-access-key-id' || kind === 'private-key') return undefined; // needs a role or a key store, not an env var
  const key = typeof f.attributes.key === 'string' ? f.attributes.key : undefined;
  if (!key) return undefined;
  const name = envName(key);
  return /^[A-Z][A-Z0-9_]*$/.test(name) ? name : undefined;
}

/**
 * Replace a secret literal in Python or JS/TS with an environment read (and `import os` in
 * Python when the module lacks it). Undefined when the literal is not a plain string of its own.
 */
export function envFix(f: Fact, text: string | undefined): Fix | undefined {
  const src = source(f.file, text);
  if (!src || (src.lang !== 'python' && src.lang !== 'js')) return undefined;
  const name = envVarFor(f);
  if (!name) return undefined;
  const tok = plainLiteralAt(src, f.range);
  const expr = envRead(src, name);
  if (!tok || !expr) return undefined;
  const edits = [edit(src, tok.s, tok.e, expr)];
  if (src.lang === 'python' && !importsOs(src)) edits.unshift(addImportOs(src));
  return { title: `Read the key from the ${name} environment variable`, kind: 'unsafe', edits };
}
