import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, ofKind, parseText, parseTree, textAt } from './helpers';

const KEYS = {
  openai: 'sk-proj-Hq8Wm2Lx5Vb9Nc3Zr7Tk1Yp4Gd6Fs0Ja2Ue5Io8Pl',
  anthropic: 'sk-ant-api03-Zq9XbW2vLmN4pR7sT1uV8yA3cD6fG0hJkL5mQwErTy',
  aws: 'AKIAQ3EGRTZ7WXLMN4PA',
  google: 'AIzaSyD3r8Xk2LmN9pQ4sT7vW1yZ6bC0eF5gH8j',
  github: 'ghp_R4nd0mL00k1ngT0k3nV4lu3F0rT3st1ngXyZ12',
  generic: 'f3a9c1d7e5b2468a0c9e7d5b3a1f8e6c',
};

describe('parse-code: secrets', () => {
  it('finds key literals by kind and location and never stores the value', () => {
    const src = [
      'import openai',
      `openai.api_key = "${KEYS.openai}"`,
      `client = anthropic.Anthropic(api_key="${KEYS.anthropic}")`,
      `AWS = {"aws_access_key_id": "${KEYS.aws}"}`,
      `# old key: ${KEYS.google}`,
      `token = '${KEYS.github}'`,
      `api_key = "${KEYS.generic}"`,
      'password = "changeme"',
      'api_key = os.environ["OPENAI_API_KEY"]',
      'api_key = "your-api-key-here"',
      'max_tokens = "1234567890123456789"',
    ].join('\n');
    const pf = parseText('svc/keys.py', src);
    const secrets = ofKind(pf, 'secret');
    assert.deepEqual(secrets.map((s) => s.type).sort(), ['anthropic-api-key', 'api-key', 'aws-access-key-id', 'github-token', 'google-api-key', 'openai-api-key']);
    const openai = secrets.find((s) => s.type === 'openai-api-key')!;
    assert.equal(textAt(src, openai), KEYS.openai, 'the range covers the literal');
    assert.equal(secrets.find((s) => s.type === 'api-key')!.attributes.key, 'api_key');
    const json = JSON.stringify(pf);
    for (const v of Object.values(KEYS)) {
      assert.ok(!json.includes(v), 'a secret value leaked into the parsed file');
      assert.ok(!json.includes(v.slice(0, 12)), 'a prefix of a secret leaked into the parsed file');
    }
  });

  it('keeps values out of call-pattern attributes too', () => {
    const src = `from openai import OpenAI\nclient = OpenAI(timeout=httpx.Timeout(5, headers={"k": "${KEYS.openai}"}))\n`;
    const pf = parseText('a.py', src);
    assert.ok(!JSON.stringify(pf).includes(KEYS.openai));
    assert.equal(ofKind(pf, 'secret').length, 1);
  });

  it('reports credentials in .env, MCP configs and Claude settings without their values', () => {
    const files = parseTree('repo');
    const secretFacts = files.flatMap((f) => ofKind(f, 'secret'));
    const where = secretFacts.map((s) => `${s.file}:${s.attributes.key}`).sort();
    assert.deepEqual(where, ['.claude/settings.json:ANTHROPIC_API_KEY', '.env:OPENAI_API_KEY', '.env:STRIPE_SECRET', '.mcp.json:GITHUB_PERSONAL_ACCESS_TOKEN']);
    const envText = fs.readFileSync(path.join(FIXTURES, 'repo/.env'), 'utf8');
    const key = secretFacts.find((s) => s.file === '.env' && s.attributes.key === 'OPENAI_API_KEY')!;
    assert.equal(textAt(envText, key), KEYS.openai);
    const json = JSON.stringify(files);
    for (const v of [KEYS.openai, KEYS.anthropic, KEYS.github, 'rk_live_51Hq8Wm2Lx5Vb9Nc3Zr7Tk1Yp']) assert.ok(!json.includes(v), 'a secret value leaked');
    // the .env.example template holds placeholders only
    assert.ok(!secretFacts.some((s) => s.file === '.env.example'));
  });
});
