/**
 * Shared pieces of the Power Platform and Salesforce readers: fact construction, problems,
 * and the `secret` fact (kind and location only — never the value).
 */
import type { Fact, FactKind, FactObject, FactValue, ParseProblem, Provider, Range, Severity } from '../../model';

/** Attribute values as written by the readers: `undefined` members are dropped. */
export type LooseValue = FactValue | undefined | LooseObject | LooseValue[];
export interface LooseObject {
  [key: string]: LooseValue;
}

export interface FactInit {
  kind: FactKind;
  provider: Provider;
  type: string;
  address: string;
  name?: string;
  file: string;
  range: Range;
  nameRange?: Range;
  attributes: LooseObject;
  attributeRanges?: Record<string, Range>;
  scope?: string;
  hints?: string[];
  references?: string[];
}

export function mkFact(init: FactInit): Fact {
  const f: Fact = {
    id: `${init.file}#${init.address}`,
    kind: init.kind,
    provider: init.provider,
    type: init.type,
    address: init.address,
    file: init.file,
    range: init.range,
    attributes: dropUndefined(init.attributes),
  };
  if (init.name !== undefined) f.name = init.name;
  if (init.nameRange) f.nameRange = init.nameRange;
  if (init.attributeRanges && Object.keys(init.attributeRanges).length > 0) f.attributeRanges = init.attributeRanges;
  if (init.scope !== undefined) f.scope = init.scope;
  if (init.hints && init.hints.length > 0) f.hints = [...new Set(init.hints)];
  if (init.references && init.references.length > 0) f.references = [...new Set(init.references)];
  return f;
}

/** Attribute objects must be JSON: undefined members are dropped (recursively for objects). */
export function dropUndefined(o: LooseObject): FactObject {
  const out: FactObject = {};
  for (const [k, v] of Object.entries(o)) {
    const c = clean(v);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

function clean(v: LooseValue): FactValue | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map((x) => clean(x) ?? null);
  if (v !== null && typeof v === 'object') return dropUndefined(v as LooseObject);
  return v;
}

export function mkProblem(file: string, range: Range, code: string, message: string, severity: Severity = 'warning'): ParseProblem {
  return { file, range, severity, code, message };
}

/** Makes fact ids unique within one file (a second "Send_email" in another scope gets `#2`). */
export function uniqueIds(facts: Fact[]): Fact[] {
  const seen = new Map<string, number>();
  for (const f of facts) {
    const n = seen.get(f.id) ?? 0;
    seen.set(f.id, n + 1);
    if (n > 0) {
      f.address = `${f.address}#${n + 1}`;
      f.id = `${f.file}#${f.address}`;
    }
  }
  return facts;
}

export function secretFact(args: {
  provider: Provider;
  file: string;
  owner: string;
  location: string;
  kind: string;
  range: Range;
  scope?: string;
  context?: string;
}): Fact {
  return mkFact({
    kind: 'secret',
    provider: args.provider,
    type: args.kind,
    address: `${args.owner}/secret/${args.location}`,
    file: args.file,
    range: args.range,
    nameRange: args.range,
    scope: args.scope,
    attributes: { kind: args.kind, location: args.location, owner: args.owner, context: args.context },
    hints: ['secret:inline'],
  });
}
