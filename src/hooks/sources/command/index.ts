/**
 * Command hooks: external programs configured in `hooks.json` (the Codex / Claude Code schema)
 * that receive one JSON object on stdin and answer with an exit code and optional JSON on
 * stdout. {@link loadCommandHooks} discovers them, checks trust and joins them to the hook bus,
 * so every host's emissions reach them.
 * @module
 */
export { type CommandHookDefinition, type CommandHookScope, DEFAULT_TIMEOUT_SEC, formatJsonPath, parseHooksConfig, type ParsedHooksFile, readHooksFile } from './config.ts';
export { type CommandHook, type CommandHookReport, type CommandHooksRun, executeCommandHooks, flushCommandHooks, runCommandHooks, selectCommandHooks } from './execute.ts';
export { describeCommandHook, trustLabel } from './format.ts';
export {
  canonical,
  commandHookFiles,
  loadCommandHooks,
  type LoadCommandHooksOptions,
  type LoadedCommandHooks,
  resolveUserDir,
  type TrustedProjectHooks,
  trustProjectHooks,
} from './load.ts';
export { type CompiledMatcher, compileMatcher, type MatcherCompilation, matcherFieldOf, matcherSelects } from './matcher.ts';
export { buildHookInput, serializeHookInput, type StdinContext } from './payload.ts';
export { type HookOutcome, type HookProcessOutput, type HookRunStatus, parseHookOutput } from './protocol.ts';
export { commandRegistrationName, registerCommandHooks } from './register.ts';
export { describeInactiveCommandHooks, formatCommandHooksRun, formatMergedDecision, readTestPayload, resolveEventArgument } from './report.ts';
export { type CommandRunResult, commandHookSpawnCount, DEFAULT_OUTPUT_LIMIT, runCommand, type RunCommandOptions } from './runner.ts';
export { hookTrustHash, readTrustStore, TRUST_FILE, type TrustedHookRecord, type TrustState, type TrustStoreData, trustStateOf } from './trust.ts';
