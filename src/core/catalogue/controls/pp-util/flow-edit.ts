/**
 * Edits of Power Automate flow definitions (the Logic Apps 2016-06-01 schema, as exported in
 * a solution's `Workflows/*.json` or a package's `definition.json`):
 *
 * - `approvalBeforeAction`: puts a Start-and-wait-for-an-approval step and a stop on anything
 *   but "Approve" in front of an action, and chains the action's `runAfter` to them, so the
 *   action runs only once a person has approved. The approval takes over the action's old
 *   predecessors, so the order of everything else stays as it was.
 * - `secretToParameter`: replaces a credential literal in an action with a reference to a
 *   flow parameter bound to an environment variable, and declares that parameter.
 *
 * Every edit keeps the file's indentation; callers re-parse the result before offering it.
 */
import { type JEntry, type JNode, type JObject, isObj, plain } from '../../../parse/power-platform/json';
import { type OffsetEdit, appendMember, at, insertMemberBefore, objectAt, parseStrict, prependMember, replaceValue, stringNodeAt } from './json-edit';

export const TODO = 'TODO(ai-risk-gradient)';

interface Located {
  /** The object that holds the action (an `actions` object). */
  container: JObject;
  entry: JEntry;
}

/** Every action name of a definition (nested scopes, branches and cases included). */
export function actionNames(definition: JNode | undefined): Set<string> {
  const out = new Set<string>();
  const visit = (actions: JNode | undefined, depth: number) => {
    if (!isObj(actions) || depth > 64) return;
    for (const e of actions.entries) {
      out.add(e.key);
      for (const c of childContainers(e.value)) visit(c, depth + 1);
    }
  };
  visit(at(definition, 'actions'), 0);
  return out;
}

function childContainers(action: JNode): JNode[] {
  const out: JNode[] = [];
  const push = (n: JNode | undefined) => {
    if (n) out.push(n);
  };
  push(at(action, 'actions'));
  push(at(action, 'else', 'actions'));
  push(at(action, 'default', 'actions'));
  const cases = at(action, 'cases');
  if (isObj(cases)) for (const c of cases.entries) push(at(c.value, 'actions'));
  return out;
}

export function findAction(definition: JNode | undefined, name: string): Located | undefined {
  let found: Located | undefined;
  const visit = (actions: JNode | undefined, depth: number) => {
    if (found || !isObj(actions) || depth > 64) return;
    for (const e of actions.entries) {
      if (e.key === name) {
        found = { container: actions, entry: e };
        return;
      }
      for (const c of childContainers(e.value)) visit(c, depth + 1);
    }
  };
  visit(at(definition, 'actions'), 0);
  return found;
}

/** The definition node of a flow file (solution `properties.definition`, or a bare definition). */
export function definitionOf(root: JNode | undefined): JNode | undefined {
  return at(root, 'properties', 'definition') ?? (at(root, 'actions') || at(root, 'triggers') ? root : undefined);
}

function uniqueName(base: string, taken: Set<string>): string {
  const trimmed = base.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 70);
  let name = trimmed;
  for (let i = 2; taken.has(name); i++) name = `${trimmed}_${i}`;
  taken.add(name);
  return name;
}

export interface ApprovalOptions {
  flowName: string;
  /** Readable name of the step the approval guards. */
  stepLabel: string;
}

/**
 * Edits that gate `actionName` on an approval, or undefined when the file is not a flow
 * definition this can edit (broken JSON, action not found, unusual layout).
 */
