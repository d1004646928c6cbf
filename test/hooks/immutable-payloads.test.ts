import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { getHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { RunStart } from '../../src/hooks/payloads/eval.ts';
import type { PreToolUse } from '../../src/hooks/payloads/agent.ts';
import type { BeforeModelGenerate } from '../../src/hooks/payloads/model.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { getModel, modelOutputFromText } from '../../src/model/index.ts';
import { freshHooks, recordWarnings } from '../helpers.ts';

function runStart(): RunStart {
  return { evalSetId: undefined, runId: 'run-original', taskNames: ['t'], evalSpec: { tasks: [] } } as unknown as RunStart;
}

/** A hook written in plain JavaScript style, ignoring the readonly types. */
type Writable<T> = { -readonly [K in keyof T]: T[K] } & Record<string, unknown>;

describe('payloads are read-only to hooks', () => {
  beforeEach(freshHooks);

  it('keeps a hook from reassigning runId for the hooks after it, and reports the attempt', async () => {
    const seen: string[] = [];
    on('onRunStart', (p) => {
      (p as Writable<RunStart>).runId = 'run-hijacked';
    }, { name: 'rewriter' });
    on('onRunStart', (p) => {
      seen.push(p.runId);
    }, { name: 'reader' });
    const { messages, restore } = recordWarnings();
    await getHookBus().emit('onRunStart', runStart());
    restore();
    assert.deepEqual(seen, ['run-original']);
    assert.match(messages().join('\n'), /on onRunStart: Cannot assign to read only property 'runId'/);
  });

  it('keeps a class hook from adding a field that later hooks would see', async () => {
    const seen: unknown[] = [];
    hooks({ name: 'adder' }, class Adder extends Hooks {
      override onRunStart(data: RunStart): void {
        (data as Writable<RunStart>)['extra'] = 'smuggled';
      }
    });
    hooks({ name: 'reader' }, class Reader extends Hooks {
      override onRunStart(data: RunStart): void {
        seen.push((data as Writable<RunStart>)['extra']);
      }
    });
    const { restore } = recordWarnings();
    await getHookBus().emit('onRunStart', runStart());
    restore();
    assert.deepEqual(seen, [undefined]);
  });

  it('freezes the payload of decide events too', async () => {
    let frozen = false;
    on('onPreToolUse', (p) => {
      frozen = Object.isFrozen(p);
      return undefined;
    });
    const payload = { sessionId: 's', toolName: 'Bash', toolInput: { command: 'ls' }, toolUseId: 'c1' } as unknown as PreToolUse;
    await getHookBus().decide('onPreToolUse', payload);
    assert.ok(frozen, 'the PreToolUse payload reached the hook unfrozen');
  });

  it('leaves nested objects to the runtime (shallow): the sample of onSampleEnd is not frozen', async () => {
    let sampleFrozen: boolean | undefined;
    on('onSampleEnd', (p) => {
      sampleFrozen = Object.isFrozen(p.sample);
    });
    const sample = { id: 1, epoch: 1 };
    await getHookBus().emit('onSampleEnd', { evalSetId: undefined, runId: 'r', evalId: 'e', sampleId: 's', sample } as never);
    assert.equal(sampleFrozen, false);
  });
});

describe('the mutate event keeps its documented mutable fields', () => {
  beforeEach(freshHooks);

  it('lets hooks reassign input, tools, toolChoice and config, and the provider receives the result', async () => {
    let received: { input: string | undefined; maxTokens: number | undefined; toolChoice: unknown } | undefined;
    const model = getModel('mockllm/model', {
      customOutputs: (input, _tools, toolChoice, config) => {
        received = { input: input[0]?.content as string, maxTokens: config.maxTokens, toolChoice };
        return modelOutputFromText('mockllm/model', 'ok');
      },
    });
    on('onBeforeModelGenerate', (p) => {
      const live = p as Writable<BeforeModelGenerate>;
      live.input = [{ role: 'user', content: 'rewritten' }];
      live.tools = [];
      live.toolChoice = 'none';
      live.config = { ...p.config, maxTokens: 7 };
    });
    await model.generate('original');
    assert.deepEqual(received, { input: 'rewritten', maxTokens: 7, toolChoice: 'none' });
  });

  it('locks its other fields: modelName cannot be reassigned and no field can be added', async () => {
    const seen: unknown[] = [];
    on('onBeforeModelGenerate', (p) => {
      (p as Writable<BeforeModelGenerate>).modelName = 'openai/gpt-hijacked';
    }, { name: 'renamer' });
    on('onBeforeModelGenerate', (p) => {
      (p as Writable<BeforeModelGenerate>)['note'] = 'added';
    }, { name: 'adder' });
    on('onBeforeModelGenerate', (p) => {
      seen.push(p.modelName, (p as Writable<BeforeModelGenerate>)['note']);
    }, { name: 'reader' });
    const { messages, restore } = recordWarnings();
    await getModel('mockllm/model').generate('hi');
    restore();
    assert.deepEqual(seen, ['mockllm/model', undefined]);
    assert.match(messages().join('\n'), /on onBeforeModelGenerate: Cannot change 'modelName' of the onBeforeModelGenerate payload: hooks may reassign only input, tools, toolChoice, config/);
    assert.match(messages().join('\n'), /on onBeforeModelGenerate: Cannot change 'note'/);
  });
});
