/** ARG-DAT-003: Training data provenance and integrity. */
import type { ControlDef } from '../../types';
import { tfDetector } from './training-data-provenance.tf';

export const control: ControlDef = {
  id: 'ARG-DAT-003',
  slug: 'training-data-provenance',
  title: 'Training data provenance and integrity',
  dimension: 'DAT',
  threshold: 'L6',
  zone: 'advanced',
  provisions: ['5.2.4-2', '5.2.4-2.1', '5.2.1-2'],
  owasp: ['LLM04:2025'],
  seenIn: ['tf'],
  implementations: {
    aws: 'Enable versioning and Object Lock on training-data buckets, and keep lineage in SageMaker ML Lineage Tracking or the feature store with encryption.',
    azure: 'Use versioned Azure ML data assets on storage with blob versioning and immutability policies.',
    gcp: 'Use Vertex AI datasets and Metadata lineage on buckets with object versioning and a retention policy.',
  },
  rationale:
    'Poisoned training data may only show its effect long after training. Versioned, locked data with a record of where it came from lets a team find, prove and roll back a poisoning.',
  remediation:
    'Turn on versioning and object lock for training data. Record source, acquisition date and use of each dataset. Encrypt the lineage and feature stores.',
  detectors: [tfDetector],
};
