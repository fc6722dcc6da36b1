// Writes schemas/ai-asset-register.schema.json from the zod schema (npm run schema).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRegisterSchema } from './schema-render';

const target = join(process.cwd(), 'schemas/ai-asset-register.schema.json');
writeFileSync(target, renderRegisterSchema());
process.stdout.write(`wrote ${target}\n`);