export function approvalBeforeAction(text: string, actionName: string, opts: ApprovalOptions): { edits: OffsetEdit[]; approvalName: string } | undefined {
  const root = parseStrict(text);
  const definition = definitionOf(root);
  const loc = findAction(definition, actionName);
  if (!loc || !isObj(loc.entry.value)) return undefined;
  const taken = actionNames(definition);
  const approvalName = uniqueName(`Approve_before_${actionName}`, taken);
  const stopName = uniqueName(`Stop_unless_approved_${actionName}`, taken);
  const terminateName = uniqueName(`Cancel_run_not_approved_${actionName}`, taken);
  const action = loc.entry.value;
  const runAfterEntry = action.entries.find((e) => e.key === 'runAfter');
  const oldRunAfter = runAfterEntry ? (plain(runAfterEntry.value) ?? {}) : {};

  const approval = {
    runAfter: oldRunAfter,
    type: 'OpenApiConnectionWebhook',
    inputs: {
      host: {
        connectionName: 'shared_approvals',
        operationId: 'StartAndWaitForAnApproval',
        apiId: '/providers/Microsoft.PowerApps/apis/shared_approvals',
      },
      parameters: {
        approvalType: 'Basic',
        'WebhookApprovalCreationInput/title': `Approve before "${opts.stepLabel}" runs`,
        'WebhookApprovalCreationInput/assignedTo': `${TODO}: the approver's address or group, not the flow owner alone`,
        'WebhookApprovalCreationInput/details': `The flow "${opts.flowName}" is about to run "${opts.stepLabel}". Approve to let it go ahead; any other answer stops the run.`,
      },
      authentication: "@parameters('$authentication')",
    },
  };
  const stop = {
    runAfter: { [approvalName]: ['Succeeded'] },
    type: 'If',
    expression: { not: { equals: [`@outputs('${approvalName}')?['body/outcome']`, 'Approve'] } },
    actions: {
      [terminateName]: { runAfter: {}, type: 'Terminate', inputs: { runStatus: 'Cancelled' } },
    },
    else: { actions: {} },
  };
  const edits: OffsetEdit[] = [insertMemberBefore(text, loc.entry, approvalName, approval), insertMemberBefore(text, loc.entry, stopName, stop)];
  const newRunAfter = { [stopName]: ['Succeeded'] };
  if (runAfterEntry) edits.push(replaceValue(text, runAfterEntry.value, newRunAfter));
  else edits.push(prependMember(text, action, 'runAfter', newRunAfter));

  // The approvals connector needs a connection of the flow.
  const refs = objectAt(root, 'properties', 'connectionReferences');
  if (refs && !refs.entries.some((e) => e.key === 'shared_approvals' || /^shared_approvals(_\d+)?$/.test(e.key))) {
    const solutionStyle = refs.entries.some((e) => at(e.value, 'connection', 'connectionReferenceLogicalName') !== undefined || at(e.value, 'runtimeSource') !== undefined);
    const ref = solutionStyle
      ? { runtimeSource: 'invoker', connection: { connectionReferenceLogicalName: `${TODO}: connection reference for Approvals` }, api: { name: 'shared_approvals' } }
      : { connectionName: `${TODO}: an Approvals connection`, source: 'Invoker', id: '/providers/Microsoft.PowerApps/apis/shared_approvals' };
    edits.push(appendMember(text, refs, 'shared_approvals', ref));
  }
  // Two inserts before the same member are applied in list order.
  edits[0] = { ...edits[0], newText: edits[0].newText + edits[1].newText };
  edits.splice(1, 1);
  return { edits, approvalName };
}

export interface SecretParameterOptions {
  /** Display name of the environment variable (`OpenAI key`). */
  displayName: string;
  /** Schema name with the publisher prefix (`cr_OpenAIKey`). */
  schemaName: string;
  /** Offset of the literal's opening quote (the secret fact's range start). */
  literalOffset: number;
}

/**
 * Edits that swap a credential literal for `@parameters('<display> (<schema>)')` (keeping a
 * `Bearer ` / `Basic ` scheme in front) and declare the parameter with a TODO saying where its
 * value must come from. Undefined when the literal or the definition cannot be found.
 */
export function secretToParameter(text: string, opts: SecretParameterOptions): { edits: OffsetEdit[]; parameter: string } | undefined {
  const root = parseStrict(text);
  const definition = definitionOf(root);
  const hit = stringNodeAt(root, opts.literalOffset);
  if (!definition || !isObj(definition) || !hit || hit.node.kind !== 'string') return undefined;
  const params = objectAt(definition, 'parameters');
  let parameter = `${opts.displayName} (${opts.schemaName})`;
  for (let i = 2; params?.entries.some((e) => e.key === parameter); i++) parameter = `${opts.displayName} ${i} (${opts.schemaName}${i})`;
  const value = String((hit.node as { value: unknown }).value);
  const scheme = /^\s*(Bearer|Basic)\s+/i.exec(value);
  const reference = scheme ? `${scheme[1]} @{parameters('${parameter}')}` : `@parameters('${parameter}')`;
  const edits: OffsetEdit[] = [{ start: hit.node.start, end: hit.node.end, newText: JSON.stringify(reference) }];
  const declaration = {
    defaultValue: '',
    type: 'SecureString',
    metadata: {
      schemaName: opts.schemaName,
      description: `${TODO}: create the environment variable ${opts.schemaName} of type Secret (an Azure Key Vault reference) in the solution and set it per environment; then rotate the credential that was written here.`,
    },
  };
  if (params) edits.push(appendMember(text, params, parameter, declaration));
  else edits.push(prependMember(text, definition, 'parameters', { [parameter]: declaration }));
  return { edits, parameter };
}
