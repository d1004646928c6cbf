/**
 * hookline: a TypeScript runtime for LLM evaluations and agents built around one typed
 * lifecycle hooks system.
 * @module
 */
export * from './errors.ts';
export * from './agent/index.ts';
export * from './eval/index.ts';
export * from './hooks/index.ts';
export * from './hooks/sources/scoped/index.ts';
export { describeHookSet, type HookSetEntry, type HookSetRecord, hookSetHash, hookSetRecord } from './hooks/hook-set.ts';
export * from './integrations/index.ts';
export {
  type CommandHook,
  type CommandHooksRun,
  flushCommandHooks,
  type HookOutcome,
  loadCommandHooks,
  type LoadedCommandHooks,
  parseHookOutput,
  runCommandHooks,
  trustProjectHooks,
} from './hooks/sources/command/index.ts';
export * from './log/index.ts';
export * from './model/index.ts';
export * from './tools/index.ts';
export { shortUuid } from './util/ids.ts';
export { addWarningSink, captureWarnings, warn, type Warning, type WarningSink } from './util/warnings.ts';
export { VERSION } from './version.ts';
