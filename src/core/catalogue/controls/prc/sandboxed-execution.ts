/** ARG-PRC-005: Sandboxed code execution for agent tools. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './sandboxed-execution.k8s';
import { codeDetector } from './sandboxed-execution.code';

export const control: ControlDef = {
  id: 'ARG-PRC-005',
  slug: 'sandboxed-execution',
  title: 'Sandboxed code execution for agent tools',
  dimension: 'PRC',
  threshold: 'L5',
  zone: 'advanced',
  provisions: ['5.1.2-6', '5.2.2-3'],
  owasp: ['ASI05', 'LLM05:2025'],
  seenIn: ['code', 'k8s'],
  implementations: {
    code: 'Run code-interpreter or shell tools only inside a sandbox (a container or microVM service, E2B, a managed code interpreter), never with subprocess or exec in the agent process.',
    k8s: 'Run code-execution pods with a sandbox runtimeClassName (gVisor, Kata), no privileged flag, no hostPath mounts and no host namespaces.',
  },
  rationale:
    'An agent that writes and runs code will sooner or later run code an attacker wrote. A sandbox makes that code run without the agent\'s credentials, network or host.',
  remediation:
    'Move code execution out of the agent process into a sandbox. Drop privileges and host mounts. Limit the sandbox network and lifetime.',
  detectors: [k8sDetector, codeDetector],
};
