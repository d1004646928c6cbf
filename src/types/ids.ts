/**
 * The ids every layer passes around: which eval, sample or session a call belongs to, and which
 * component instance fired an event.
 * @module
 */

/** Ids of the eval context a model call happened in (all absent outside an eval). */
export interface EvalContextIds {
  readonly evalSetId?: string | undefined;
  readonly runId?: string | undefined;
  readonly evalId?: string | undefined;
  readonly sampleId?: string | undefined;
  readonly taskName?: string | undefined;
  /** The agent session the call belongs to, when one is active. */
  readonly sessionId?: string | undefined;
}

/** Identity of the component instance an event belongs to (for scoped hooks). */
export interface ComponentRef {
  readonly kind: 'agent' | 'model' | 'tool';
  /** A display name: the agent's or tool's name, or `provider/model`. */
  readonly name: string;
  /** Unique per instance. */
  readonly id: string;
}
