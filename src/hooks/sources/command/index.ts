/**
 * `hookline/command-hooks`: external programs configured in `hooks.json` (the Codex / Claude
 * Code schema) that receive one JSON object on stdin and answer with an exit code and optional
 * JSON on stdout. {@link loadCommandHooks} discovers them, checks trust and joins them to the
 * hook bus, so every host's emissions reach them; the hosts' start-up (`initHooks()`) calls it
 * for you. The rest is for tools that read, test or run hook definitions themselves.
 * @module
 */
export { type CommandHookDefinition, type CommandHookScope, DEFAULT_TIMEOUT_SEC, parseHooksConfig, type ParsedHooksFile, readHooksFile } from './config.ts';
export { type CommandHook, type CommandHookReport, type CommandHooksRun, flushCommandHooks, runCommandHooks } from './execute.ts';
export { commandHookFiles, loadCommandHooks, type LoadCommandHooksOptions, type LoadedCommandHooks, type TrustedProjectHooks, trustProjectHooks } from './load.ts';
export { compileMatcher, type CompiledMatcher, matcherSelects } from './matcher.ts';
export { buildHookInput, serializeHookInput, type StdinContext } from './payload.ts';
export { type HookOutcome, type HookProcessOutput, type HookRunStatus, parseHookOutput } from './protocol.ts';
export { formatCommandHooksRun, formatMergedDecision } from './report.ts';
export { hookTrustHash, TRUST_FILE, type TrustState } from './trust.ts';
