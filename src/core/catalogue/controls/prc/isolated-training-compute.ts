/** ARG-PRC-006: Isolated training and notebook compute. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './isolated-training-compute.k8s';
import { tfDetector } from './isolated-training-compute.tf';

export const control: ControlDef = {
  id: 'ARG-PRC-006',
  slug: 'isolated-training-compute',
  title: 'Isolated training and notebook compute',
  dimension: 'PRC',
  threshold: 'L6',
  zone: 'advanced',
  provisions: ['5.2.2-3', '5.2.1-4'],
  owasp: ['LLM04:2025'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Set direct_internet_access = "Disabled" and root_access = "Disabled" on notebook instances, app_network_access_type = "VpcOnly" on SageMaker domains, and enable_network_isolation on training jobs and models.',
    azure: 'Use Azure ML managed virtual network isolation, disable public IPs on compute instances and turn off public network access on the workspace.',
    gcp: 'Disable public IPs and root access on Vertex AI Workbench instances and run training in a VPC Service Controls perimeter.',
    k8s: 'Run notebooks and training pods without privilege, with an egress-restricted NetworkPolicy, in a namespace separate from serving.',
  },
  rationale:
    'Notebooks and training jobs hold raw data and often broad credentials, and data scientists install packages freely there. Cutting their internet access and root rights limits both exfiltration and poisoned tooling.',
  remediation:
    'Disable direct internet access and root on notebooks. Enable network isolation for training jobs. Keep training compute in its own network segment.',
  detectors: [tfDetector, k8sDetector],
};
