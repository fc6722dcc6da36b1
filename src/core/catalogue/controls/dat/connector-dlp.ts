/** ARG-DAT-002: Connector DLP that separates business data and blocks HTTP egress. */
import type { ControlDef } from '../../types';
import { ppDetector } from './connector-dlp.pp';
import { tfDetector } from './connector-dlp.tf';

export const control: ControlDef = {
  id: 'ARG-DAT-002',
  slug: 'connector-dlp',
  title: 'Connector DLP that separates business data and blocks HTTP egress',
  dimension: 'DAT',
  threshold: 'L3',
  zone: 'standard',
  provisions: ['5.2.1-4', '5.1.2-6'],
  owasp: ['LLM02:2025', 'LLM06:2025'],
  seenIn: ['pp', 'tf'],
  implementations: {
    powerplatform: 'Apply a DLP policy to the environment that puts business connectors in one group, non-business in another, and blocks HTTP, HTTP with Entra ID and shared_webcontents to arbitrary hosts.',
    azure: 'Manage the Power Platform DLP policy as code (powerplatform_data_loss_prevention_policy) so every environment with AI flows is covered.',
  },
  rationale:
    'Citizen-built flows can copy data from a business system to any web endpoint in one step, and an AI action can be talked into doing it. DLP at the connector level is the boundary that makes that impossible.',
  remediation:
    'Create or extend the tenant DLP policy for the environment. Classify connectors into business and non-business groups. Block generic HTTP connectors or allow only named endpoints.',
  detectors: [ppDetector, tfDetector],
};
