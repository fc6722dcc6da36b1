/** ARG-SUP-004: Signed, verified serving images with an SBOM. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './signed-images-sbom.k8s';
import { tfDetector } from './signed-images-sbom.tf';

export const control: ControlDef = {
  id: 'ARG-SUP-004',
  slug: 'signed-images-sbom',
  title: 'Signed, verified serving images with an SBOM',
  dimension: 'SUP',
  threshold: 'L7',
  zone: 'high-assurance',
  provisions: ['5.2.3-1', '5.2.1-2', '5.2.4-1.2'],
  owasp: ['LLM03:2025', 'ASI04'],
  seenIn: ['k8s', 'tf', 'ci'],
  implementations: {
    aws: 'Sign images with AWS Signer or Notation and verify them at admission on EKS; enable ECR scan on push.',
    azure: 'Sign images in Azure Container Registry with Notation and enforce verification with Azure Policy or Ratify on AKS.',
    gcp: 'Enforce Binary Authorization on GKE and Cloud Run so only attested images run.',
    k8s: 'Verify image signatures at admission (Kyverno verifyImages, Sigstore policy-controller) for model-serving namespaces.',
    ci: 'Generate an SBOM (Syft, CycloneDX) and sign the image (cosign) in the build pipeline.',
  },
  rationale:
    'Model servers run images with large native dependency trees and often custom kernels. Signatures and an SBOM prove what is running came from the organisation\'s build and say what is inside it.',
  remediation:
    'Sign images in CI and publish an SBOM with each. Enforce signature verification at admission. Reject unsigned images in serving namespaces.',
  detectors: [k8sDetector, tfDetector],
};
