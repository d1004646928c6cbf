import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { getHookBus } from '../../src/hooks/bus.ts';
import { NO_DECISION, type MergedDecision } from '../../src/hooks/decision.ts';
import type { PreToolUse, UserPromptSubmit } from '../../src/hooks/payloads/agent.ts';
import type { BeforeModelGenerate } from '../../src/hooks/payloads/model.ts';
import { on } from '../../src/hooks/register.ts';
import { freshHooks, recordWarnings, sleep } from '../helpers.ts';

const agent = { kind: 'agent', name: 'a', id: 'a1' } as const;
const tool = { kind: 'tool', name: 'Bash', id: 't1' } as const;

const preToolUse: PreToolUse = {
  sessionId: 's1',
  transcriptPath: '/tmp/t.jsonl',
  cwd: '/tmp',
  model: 'mockllm/model',
  permissionMode: 'default',
  turnId: 'turn-1',
  toolName: 'Bash',
  toolInput: { command: 'ls' },
  toolUseId: 'call-1',
  component: tool,
  agent,
};

const prompt: UserPromptSubmit = {
  sessionId: 's1',
  transcriptPath: '/tmp/t.jsonl',
  cwd: '/tmp',
  model: 'mockllm/model',
  permissionMode: 'default',
  turnId: 'turn-1',
  prompt: 'hello',
  component: agent,
  promptId: 'prompt-1',
};

async function decide(): Promise<MergedDecision> {
  return await getHookBus().decide('onPreToolUse', preToolUse);
}

describe('decide events', () => {
  beforeEach(freshHooks);

  it('returns no decision when nobody listens', () => {
    assert.equal(getHookBus().decide('onPreToolUse', preToolUse), NO_DECISION);
  });

  it('runs every handler even after a block, and any block wins', async () => {
    const ran: string[] = [];
    on('onPreToolUse', () => {
      ran.push('1');
      return { decision: 'block', reason: 'first' };
    });
    on('onPreToolUse', () => {
      ran.push('2');
      return undefined;
    });
    on('onPreToolUse', async () => {
      await sleep(1);
      ran.push('3');
      return { decision: 'block', reason: 'third' };
    });
    const merged = await decide();
    assert.deepEqual(ran, ['1', '2', '3']);
    assert.equal(merged.blocked, true);
    assert.deepEqual(merged.reasons, ['first', 'third']);
  });

  it('keeps every additional context in order, also from a blocking handler', async () => {
    on('onPreToolUse', () => ({ additionalContext: 'ctx-1' }));
    on('onPreToolUse', () => ({ decision: 'block', reason: 'no', additionalContext: ['ctx-2', 'ctx-3'] }));
    on('onPreToolUse', () => ({ additionalContext: 'ctx-4' }));
    const merged = await decide();
    assert.deepEqual(merged.additionalContext, ['ctx-1', 'ctx-2', 'ctx-3', 'ctx-4']);
    assert.equal(merged.blocked, true);
  });

  it('takes the rewritten input of the last handler in order', async () => {
    on('onPreToolUse', async () => {
      await sleep(10); // finishes last, but is first in order
      return { updatedInput: { command: 'first' } };
    });
    on('onPreToolUse', () => ({ updatedInput: { command: 'second' } }));
    on('onPreToolUse', () => undefined);
    const merged = await decide();
    assert.deepEqual(merged.updatedInput, { command: 'second' });
  });

  it('drops a rewrite when the call is blocked', async () => {
    on('onPreToolUse', () => ({ updatedInput: { command: 'x' } }));
    on('onPreToolUse', () => ({ decision: 'block', reason: 'denied' }));
    const merged = await decide();
    assert.equal(merged.updatedInput, undefined);
  });

  it('lets continue:false beat a block and keeps the first stop reason', async () => {
    on('onUserPromptSubmit', () => ({ decision: 'block', reason: 'blocked' }));
    on('onUserPromptSubmit', () => ({ continue: false, stopReason: 'halt 1' }));
    on('onUserPromptSubmit', () => ({ continue: false, stopReason: 'halt 2', systemMessage: 'note' }));
    const merged = await getHookBus().decide('onUserPromptSubmit', prompt);
    assert.equal(merged.stopped, true);
    assert.equal(merged.blocked, false);
    assert.equal(merged.stopReason, 'halt 1');
    assert.deepEqual(merged.systemMessages, ['note']);
  });

  it('keeps the reason of a stop as feedback for the model', async () => {
    on('onPostToolUse', () => ({ continue: false, stopReason: 'halted for the user', reason: 'post-tool hook says stop' }));
    const merged = await getHookBus().decide('onPostToolUse', { ...preToolUse, toolResponse: 'out', durationMs: 1 });
    assert.equal(merged.stopped, true);
    assert.equal(merged.blocked, false);
    assert.deepEqual(merged.reasons, ['post-tool hook says stop']);
    assert.equal(merged.stopReason, 'halted for the user');
  });

  it('stays synchronous when every handler is synchronous', () => {
    on('onPreToolUse', () => ({ decision: 'block', reason: 'sync' }));
    const result = getHookBus().decide('onPreToolUse', preToolUse);
    assert.ok(!(result instanceof Promise), 'no promise for synchronous handlers');
    assert.equal(result.blocked, true);
  });

  it('fails closed with onError "block"', async () => {
    const { restore, messages } = recordWarnings();
    on('onPreToolUse', () => {
      throw new Error('policy service down');
    }, { onError: 'block', name: 'policy' });
    const merged = await decide();
    restore();
    assert.equal(merged.blocked, true);
    assert.match(merged.reasons[0]!, /policy service down/);
    assert.match(messages()[0]!, /failing closed/);
  });

  it('isolates a failing handler by default (fails open)', async () => {
    const { restore } = recordWarnings();
    on('onPreToolUse', () => {
      throw new Error('oops');
    });
    on('onPreToolUse', () => ({ additionalContext: 'still here' }));
    const merged = await decide();
    restore();
    assert.equal(merged.blocked, false);
    assert.deepEqual(merged.additionalContext, ['still here']);
  });
});

describe('mutate event (onBeforeModelGenerate)', () => {
  beforeEach(freshHooks);

  it('lets handlers see and change the same live payload, in order', async () => {
    const payload: BeforeModelGenerate = {
      modelName: 'mockllm/model',
      input: [{ role: 'user', content: 'hi' }],
      tools: [],
      toolChoice: 'auto',
      config: {},
      cache: undefined,
      component: { kind: 'model', name: 'mockllm/model', id: 'm1' },
    };
    on('onBeforeModelGenerate', (p) => {
      p.input.push({ role: 'user', content: 'added by first' });
      p.config.temperature = 0.5;
    });
    on('onLlmStart', async (p) => {
      await sleep(1);
      assert.equal(p.input.length, 2);
      assert.equal(p.config.temperature, 0.5);
      p.config.temperature = 0;
      p.toolChoice = 'none';
    });
    const pending = getHookBus().emit('onBeforeModelGenerate', payload);
    if (pending !== undefined) await pending;
    assert.equal(payload.input.length, 2);
    assert.equal(payload.config.temperature, 0);
    assert.equal(payload.toolChoice, 'none');
  });
});
