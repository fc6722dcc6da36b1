/**
 * The 72 provisions of ETSI EN 304 223 V2.1.1. The EN designator (`5.2.2-2`) is the canonical
 * id; the UK Code of Practice number (`6.2`) is shown beside it. Summaries are our own words.
 *
 * `outOfScope` marks the provisions that no control of this product addresses (staff
 * training, communication with end-users, organisational culture): nothing in a repository or
 * in the AI asset register can stand for them, so the product does not claim them.
 */
import { PRINCIPLES } from './principles';
import type { Principle, Provision } from './types';
import type { Stakeholder } from '../model';

const D: Stakeholder = 'developer';
const O: Stakeholder = 'system-operator';
const C: Stakeholder = 'data-custodian';
const E: Stakeholder = 'end-user';
const G: Stakeholder = 'organisation';

const TRAINING = 'Staff training and awareness is an organisation-wide activity, not a property of a workload; no repository file or register entry can show it.';
const END_USER = 'Communication with end-users happens outside the repository (documentation, notices, support channels); the product cannot observe it.';

function clauseNumber(id: string): number {
  const clause = id.split('-')[0];
  const p = PRINCIPLES.find((x) => x.clause === clause);
  if (!p) throw new Error(`provision ${id}: unknown clause ${clause}`);
  return p.number;
}

function p(
  id: string,
  uk: string,
  stakeholders: Stakeholder[],
  modality: 'shall' | 'should',
  summary: string,
  outOfScope?: string,
): Provision {
  const prov: Provision = { id, uk, principle: clauseNumber(id), stakeholders, modality, summary };
  if (outOfScope) prov.outOfScope = outOfScope;
  return prov;
}

