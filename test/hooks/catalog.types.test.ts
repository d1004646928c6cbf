/**
 * Type-level tests: `npm run typecheck` fails if a wrong hook name or payload compiles.
 * The runtime part only makes sure the file is loaded by the test runner.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { getHookBus } from '../../src/hooks/bus.ts';
import type { PayloadOf, ResultOf } from '../../src/hooks/catalog.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { PreToolUse } from '../../src/hooks/payloads/agent.ts';
import type { RunStart, SampleEnd } from '../../src/hooks/payloads/eval.ts';
import type { ModelUsageData } from '../../src/hooks/payloads/model.ts';
import { hooks, on } from '../../src/hooks/register.ts';

function typeChecks(): void {
  // @ts-expect-error: unknown event name
  on('onRunStrat', () => undefined);
  on('onRunStart', (p) => {
    // @ts-expect-error: RunStart has no sample field
    void p.sample;
    void p.runId;
  });
  // An alias receives the canonical payload.
  on('onToolStart', (p) => {
    const name: string = p.toolName;
    void name;
  });
  // @ts-expect-error: observers of RunStart return nothing meaningful; a decision is not allowed
  on('onRunStart', () => ({ decision: 'block' }));
  // Decide events may return a decision; PreToolUse may rewrite input.
  on('onPreToolUse', () => ({ decision: 'block', reason: 'no', updatedInput: { command: 'ls' } }));
  // @ts-expect-error: only PreToolUse may rewrite input
  on('onUserPromptSubmit', () => ({ updatedInput: { x: 1 } }));
  // @ts-expect-error: background delivery is not allowed on decide events
  on('onPreToolUse', () => undefined, { background: true });
  // @ts-expect-error: 'block' is only for decide events
  on('onSampleEnd', () => undefined, { onError: 'block' });

  // @ts-expect-error: emit() is for observe/mutate events; decide events go through decide()
  void getHookBus().emit('onPreToolUse', {} as PreToolUse);
  // @ts-expect-error: wrong payload for the event
  void getHookBus().emit('onRunStart', {} as SampleEnd);
  void getHookBus().emit('onRunStart', { evalSetId: undefined, runId: 'r', taskNames: [] });

  // Payloads are read-only (except the live fields of onBeforeModelGenerate).
  on('onRunStart', (p) => {
    // @ts-expect-error: readonly
    p.runId = 'changed';
  });
  on('onBeforeModelGenerate', (p) => {
    p.input = [];
    p.config.temperature = 1;
    // @ts-expect-error: modelName is not live
    p.modelName = 'x';
  });

  class Good extends Hooks {
    override async onModelUsage(data: ModelUsageData): Promise<void> {
      void data.usage.totalTokens;
    }
  }
  hooks({ name: 'good' }, Good);

  class WrongPayload extends Hooks {
    // @ts-expect-error: wrong payload type for onRunStart
    override onRunStart(data: SampleEnd): void {
      void data;
    }
  }
  void WrongPayload;

  class Typo extends Hooks {
    onRunStrat(data: RunStart): void {
      void data;
    }
  }
  // @ts-expect-error: 'onRunStrat' is not a hook event or alias
  hooks({ name: 'typo' }, Typo);

  const payload: PayloadOf<'onLlmStart' extends never ? never : 'onBeforeModelGenerate'> = {} as never;
  void payload;
  const result: ResultOf<'onStop'> = { decision: 'block', reason: 'keep going' };
  void result;
}

it('type-level checks compile (see npm run typecheck)', () => {
  assert.equal(typeof typeChecks, 'function');
});
