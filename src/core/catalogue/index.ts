/** The catalogue: the standard (principles, provisions), the playbook (tiers, modifiers, dimensions, controls) and the rules between them. */
export * from './types';
export * from './principles';
export * from './provisions';
export * from './tiers';
export * from './modifiers';
export * from './dimensions';
export * from './owasp';
export * from './playbook';
export * from './escalation';
export * from './explain';
export { CONTROLS, controlById } from './controls/index';
export * from './labels';
export * from './lookup';
