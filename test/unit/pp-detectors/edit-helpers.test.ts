// The JSON and XML edit helpers behind the Power Platform and Agentforce fixes: layout kept,
// results parse, refusals where the file cannot be edited safely.
import assert from 'node:assert/strict';
import { approvalBeforeAction, secretToParameter } from '../../../src/core/catalogue/controls/pp-util/flow-edit';
import { appendItem, appendMember, applyOffsetEdits, at, insertMemberBefore, parseStrict } from '../../../src/core/catalogue/controls/pp-util/json-edit';
import { elementAt, setAgentScriptConfirmation, setChildText, xmlParsesCleanly } from '../../../src/core/catalogue/controls/pp-util/xml-edit';
import { readPpText } from '../../../src/core/parse/power-platform/read';
import { readSfText } from '../../../src/core/parse/salesforce/read';
import type { JObject } from '../../../src/core/parse/power-platform/json';

const FLOW = `{
    "properties": {
        "connectionReferences": {
            "shared_sql": {
                "runtimeSource": "invoker",
                "connection": { "connectionReferenceLogicalName": "ops_sql_1" },
                "api": { "name": "shared_sql" }
            }
        },
        "definition": {
            "parameters": {
                "$authentication": { "defaultValue": {}, "type": "SecureObject" }
            },
            "triggers": {
                "Every_day": { "type": "Recurrence", "recurrence": { "frequency": "Day", "interval": 1 } }
            },
            "actions": {
                "Ask_the_model": {
                    "runAfter": {},
                    "type": "Http",
                    "inputs": {
                        "method": "POST",
                        "uri": "https://api.openai.com/v1/chat/completions",
                        "headers": { "Authorization": "Bearer sk-proj-Abcdefghijklmnopqrstuvwx12" }
                    }
                },
                "Scope": {
                    "runAfter": { "Ask_the_model": ["Succeeded"] },
                    "type": "Scope",
                    "actions": {
                        "Write_the_row": {
                            "type": "OpenApiConnection",
                            "inputs": {
                                "host": { "connectionName": "shared_sql", "operationId": "PostItem_V2", "apiId": "/providers/Microsoft.PowerApps/apis/shared_sql" }
                            }
                        }
                    }
                }
            }
        }
    }
}
`;

const FILE = 'sol/Workflows/Nightly-0D1E2F3A-4B5C-4D6E-8F90-A1B2C3D4E5F6.json';

function reread(text: string) {
  return readPpText(FILE, text, 'workflow', { readText: () => undefined });
}

describe('pp-util JSON edits', () => {
  it('inserts a member before another with the sibling indentation (four spaces) and the result parses', () => {
    const text = '{\n    "a": 1,\n    "b": 2\n}\n';
    const root = parseStrict(text) as JObject;
    const out = applyOffsetEdits(text, [insertMemberBefore(text, root.entries[1], 'n', { x: [1] })]);
    assert.equal(out, '{\n    "a": 1,\n    "n": {\n        "x": [\n            1\n        ]\n    },\n    "b": 2\n}\n');
    assert.ok(parseStrict(out));
  });

  it('appends to an empty object and to an array, keeping CRLF line ends', () => {
    const text = '{\r\n  "o": {},\r\n  "l": [\r\n    1\r\n  ]\r\n}\r\n';
    const root = parseStrict(text);
    const o = at(root, 'o') as JObject;
    const l = at(root, 'l')!;
    assert.equal(l.kind, 'array');
    const out = applyOffsetEdits(text, [appendMember(text, o, 'k', 'v'), appendItem(text, l as never, 2)]);
    assert.equal(out, '{\r\n  "o": {\r\n    "k": "v"\r\n  },\r\n  "l": [\r\n    1,\r\n    2\r\n  ]\r\n}\r\n');
    assert.ok(parseStrict(out));
  });

  it('refuses a broken file', () => {
    assert.equal(parseStrict('{ "a": '), undefined);
    assert.equal(approvalBeforeAction('{ "properties": { "definition": { "actions": { "x": ', 'x', { flowName: 'f', stepLabel: 'x' }), undefined);
  });
});

