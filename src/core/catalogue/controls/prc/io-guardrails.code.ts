/**
 * ARG-PRC-004 in application code: a service that calls models or runs agents checks what
 * goes in and comes out — a guardrail library (NeMo Guardrails, Guardrails AI, Presidio, LLM
 * Guard…), provider guardrail parameters (Bedrock guardrailIdentifier / guardrailConfig,
 * Gemini safety_settings) or framework input/output guardrails (OpenAI Agents SDK, LangChain).
 * Without any, one finding goes on the first agent creation (else the first client). No fix:
 * which checks fit is a design choice.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { calls, callLoc, ev, sortByPlace } from '../code-util/facts';

export const codeDetector: Detector = {
  kind: 'code',
  providers: ['code'],
  evaluate(ctx): DetectorOutcome[] {
    const agents = sortByPlace(calls(ctx.facts, 'agent', 'multi-agent'));
    const clients = sortByPlace(calls(ctx.facts, 'llm-client'));
    const models = [...agents, ...clients];
    if (models.length === 0) return [];
    const guards = sortByPlace(calls(ctx.facts, 'guardrail'));
    const libs = ctx.facts.filter((f) => f.kind === 'import' && f.attributes.role === 'guardrail');
    if (guards.length > 0 || libs.length > 0) {
      return [{
        status: 'met',
        message: 'Model and agent input or output pass through guardrails.',
        evidence: [...guards.slice(0, 5).map((f) => ev(f, `${String(f.attributes.pattern)} checks model input or output`)), ...libs.slice(0, 3).map((f) => ev(f, `imports the guardrail library ${f.type}`))],
      }];
    }
    const at = models[0];
    const what = agents.length > 0 ? `agent built with ${String(at.attributes.pattern)}` : `model client ${String(at.attributes.pattern)}`;
    return [{
      status: 'missing',
      message: `The ${what} works without guardrails on its input or output: no guardrail library, provider guardrail or framework input/output check was found in the service, so injected instructions and unsafe output reach tools and users unchecked.`,
      location: callLoc(at),
      anchor: `${at.file}:${at.address}`,
      evidence: models.slice(1, 6).map((f) => ev(f, `${String(f.attributes.pattern)} also calls a model without guardrails`)),
    }];
  },
};
