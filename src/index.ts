/**
 * hookline: a TypeScript runtime for LLM evaluations and agents built around one typed
 * lifecycle hooks system.
 * @module
 */
export * from './errors.ts';
export * from './hooks/index.ts';
export type * from './log/events.ts';
export type * from './log/types.ts';
export type * from './model/types.ts';
export { shortUuid } from './util/ids.ts';
export { addWarningSink, captureWarnings, warn, type Warning, type WarningSink } from './util/warnings.ts';
export { VERSION } from './version.ts';
