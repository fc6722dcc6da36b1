import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { renderRegisterSchema } from '../../../scripts/schema-render';
import { parse } from 'yaml';

describe('register JSON Schema', () => {
  it('the checked-in schema matches the zod schema (run `npm run schema` when this fails)', () => {
    assert.equal(readFileSync(join(process.cwd(), 'schemas/ai-asset-register.schema.json'), 'utf8'), renderRegisterSchema());
  });
  it('accepts a good register and rejects a bad one', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(renderRegisterSchema()));
    const good = parse('version: 1\nworkloads:\n  - name: api\n    owner: team\n    modifiers:\n      exposure: { rating: high, justification: public }\nexceptions:\n  - control: ARG-NET-003\n    reason: proxy\n    expires: "2027-06-30"\n');
    assert.ok(validate(good), JSON.stringify(validate.errors));
    assert.ok(!validate(parse('version: 2\nworkloads: []\n')));
    assert.ok(!validate(parse('version: 1\nexceptions:\n  - control: NOPE\n    reason: x\n')));
  });
});
