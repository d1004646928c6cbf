/**
 * The stop event of a run: Stop for an agent, SubagentStop for a subagent (Claude Code and Codex
 * fire SubagentStop instead of Stop when a subagent finishes). Both have the same block, context
 * and loop-guard rules in the turn loop.
 * @module
 */
import { decideIf } from '../hooks/emit.ts';
import type { MergedDecision } from '../hooks/decision.ts';
import { NO_CONTEXT } from '../runtime/context.ts';
import { type SessionCore, turnPayload } from './session-core.ts';

/** Which stop event this session fires. */
export function stopEventOf(core: SessionCore): 'Stop' | 'SubagentStop' {
  return core.agent.subagent === undefined ? 'Stop' : 'SubagentStop';
}

/**
 * Fires the run's stop event when anyone listens and returns the merged decision (undefined
 * when nobody listens). SubagentStop goes to the parent agent's instance hooks and carries the
 * parent's session fields with the subagent's id, type and transcript.
 */
export function decideStop(core: SessionCore, turnId: string, stopHookActive: boolean, text: string): MergedDecision | Promise<MergedDecision> | undefined {
  const lastAssistantMessage = text === '' ? null : text;
  const link = core.agent.subagent;
  if (link === undefined) {
    return decideIf('onStop', () => Object.assign(turnPayload(core, turnId), { stopHookActive, lastAssistantMessage }), core.agent.hooks.handlers, NO_CONTEXT);
  }
  return decideIf('onSubagentStop', () => Object.assign({}, link.parentTurn, {
    agentId: link.agentId,
    agentType: link.agentType,
    agentTranscriptPath: core.transcriptPath,
    stopHookActive,
    lastAssistantMessage,
  }), link.parentHandlers, NO_CONTEXT);
}
