/** ARG-PRC-009: Cascade containment between agents. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './cascade-containment.k8s';
import { codeDetector } from './cascade-containment.code';

export const control: ControlDef = {
  id: 'ARG-PRC-009',
  slug: 'cascade-containment',
  title: 'Cascade containment between agents',
  dimension: 'PRC',
  threshold: 'L8',
  zone: 'high-assurance',
  provisions: ['5.1.2-2'],
  owasp: ['ASI08', 'LLM10:2025'],
  seenIn: ['code', 'k8s'],
  implementations: {
    code: 'Set recursion and iteration limits (LangGraph recursion_limit, max_iterations, max_turns), timeouts on model and tool calls, and circuit breakers around calls to other agents.',
    k8s: 'Set mesh timeouts, retries with budgets and outlier detection (Istio DestinationRule) between agent services.',
  },
  rationale:
    'In a chain of agents one bad output can be amplified by every agent downstream, or two agents can call each other forever. Limits and breakers turn a cascade into a contained failure.',
  remediation:
    'Bound loops and recursion in every agent. Add timeouts and circuit breakers to inter-agent calls. Rate-limit each agent\'s calls to others.',
  detectors: [k8sDetector, codeDetector],
};
