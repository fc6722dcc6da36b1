/**
 * OWASP Top 10 for LLM Applications 2025 and OWASP Top 10 for Agentic Applications 2026:
 * ids and short titles, used to cross-reference controls.
 */
export interface OwaspEntry {
  id: string;
  title: string;
  list: 'llm' | 'agentic';
}

export const OWASP_LLM: readonly OwaspEntry[] = [
  { id: 'LLM01:2025', title: 'Prompt Injection', list: 'llm' },
  { id: 'LLM02:2025', title: 'Sensitive Information Disclosure', list: 'llm' },
  { id: 'LLM03:2025', title: 'Supply Chain', list: 'llm' },
  { id: 'LLM04:2025', title: 'Data and Model Poisoning', list: 'llm' },
  { id: 'LLM05:2025', title: 'Improper Output Handling', list: 'llm' },
  { id: 'LLM06:2025', title: 'Excessive Agency', list: 'llm' },
  { id: 'LLM07:2025', title: 'System Prompt Leakage', list: 'llm' },
  { id: 'LLM08:2025', title: 'Vector and Embedding Weaknesses', list: 'llm' },
  { id: 'LLM09:2025', title: 'Misinformation', list: 'llm' },
  { id: 'LLM10:2025', title: 'Unbounded Consumption', list: 'llm' },
];

export const OWASP_AGENTIC: readonly OwaspEntry[] = [
  { id: 'ASI01', title: 'Agent Goal Hijack', list: 'agentic' },
  { id: 'ASI02', title: 'Tool Misuse and Exploitation', list: 'agentic' },
  { id: 'ASI03', title: 'Identity and Privilege Abuse', list: 'agentic' },
  { id: 'ASI04', title: 'Agentic Supply Chain Vulnerabilities', list: 'agentic' },
  { id: 'ASI05', title: 'Unexpected Code Execution', list: 'agentic' },
  { id: 'ASI06', title: 'Memory and Context Poisoning', list: 'agentic' },
  { id: 'ASI07', title: 'Insecure Inter-Agent Communication', list: 'agentic' },
  { id: 'ASI08', title: 'Cascading Failures', list: 'agentic' },
  { id: 'ASI09', title: 'Human-Agent Trust Exploitation', list: 'agentic' },
  { id: 'ASI10', title: 'Rogue Agents', list: 'agentic' },
];

export const OWASP: readonly OwaspEntry[] = [...OWASP_LLM, ...OWASP_AGENTIC];

export function owaspById(id: string): OwaspEntry | undefined {
  return OWASP.find((o) => o.id === id);
}
