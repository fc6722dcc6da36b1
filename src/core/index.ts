/**
 * The public face of the analysis core. Adapters (src/vscode, src/cli) import from here only.
 */
export * from './model';
export { Project, scan, type AnalysisStats } from './project';
export type { FileSource, ProjectOptions, ChangeSet, LoadOptions } from './project';
export type { AssetSource, InputPlugin } from './plugin';
export type { SeverityOptions } from './evaluate';
export { provisionLabel, modifierWord } from './evaluate';
export * from './catalogue';
export { applyEdits, offsetAt, positionAt } from './edits';
export { DEFAULT_EXCLUDES, ignoreRules } from './ignore';
export { REGISTER_FILE, registerSchema, registerJsonSchema } from './register/schema';
export type { Register, RegisterWorkload, RegisterException } from './register/schema';
export { updateRegister } from './register/write';
export { parseYamlDocument } from './parse/yaml-util';
export type { RegisterUpdate } from './register/write';
export * from './report';