export const PROVISIONS: readonly Provision[] = [
  // P1 Raise awareness (5.1.1)
  p('5.1.1-1', '1.1', [G], 'shall', 'Include AI security in the organisation\'s security training and refresh it as new AI threats emerge.', TRAINING),
  p('5.1.1-1.1', '1.1.1', [G], 'shall', 'Fit the AI security training to each role and what that role is responsible for.', TRAINING),
  p('5.1.1-2', '1.2', [G], 'shall', 'Keep all staff informed of current AI threats, vulnerabilities and their mitigations.', TRAINING),
  p('5.1.1-2.1', '1.2.1', [G], 'should', 'Share AI threat updates through more than one channel (bulletins, newsletters, knowledge bases).', TRAINING),
  p('5.1.1-2.2', '1.2.2', [G], 'shall', 'Train developers in secure coding and secure design specific to AI systems.', TRAINING),

  // P2 Design for security (5.1.2)
  p('5.1.2-1', '2.1', [O, D], 'shall', 'Document the business need for an AI system together with its AI security risks and mitigations before building it.'),
  p('5.1.2-1.1', '2.1.1', [C], 'shall', 'Bring the data custodian into the discussion of what data the system needs.', 'A matter of who takes part in design discussions; no file or register field records it reliably.'),
  p('5.1.2-2', '2.2', [D, O], 'shall', 'Build the system to withstand adversarial and unexpected inputs and to fail safely.'),
  p('5.1.2-3', '2.3', [D], 'shall', 'Keep an audit trail of how models, datasets and prompts are operated and changed over their lifecycle.'),
  p('5.1.2-4', '2.4', [D, O], 'shall', 'Assess the AI security risk of external components and do due diligence before using them.'),
  p('5.1.2-5', '2.5', [C], 'shall', 'Check that what the system is used for matches how sensitive its training data is.'),
  p('5.1.2-5.1', '2.5.1', [G], 'should', 'Foster a culture in which staff raise AI security concerns.', 'Organisational culture is not visible in a repository or a workload\'s register entry.'),
  p('5.1.2-6', '2.6', [D, O], 'shall', 'When the system can act on other systems, give it only the permissions its task needs, scaled to the risk.'),
  p('5.1.2-7', '2.7', [D, O], 'shall', 'Vet the external providers the system depends on.'),

  // P3 Evaluate threats, manage risks (5.1.3)
  p('5.1.3-1', '3.1', [D, O], 'shall', 'Threat-model the system and manage risks including AI-specific attacks such as poisoning, model inversion and membership inference.'),
  p('5.1.3-1.1', '3.1.1', [O, D], 'shall', 'Update the threat model whenever the system\'s settings or configuration change.'),
  p('5.1.3-1.2', '3.1.2', [D], 'shall', 'Deal with the risk from model capabilities the use case does not need, such as unused modalities or tools.'),
  p('5.1.3-1.3', '3.1.3', [O], 'shall', 'Pick controls according to the organisation\'s risk tolerance, weighing cost and other factors.'),
  p('5.1.3-2', '3.2', [D, O], 'shall', 'Tell system operators and end-users about threats that could not be resolved so they can respond.', 'Passing residual risks to other parties is a communication step outside the repository.'),
  p('5.1.3-3', '3.3', [O], 'should', 'Get assurance from the external parties who carry part of the AI risk.'),
  p('5.1.3-4', '3.4', [D, O], 'should', 'Review the infrastructure continuously against the organisation\'s risk appetite.'),

  // P4 Human responsibility (5.1.4)
  p('5.1.4-1', '4.1', [D, O], 'should', 'Give people the means to oversee what the system does.'),
  p('5.1.4-2', '4.2', [D], 'should', 'Make outputs easy for people to understand and judge.', 'How understandable model outputs are is a product-design quality that no configuration or code check can establish.'),
  p('5.1.4-3', '4.3', [D, O], 'shall', 'If human oversight is one of the risk controls, enforce it with technical measures.'),
  p('5.1.4-4', '4.4', [D], 'should', 'Verify that the security controls the data custodian asked for were actually built.'),
  p('5.1.4-5', '4.5', [D, O], 'should', 'Tell end-users which uses of the system are not allowed.', END_USER),

  // P5 Identify, track, protect assets (5.2.1)
  p('5.2.1-1', '5.1', [D, C, O], 'shall', 'Keep an inventory of AI assets and of how they depend on one another.'),
  p('5.2.1-2', '5.2', [D, C, O], 'shall', 'Track, authenticate, version and protect AI assets.'),
  p('5.2.1-3', '5.3', [O], 'shall', 'Make disaster-recovery plans cover attacks that are specific to AI.'),
  p('5.2.1-3.1', '5.3.1', [O], 'should', 'Be able to return to a known-good state.'),
  p('5.2.1-4', '5.4', [D, O, C, E], 'shall', 'Keep sensitive data, such as training and test sets, safe from unauthorised access.'),
  p('5.2.1-4.1', '5.4.1', [D, C, O], 'shall', 'Validate and sanitise data and inputs, again each time the model changes.'),
  p('5.2.1-4.2', '5.4.2', [D], 'shall', 'Protect confidential training data and model weights.'),

  // P6 Secure the infrastructure (5.2.2)
  p('5.2.2-1', '6.1', [D, O], 'shall', 'Put suitable access control on APIs, models, data and pipelines.'),
  p('5.2.2-2', '6.2', [D], 'shall', 'Protect externally reachable APIs, for instance with rate limits, against attacks such as poisoning and extraction.'),
  p('5.2.2-3', '6.3', [D], 'shall', 'Develop and tune models in dedicated, separated environments that run with least privilege.'),
  p('5.2.2-4', '6.4', [D, O], 'shall', 'Have a vulnerability disclosure policy and make it public.'),
  p('5.2.2-5', '6.5', [D, O], 'shall', 'Maintain an incident-management plan and a recovery plan that cover AI incidents.'),
  p('5.2.2-6', '6.6', [D, O], 'should', 'Make sure cloud contracts allow these security requirements to be met.'),

  // P7 Secure the supply chain (5.2.3)
  p('5.2.3-1', '7.1', [D, O], 'shall', 'Apply secure software supply-chain practice to AI models and systems.'),
  p('5.2.3-2', '7.2', [O], 'shall', 'Write down why a poorly documented or unsecured model or component is used anyway.'),
  p('5.2.3-2.1', '7.2.1', [D, O], 'shall', 'Assess the risk of such models or components and mitigate it.'),
  p('5.2.3-2.2', '7.2.2', [O], 'shall', 'Make that justification available to end-users.', END_USER),
  p('5.2.3-3', '7.3', [D, O], 'shall', 'Evaluate a released model again before adopting or deploying it.'),
  p('5.2.3-4', '7.4', [O], 'shall', 'Warn end-users before the models they rely on are changed.', END_USER),

  // P8 Document data, models, prompts (5.2.4)
  p('5.2.4-1', '8.1', [D], 'shall', 'Document the system\'s design and its maintenance plans after deployment, with an audit trail.'),
  p('5.2.4-1.1', '8.1.1', [D], 'should', 'Cover security-relevant details in that documentation.'),
  p('5.2.4-1.2', '8.1.2', [D], 'shall', 'Publish cryptographic hashes of shared model components so recipients can check them.'),
  p('5.2.4-2', '8.2', [D], 'shall', 'Record the source, acquisition and use of public training data, because poisoning may show only later.'),
  p('5.2.4-2.1', '8.2.1', [D], 'should', 'Note where such data was fetched from and when.'),
  p('5.2.4-3', '8.3', [D], 'should', 'Log changes to system prompts and other model configuration.'),

  // P9 Testing and evaluation (5.2.5)
  p('5.2.5-1', '9.1', [D], 'shall', 'Release models, applications and systems only after security testing.'),
  p('5.2.5-2', '9.2', [O], 'shall', 'Test before deployment, helped by the developers.'),
  p('5.2.5-2.1', '9.2.1', [O, D], 'should', 'Have the system tested by independent testers with relevant AI skills.'),
  // Sources disagree on this one's modal verb; the checked extraction says "should".
  p('5.2.5-3', '9.3', [D], 'should', 'Share test findings with system operators so their own testing can build on them.'),
  p('5.2.5-4', '9.4', [D], 'should', 'Check that outputs cannot be used to reconstruct non-public parts of the model or its training data.'),
  p('5.2.5-4.1', '9.4.1', [D], 'should', 'Check that outputs do not hand users unintended influence over the system.'),

  // P10 Communication with end-users and affected entities (5.3.1)
  p('5.3.1-1', '10.1', [O, D], 'shall', 'Explain to end-users plainly how their data is used, accessed and stored.', END_USER),
  p('5.3.1-2', '10.2', [O, D], 'shall', 'Give end-users guidance on using, managing, integrating and configuring the system.', END_USER),
  p('5.3.1-2.1', '10.2.1', [O], 'shall', 'Make the guidance cover proper use, known limits and likely failure modes.', END_USER),
  p('5.3.1-2.2', '10.2.2', [O], 'shall', 'Inform end-users of security-relevant updates without waiting to be asked.', END_USER),
  p('5.3.1-3', '10.3', [D, O], 'should', 'Support end-users and affected entities through incidents, following a process set out in contracts.', END_USER),

  // P11 Security updates, patches, mitigations (5.4.1)
  p('5.4.1-1', '11.1', [D, O], 'shall', 'Produce security updates and patches and deliver them to the people running the system.'),
  p('5.4.1-1.1', '11.1.1', [D], 'shall', 'Plan compensating measures for systems that cannot be updated.'),
  p('5.4.1-2', '11.2', [D], 'should', 'Handle a major update like a new model version, including new security testing.'),
  p('5.4.1-3', '11.3', [D], 'should', 'Help system operators understand and adapt to model changes.', 'Support given by developers to operators is a working relationship, not something a scan can check.'),

  // P12 Monitor behaviour (5.4.2)
  p('5.4.2-1', '12.1', [O], 'shall', 'Log system and user actions well enough for compliance, investigation and remediation.'),
  p('5.4.2-2', '12.2', [O], 'should', 'Analyse logs over time for anomalies, intrusions, unexpected behaviour, drift or poisoning.'),
  p('5.4.2-3', '12.3', [O, D], 'should', 'Monitor the internal state of the AI system.'),
  p('5.4.2-4', '12.4', [O, D], 'should', 'Track performance over time so gradual behaviour change is noticed.'),

  // P13 Data and model disposal (5.5.1)
  p('5.5.1-1', '13.1', [D, O], 'shall', 'When training data or a model changes hands, involve the data custodian and dispose of the old copies securely.'),
  p('5.5.1-2', '13.2', [D, O], 'shall', 'On decommissioning, involve the data custodian and securely delete the related data and configuration.'),
];

const BY_ID = new Map(PROVISIONS.map((x) => [x.id, x]));
const BY_UK = new Map(PROVISIONS.map((x) => [x.uk, x]));

/** A provision by EN designator (`5.2.2-2`). */
export function provisionById(id: string): Provision | undefined {
  return BY_ID.get(id.trim());
}

/** A provision by UK Code of Practice number (`6.2`). */
export function provisionByUk(uk: string): Provision | undefined {
  return BY_UK.get(uk.trim());
}

/** The principle a provision (or provision id) belongs to. */
export function principleOf(provision: Provision | string): Principle {
  const prov = typeof provision === 'string' ? provisionById(provision) : provision;
  if (!prov) throw new Error(`unknown provision ${String(provision)}`);
  const pr = PRINCIPLES.find((x) => x.number === prov.principle);
  if (!pr) throw new Error(`provision ${prov.id}: unknown principle ${prov.principle}`);
  return pr;
}

/** Provisions of one principle, in catalogue order. */
export function provisionsOf(principle: number): Provision[] {
  return PROVISIONS.filter((x) => x.principle === principle);
}
