/**
 * The eight-level risk gradient: what each baseline tier looks like, what drives its risk,
 * and the zone it belongs to.
 */
import { TIERS, type Tier, type Zone } from '../model';
import type { TierDef } from './types';

export const TIER_DEFS: readonly TierDef[] = [
  {
    tier: 'L1',
    level: 1,
    pattern: 'Embedded AI in SaaS',
    examples: 'Microsoft 365 Copilot, Atlassian Intelligence, Gemini in Workspace, AI features switched on in a SaaS tenant',
    riskDriver: 'data exposure through existing permissions, prompt injection, shadow AI',
    zone: 'foundational',
  },
  {
    tier: 'L2',
    level: 2,
    pattern: 'AI-assisted development',
    examples: 'GitHub Copilot, Cursor or Claude Code used in the repository, agent instruction files, "vibe-coded" changes',
    riskDriver: 'AI-generated code reaching production without review',
    zone: 'foundational',
  },
  {
    tier: 'L3',
    level: 3,
    pattern: 'Citizen-developer agents and automations',
    examples: 'Power Automate flows with AI Builder or Copilot actions, Copilot Studio agents, Salesforce Agentforce agents',
    riskDriver: 'over-permissioned connectors and abuse of the workflow',
    zone: 'standard',
  },
  {
    tier: 'L4',
    level: 4,
    pattern: 'Data analytics and API orchestration',
    examples: 'services that call OpenAI, Azure OpenAI, Bedrock or Vertex AI APIs; retrieval-augmented generation over company data',
    riskDriver: 'misuse of the AI API and leaked credentials',
    zone: 'standard',
  },
  {
    tier: 'L5',
    level: 5,
    pattern: 'Custom autonomous agents',
    examples: 'LangChain / LangGraph, AutoGen, CrewAI or Bedrock Agents that call tools, MCP servers wired to an agent',
    riskDriver: 'tool abuse and creeping autonomy',
    zone: 'advanced',
  },
  {
    tier: 'L6',
    level: 6,
    pattern: 'Data science and ML pipelines',
    examples: 'SageMaker training jobs and pipelines, Azure ML workspaces, Vertex AI pipelines, notebook instances, feature stores',
    riskDriver: 'poisoned data and a compromised model supply chain',
    zone: 'advanced',
  },
  {
    tier: 'L7',
    level: 7,
    pattern: 'Model hosting and serving',
    examples: 'SageMaker endpoints, Azure ML online endpoints, Vertex AI endpoints, vLLM, KServe, Triton or Ollama on Kubernetes',
    riskDriver: 'model extraction and adversarial inputs',
    zone: 'high-assurance',
  },
  {
    tier: 'L8',
    level: 8,
    pattern: 'Distributed and multi-agent systems',
    examples: 'supervisor and worker agents across services, agent-to-agent protocols, agent meshes',
    riskDriver: 'lateral compromise, abuse of trust between agents, autonomous privilege escalation, cascading failure',
    zone: 'high-assurance',
  },
];

/** 1..8 for L1..L8. */
export function tierIndex(t: Tier): number {
  const i = TIERS.indexOf(t);
  if (i < 0) throw new RangeError(`not a tier: ${String(t)}`);
  return i + 1;
}

/** L1..L8 for 1..8; throws for anything else. */
export function tierFromIndex(n: number): Tier {
  if (!Number.isInteger(n) || n < 1 || n > TIERS.length) throw new RangeError(`tier index out of range: ${n}`);
  return TIERS[n - 1];
}

export function zoneOf(tier: Tier): Zone {
  const i = tierIndex(tier);
  if (i <= 2) return 'foundational';
  if (i <= 4) return 'standard';
  if (i <= 6) return 'advanced';
  return 'high-assurance';
}

/** Negative when a is lower than b, 0 when equal, positive when higher. */
export function compareTiers(a: Tier, b: Tier): number {
  return tierIndex(a) - tierIndex(b);
}

export function tierDef(t: Tier): TierDef {
  return TIER_DEFS[tierIndex(t) - 1];
}

export const ZONE_TITLES: Record<Zone, string> = {
  foundational: 'Foundational (L1–L2)',
  standard: 'Standard (L3–L4)',
  advanced: 'Advanced (L5–L6)',
  'high-assurance': 'High assurance (L7–L8)',
};

/** The tiers of a zone, lowest first. */
export function tiersOfZone(zone: Zone): Tier[] {
  return TIERS.filter((t) => zoneOf(t) === zone);
}
