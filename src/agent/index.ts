/**
 * The agent runtime: agents, sessions with JSONL transcripts, the turn loop and the agent solver.
 * @module
 */
export { Agent } from './agent.ts';
export {
  escapeXml,
  HOOK_TEXT_LIMIT,
  hookContextMessage,
  type HookMessageTag,
  hookPromptMessage,
  hookTag,
  spillHookText,
} from './hook-text.ts';
export { type SessionEndReason, Session, type SessionSource, SessionStateError } from './session.ts';
export { type AgentSolver, type AgentSolverAgentOptions, agentSolver, type AgentSolverOptions, type AgentSolverState } from './solver.ts';
export {
  defaultTranscriptDir,
  readTranscript,
  type TranscriptContents,
  type TranscriptEntry,
  type TranscriptEntryType,
  TranscriptError,
  transcriptFileName,
  TranscriptWriter,
} from './transcript.ts';
export { setupAgent, type SetupAgentOptions } from './setup.ts';
export type { AgentModel, AgentOptions, RunResult, SessionOptions, TurnOutcome, TurnResult } from './types.ts';
