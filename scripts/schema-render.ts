import { registerJsonSchema } from '../src/core';

export function renderRegisterSchema(): string {
  const schema = registerJsonSchema() as Record<string, unknown>;
  const doc = {
    $schema: schema.$schema,
    $id: 'https://ai-risk-gradient.invalid/schemas/ai-asset-register.schema.json',
    title: 'AI asset register',
    description: 'The AI asset register of a repository (ai-asset-register.yaml): every AI workload with its owner, declared risk modifiers, tier override, evidence for controls no file can show, and accepted exceptions.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
