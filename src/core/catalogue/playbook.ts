/**
 * The playbook's translation table: each foundational control family with the cloud services
 * that implement it and the EN 304 223 principles it serves. Every row is implemented by at
 * least one control (`ControlDef.playbookControl` names the row).
 */
import type { Zone } from '../model';

export interface PlaybookRow {
  control: string;
  zone: Zone;
  aws: string;
  azure: string;
  gcp: string;
  /** Principle numbers. */
  principles: number[];
}

export const PLAYBOOK_ROWS: readonly PlaybookRow[] = [
  { control: 'Identity & access control', zone: 'foundational', aws: 'IAM Identity Center, SCPs', azure: 'Entra ID Conditional Access, PIM', gcp: 'Cloud Identity, Context-Aware Access, Org Policies', principles: [4, 5] },
  { control: 'Encryption & key management', zone: 'foundational', aws: 'KMS CMK, SSE-KMS', azure: 'Key Vault CMK, storage encryption', gcp: 'Cloud KMS CMEK', principles: [6] },
  { control: 'CSPM & posture', zone: 'foundational', aws: 'Security Hub, GuardDuty', azure: 'Defender for Cloud, Sentinel', gcp: 'SCC Premium, Chronicle', principles: [3, 11] },
  { control: 'Credential hygiene', zone: 'foundational', aws: 'IAM roles only', azure: 'managed identity only', gcp: 'workload identity only', principles: [5, 6] },
  { control: 'Private service isolation', zone: 'standard', aws: 'VPC endpoints, PrivateLink', azure: 'Private Endpoints, VNet', gcp: 'Private Service Connect, VPC Service Controls', principles: [2, 6] },
  { control: 'API gateway & rate limiting', zone: 'standard', aws: 'API Gateway, WAF', azure: 'APIM, WAF', gcp: 'Apigee, Cloud Armor', principles: [2, 4] },
  { control: 'Egress enforcement', zone: 'standard', aws: 'Network Firewall, VPC endpoints', azure: 'Azure Firewall, UDR', gcp: 'Cloud NAT, firewall rules', principles: [2, 6] },
  { control: 'Per-agent identity', zone: 'advanced', aws: 'IAM role per agent, permission boundaries', azure: 'managed identity per agent, deny assignments', gcp: 'service account per agent, IAM deny policies', principles: [4, 5] },
  { control: 'Automated kill switch', zone: 'advanced', aws: 'IAM deny, security-group modify, SNS', azure: 'Entra revoke, NSG', gcp: 'IAM deny, firewall, workload-identity revoke', principles: [2, 4, 11] },
  { control: 'Model registry & integrity', zone: 'advanced', aws: 'SageMaker Model Registry, SHA-256', azure: 'Azure ML registry, SHA-256', gcp: 'Vertex AI Model Registry, SHA-256', principles: [7, 9] },
  { control: 'Secure decommissioning', zone: 'advanced', aws: 'IAM role delete, KMS scheduled delete, S3 lifecycle', azure: 'managed identity removal, Key Vault purge, retention policy', gcp: 'service account delete, KMS destroy, retention lock', principles: [13, 6] },
  { control: 'mTLS between agents', zone: 'high-assurance', aws: 'App Mesh, ACM Private CA', azure: 'AKS service mesh', gcp: 'Anthos Service Mesh', principles: [6, 7] },
  { control: 'Workload policy enforcement', zone: 'high-assurance', aws: 'EKS Pod Security Admission, OPA Gatekeeper', azure: 'AKS pod security, Azure Policy', gcp: 'GKE Pod Security Admission, OPA Gatekeeper', principles: [3, 4] },
  { control: 'Extraction detection', zone: 'high-assurance', aws: 'API Gateway + WAF, CloudWatch', azure: 'APIM, Sentinel analytics', gcp: 'Apigee, Cloud Monitoring', principles: [8, 11, 12] },
];
