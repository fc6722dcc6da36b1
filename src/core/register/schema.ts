/**
 * The AI asset register (`ai-asset-register.yaml`): the playbook's first step kept in the
 * repository. Validated with zod; `schemas/ai-asset-register.schema.json` is generated from
 * this schema (`npm run schema`).
 */
import { z } from 'zod';

const tier = z.enum(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8']);
const rating = z.enum(['low', 'medium', 'high']);
const controlId = z.string().regex(/^ARG-(GOV|IAM|DAT|PRC|NET|SUP|MON)-\d{3}$/, 'a control id looks like ARG-DAT-001');
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD'));

const declaredModifier = z
  .object({
    rating,
    justification: z.string().min(1, 'say why the rating is declared'),
  })
  .strict();

export const registerWorkloadSchema = z
  .object({
    id: z.string().min(1).optional().describe('Stable workload id as the scan prints it; written by `inventory --write`.'),
    name: z.string().min(1).describe('Display name.'),
    owner: z.string().min(1).optional().describe('Accountable person or team.'),
    description: z.string().optional(),
    paths: z.array(z.string().min(1)).optional().describe('Globs that declare or merge a workload by hand.'),
    baseline: tier
      .optional()
      .describe('Baseline tier of a workload no file shows (AI embedded in a SaaS product is L1); the entry itself is then the workload.'),
    modifiers: z
      .object({
        exposure: declaredModifier.optional(),
        dataSensitivity: declaredModifier.optional(),
        autonomy: declaredModifier.optional(),
        integrationPrivilege: declaredModifier.optional(),
        physicalEffect: declaredModifier.optional(),
      })
      .strict()
      .optional(),
    tierOverride: z
      .object({ tier, justification: z.string().min(1), approver: z.string().min(1).optional() })
      .strict()
      .optional(),
    evidence: z.record(controlId, z.string().min(1)).optional().describe('Control id → link or note proving a control no file can show.'),
    reviewDate: isoDate.optional(),
    status: z.enum(['active', 'vanished', 'retired']).optional().describe('`vanished`: no longer found by the scan.'),
  })
  .strict();

export const registerExceptionSchema = z
  .object({
    control: controlId,
    workload: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    reason: z.string().min(1, 'an exception needs a reason'),
    approver: z.string().min(1).optional(),
    expires: isoDate.optional(),
  })
  .strict();

export const registerSchema = z
  .object({
    version: z.literal(1),
    workloads: z.array(registerWorkloadSchema).default([]),
    exceptions: z.array(registerExceptionSchema).default([]),
    settings: z
      .object({
        exclude: z.array(z.string()).optional(),
        clouds: z.array(z.enum(['aws', 'azure', 'gcp'])).optional(),
        severity: z.record(controlId, z.enum(['error', 'warning', 'info', 'off'])).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Register = z.infer<typeof registerSchema>;
export type RegisterWorkload = z.infer<typeof registerWorkloadSchema>;
export type RegisterException = z.infer<typeof registerExceptionSchema>;

export const REGISTER_FILE = 'ai-asset-register.yaml';

export function registerJsonSchema(): unknown {
  return z.toJSONSchema(registerSchema, { io: 'input', unrepresentable: 'any' });
}