describe('pp-util flow edits', () => {
  it('gates a nested write on an approval: the reader then sees the write after the approval, and the order of the rest is kept', () => {
    const before = reread(FLOW).facts.find((f) => f.name === 'Write_the_row')!;
    assert.equal(before.attributes.afterApproval, false);
    const built = approvalBeforeAction(FLOW, 'Write_the_row', { flowName: 'Nightly', stepLabel: 'Write the row' });
    assert.ok(built);
    const out = applyOffsetEdits(FLOW, built.edits);
    const facts = reread(out).facts;
    assert.equal(facts.find((f) => f.name === 'Write_the_row')!.attributes.afterApproval, true);
    const approval = facts.find((f) => f.name === built.approvalName)!;
    assert.equal(approval.attributes.approval, true);
    assert.equal(approval.attributes.parent, 'Scope');
    // the approval took over the write's (empty) predecessors; the scope still runs after the model
    assert.deepEqual(facts.find((f) => f.name === 'Scope')!.attributes.runAfter, ['Ask_the_model']);
    // an Approvals connection reference was added in the solution style of the file
    const root = parseStrict(out);
    assert.equal((at(root, 'properties', 'connectionReferences', 'shared_approvals', 'api', 'name') as { value: unknown }).value, 'shared_approvals');
    // four-space layout kept: the new action sits at the write's indentation
    assert.match(out, /\n {24}"Approve_before_Write_the_row": \{\n {28}"runAfter": \{\},/);
  });

  it('picks a free name when the approval name is taken', () => {
    const taken = FLOW.replace('"Ask_the_model"', '"Approve_before_Write_the_row"').replace('{ "Ask_the_model": ["Succeeded"] }', '{ "Approve_before_Write_the_row": ["Succeeded"] }');
    const built = approvalBeforeAction(taken, 'Write_the_row', { flowName: 'Nightly', stepLabel: 'Write the row' });
    assert.equal(built?.approvalName, 'Approve_before_Write_the_row_2');
  });

  it('returns nothing for an action the definition does not hold', () => {
    assert.equal(approvalBeforeAction(FLOW, 'Nope', { flowName: 'Nightly', stepLabel: 'Nope' }), undefined);
  });

  it('swaps a bearer literal for a parameter reference, keeps the scheme, and declares the parameter', () => {
    const offset = FLOW.indexOf('"Bearer sk-');
    const built = secretToParameter(FLOW, { displayName: 'Model key', schemaName: 'ops_ModelKey', literalOffset: offset });
    assert.ok(built);
    const out = applyOffsetEdits(FLOW, built.edits);
    assert.ok(!out.includes('sk-proj-'), 'the literal is gone');
    assert.ok(out.includes(`"Authorization": "Bearer @{parameters('Model key (ops_ModelKey)')}"`));
    const r = reread(out);
    assert.equal(r.facts.filter((f) => f.kind === 'secret').length, 0);
    assert.equal((at(parseStrict(out), 'properties', 'definition', 'parameters', 'Model key (ops_ModelKey)', 'type') as { value: unknown }).value, 'SecureString');
  });

  it('declares a parameters object when the definition has none, and refuses an offset that is not a string', () => {
    const text = FLOW.replace(/"parameters": \{\n\s+"\$authentication": \{[^\n]*\n\s+\},\n/, '');
    assert.ok(!text.includes('"$authentication"'));
    const built = secretToParameter(text, { displayName: 'Model key', schemaName: 'ops_ModelKey', literalOffset: text.indexOf('"Bearer sk-') });
    assert.ok(built);
    const out = applyOffsetEdits(text, built.edits);
    assert.ok(at(parseStrict(out), 'properties', 'definition', 'parameters', 'Model key (ops_ModelKey)'));
    assert.equal(secretToParameter(text, { displayName: 'x', schemaName: 'ops_X', literalOffset: text.indexOf('{') }), undefined);
  });
});

const FUNCTION = `<?xml version="1.0" encoding="UTF-8"?>
<GenAiFunction xmlns="http://soap.sforce.com/2006/04/metadata">
    <description>Cancels an order.</description>
    <developerName>Cancel_Order</developerName>
    <invocationTarget>CancelOrderAction</invocationTarget>
    <invocationTargetType>apex</invocationTargetType>
    <masterLabel>Cancel Order</masterLabel>
</GenAiFunction>
`;
const FN_FILE = 'force-app/main/default/genAiFunctions/Cancel_Order/Cancel_Order.genAiFunction-meta.xml';

describe('pp-util XML and Agent Script edits', () => {
  it('inserts a missing child in alphabetical order with the sibling indentation', () => {
    const el = elementAt(FUNCTION, FUNCTION.indexOf('<GenAiFunction'))!;
    const out = applyOffsetEdits(FUNCTION, [setChildText(FUNCTION, el, 'isConfirmationRequired', 'true')!]);
    assert.ok(out.includes('<invocationTargetType>apex</invocationTargetType>\n    <isConfirmationRequired>true</isConfirmationRequired>\n    <masterLabel>'));
    assert.ok(xmlParsesCleanly(out));
    assert.equal(readSfText(FN_FILE, out, 'function').facts[0].attributes.isConfirmationRequired, true);
  });

  it('replaces an existing child value, and appends when the name sorts last', () => {
    const withFalse = FUNCTION.replace('<masterLabel>', '<isConfirmationRequired>false</isConfirmationRequired>\n    <masterLabel>');
    const el = elementAt(withFalse, withFalse.indexOf('<GenAiFunction'))!;
    const out = applyOffsetEdits(withFalse, [setChildText(withFalse, el, 'isConfirmationRequired', 'true')!]);
    assert.equal(out, withFalse.replace('>false<', '>true<'));
    const plain = elementAt(FUNCTION, FUNCTION.indexOf('<GenAiFunction'))!;
    const last = applyOffsetEdits(FUNCTION, [setChildText(FUNCTION, plain, 'zzz', 'a<b')!]);
    assert.ok(last.includes('<masterLabel>Cancel Order</masterLabel>\n    <zzz>a&lt;b</zzz>\n</GenAiFunction>'));
  });

  it('refuses an element without children to lay out from', () => {
    const text = '<GenAiFunction/>';
    assert.equal(setChildText(text, elementAt(text, 0)!, 'isConfirmationRequired', 'true'), undefined);
  });

  const SCRIPT = 'topic cases:\n    actions:\n        Close_Case:\n            description: "Closes it."\n            target: "apex://CloseCaseAction"\n            inputs:\n                why: string\n    reasoning:\n        instructions: ->\n            | go\n';

  it('adds require_user_confirmation after the target line of an Agent Script action', () => {
    const e = setAgentScriptConfirmation(SCRIPT, SCRIPT.indexOf('Close_Case'))!;
    const out = applyOffsetEdits(SCRIPT, [e]);
    assert.ok(out.includes('            target: "apex://CloseCaseAction"\n            require_user_confirmation: True\n            inputs:'));
    const facts = readSfText('force-app/main/default/aiAuthoringBundles/C/C.agent', out, 'agent-script').facts;
    assert.equal(facts.find((f) => f.name === 'Close_Case')!.attributes.isConfirmationRequired, true);
  });

  it('replaces an existing False value, and keeps CRLF', () => {
    const crlf = SCRIPT.replace('inputs:', 'require_user_confirmation: False\n            inputs:').replace(/\n/g, '\r\n');
    const out = applyOffsetEdits(crlf, [setAgentScriptConfirmation(crlf, crlf.indexOf('Close_Case'))!]);
    assert.equal(out, crlf.replace('require_user_confirmation: False', 'require_user_confirmation: True'));
  });
});
