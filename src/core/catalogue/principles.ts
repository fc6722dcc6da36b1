/**
 * The 13 principles of ETSI EN 304 223 (the UK Code of Practice for the Cyber Security of AI),
 * with the EN clause, the lifecycle phase and who the principle primarily addresses.
 * Titles are our short wording of each principle.
 */
import type { Phase, Principle } from './types';

export const PHASES: readonly { id: Phase; title: string; clause: string }[] = [
  { id: 'design', title: 'Secure design', clause: '5.1' },
  { id: 'development', title: 'Secure development', clause: '5.2' },
  { id: 'deployment', title: 'Secure deployment', clause: '5.3' },
  { id: 'maintenance', title: 'Secure maintenance', clause: '5.4' },
  { id: 'end-of-life', title: 'Secure end of life', clause: '5.5' },
];

export const PRINCIPLES: readonly Principle[] = [
  {
    number: 1,
    clause: '5.1.1',
    title: 'Raise awareness of AI security threats and risks',
    phase: 'design',
    stakeholders: ['system-operator', 'developer', 'data-custodian'],
  },
  {
    number: 2,
    clause: '5.1.2',
    title: 'Design the AI system for security as well as function and performance',
    phase: 'design',
    stakeholders: ['system-operator', 'developer'],
  },
  {
    number: 3,
    clause: '5.1.3',
    title: 'Evaluate the threats and manage the risks to the AI system',
    phase: 'design',
    stakeholders: ['developer', 'system-operator'],
  },
  {
    number: 4,
    clause: '5.1.4',
    title: 'Enable human responsibility for AI systems',
    phase: 'design',
    stakeholders: ['developer', 'system-operator'],
  },
  {
    number: 5,
    clause: '5.2.1',
    title: 'Identify, track and protect the assets',
    phase: 'development',
    stakeholders: ['developer', 'system-operator', 'data-custodian'],
  },
  {
    number: 6,
    clause: '5.2.2',
    title: 'Secure the infrastructure',
    phase: 'development',
    stakeholders: ['developer', 'system-operator'],
  },
  {
    number: 7,
    clause: '5.2.3',
    title: 'Secure the supply chain',
    phase: 'development',
    stakeholders: ['developer', 'system-operator', 'data-custodian'],
  },
  {
    number: 8,
    clause: '5.2.4',
    title: 'Document data, models and prompts',
    phase: 'development',
    stakeholders: ['developer'],
  },
  {
    number: 9,
    clause: '5.2.5',
    title: 'Conduct appropriate testing and evaluation',
    phase: 'development',
    stakeholders: ['developer', 'system-operator'],
  },
  {
    number: 10,
    clause: '5.3.1',
    title: 'Communicate with end-users and affected entities',
    phase: 'deployment',
    // The EN names no primary audience for this principle; its provisions oblige these two.
    stakeholders: ['system-operator', 'developer'],
  },
  {
    number: 11,
    clause: '5.4.1',
    title: 'Maintain regular security updates, patches and mitigations',
    phase: 'maintenance',
    stakeholders: ['developer', 'system-operator'],
  },
  {
    number: 12,
    clause: '5.4.2',
    title: "Monitor the system's behaviour",
    phase: 'maintenance',
    stakeholders: ['developer', 'system-operator'],
  },
  {
    number: 13,
    clause: '5.5.1',
    title: 'Ensure proper data and model disposal',
    phase: 'end-of-life',
    stakeholders: ['developer', 'system-operator'],
  },
];

/** A principle by number (6), `P6`, or EN clause (`5.2.2`). */
export function principleByRef(ref: string | number): Principle | undefined {
  if (typeof ref === 'number') return PRINCIPLES.find((p) => p.number === ref);
  const s = ref.trim();
  const m = /^[Pp](\d{1,2})$/.exec(s);
  if (m) return PRINCIPLES.find((p) => p.number === Number(m[1]));
  return PRINCIPLES.find((p) => p.clause === s);
}
