import assert from 'node:assert/strict';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { AgentResult } from '../../src/hooks/payloads/agent-run.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { defineTool } from '../../src/tools/define-tool.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { callTool, say, scripted } from '../fixtures/agent/scripted.ts';
import { openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { fixture, hooksFor, makeProject, readLines, useCommandHooksWithServer } from '../command-hooks/helpers.ts';

const echo = defineTool({
  name: 'echo',
  description: 'Echoes its text.',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  execute: ({ text }: { text: string }) => text,
});

function recordResults(): AgentResult[] {
  const seen: AgentResult[] = [];
  on('onAgentResult', (p) => {
    seen.push(p);
  });
  return seen;
}

function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const warnings = recordWarnings();
  return fn().finally(() => {
    warnings.restore();
  });
}

describe('onAgentResult', () => {
  beforeEach(freshHooks);

  it('fires once with the final text after a Stop hook kept the agent going (Stop fired twice)', async () => {
    const seen = recordResults();
    let stops = 0;
    on('onStop', (p) => {
      stops++;
      return p.stopHookActive ? undefined : { decision: 'block', reason: 'check it' };
    });
    const { model } = scripted([say('draft'), say('final')]);
    const result = await new Agent({ model, transcriptDir: tempDir() }).run('go');
    assert.equal(stops, 2);
    assert.equal(seen.length, 1);
    const event = seen[0]!;
    assert.deepEqual([event.result, event.ending, event.modelCalls], ['final', { kind: 'completed' }, 2]);
    assert.equal(event.turnId, result.turnId);
    assert.equal(event.sessionId, result.sessionId);
    assert.deepEqual(result.ending, { kind: 'completed' });
  });

  it('reports a prompt blocked by UserPromptSubmit, with its reason and no model call', async () => {
    const seen = recordResults();
    on('onUserPromptSubmit', () => ({ decision: 'block', reason: 'no secrets' }));
    const { model, requests } = scripted([say('never')]);
    await new Agent({ model, transcriptDir: tempDir() }).run('the secret');
    assert.equal(requests.length, 0);
    assert.deepEqual(seen.map((p) => [p.ending, p.result, p.modelCalls]), [[{ kind: 'blocked', reason: 'no secrets' }, '', 0]]);
  });

  for (const event of ['onPreToolUse', 'onPostToolUse'] as const) {
    it(`says that a ${event} hook with continue:false stopped the run`, async () => {
      const seen = recordResults();
      on(event, () => ({ continue: false, stopReason: `halted by ${event}` }));
      const { model } = scripted([callTool('echo', { text: 'hi' }), say('unused')]);
      const result = await new Agent({ model, tools: [echo], transcriptDir: tempDir() }).run('go');
      assert.equal(result.outcome, 'stopped');
      const by = event === 'onPreToolUse' ? 'PreToolUse' : 'PostToolUse';
      assert.deepEqual(seen.map((p) => p.ending), [{ kind: 'stopped', by, reason: `halted by ${event}` }]);
    });
  }

  it('says that a Stop or SessionStart hook with continue:false stopped the run', async () => {
    const seen = recordResults();
    const stopHook = on('onStop', () => ({ continue: false, stopReason: 'enough' }));
    await new Agent({ model: scripted([say('done')]).model, transcriptDir: tempDir() }).run('go');
    stopHook();
    on('onSessionStart', () => ({ continue: false, stopReason: 'not today' }));
    const { model, requests } = scripted([say('never')]);
    await new Agent({ model, transcriptDir: tempDir() }).run('go');
    assert.equal(requests.length, 0);
    assert.deepEqual(seen.map((p) => [p.ending, p.result]), [
      [{ kind: 'stopped', by: 'Stop', reason: 'enough' }, 'done'],
      [{ kind: 'stopped', by: 'SessionStart', reason: 'not today' }, ''],
    ]);
  });

  it('reports the turn limit and the Stop-hook cap with their limits', async () => {
    const seen = recordResults();
    await quietly(() => new Agent({ model: scripted([callTool('echo', { text: 'a' }), callTool('echo', { text: 'b' })]).model, tools: [echo], maxTurns: 2, transcriptDir: tempDir() }).run('loop'));
    on('onStop', () => ({ decision: 'block', reason: 'again' }));
    await quietly(() => new Agent({ model: scripted([say('1'), say('2')]).model, stopHookBlockCap: 1, transcriptDir: tempDir() }).run('go'));
    assert.deepEqual(seen.map((p) => [p.ending, p.modelCalls]), [
      [{ kind: 'max_turns', limit: 2 }, 2],
      [{ kind: 'stop_hook_cap', limit: 1, reason: 'again' }, 2],
    ]);
  });

  it('fires before an error propagates, with the requests made so far', async () => {
    const seen = recordResults();
    const { model } = scripted([callTool('echo', { text: 'a' })]);
    const agent = new Agent({ model, tools: [echo], transcriptDir: tempDir() });
    await assert.rejects(agent.run('go'), (error: Error) => {
      assert.equal(seen.length, 1, 'AgentResult fired before the caller saw the error');
      const ending = seen[0]!.ending;
      assert.equal(ending.kind, 'error');
      assert.ok(ending.kind === 'error' && ending.error === error.message && ending.errorName === error.name, JSON.stringify(ending));
      return true;
    });
    assert.equal(seen[0]!.modelCalls, 1);
  });

  it('reports a cancelled run as cancelled, and the cancellation still reaches the caller', async () => {
    const seen = recordResults();
    const controller = new AbortController();
    const slow = defineTool({
      name: 'slow',
      description: 'Aborts the run while it runs.',
      parameters: { type: 'object', properties: {} },
      execute: () => {
        controller.abort();
        return 'aborted';
      },
    });
    const { model } = scripted([callTool('slow', {}), say('never')]);
    const session = new Agent({ model, tools: [slow], transcriptDir: tempDir() }).session();
    await assert.rejects(session.send('go', { signal: controller.signal }));
    assert.deepEqual(seen.map((p) => p.ending.kind), ['cancelled']);
  });

  it('keeps the run error when an AgentResult hook fails too, and warns about the hook', async () => {
    on('onAgentResult', () => {
      throw new Error('hook broke');
    }, { onError: 'throw' });
    const warnings = recordWarnings();
    try {
      const { model } = scripted([]);
      await assert.rejects(new Agent({ model, transcriptDir: tempDir() }).run('go'), (error: Error) => !error.message.includes('hook broke'));
      assert.match(warnings.messages().join('\n'), /onAgentResult hook failed while reporting a failed run: .*hook broke/);
    } finally {
      warnings.restore();
    }
  });

  it('reaches class hooks and the agent instance hooks once per send()', async () => {
    const classSeen: string[] = [];
    class ResultLogger extends Hooks {
      override onAgentResult({ result, ending }: AgentResult): void {
        classSeen.push(`${ending.kind}:${result}`);
      }
    }
    hooks({ name: 'result-logger' }, ResultLogger);
    const instanceSeen: string[] = [];
    const { model } = scripted([say('one'), say('two')]);
    const agent = new Agent({ model, transcriptDir: tempDir(), hooks: { onAgentResult: ({ result }) => void instanceSeen.push(result) } });
    const session = agent.session();
    await session.send('first');
    await session.send('second');
    await session.end();
    assert.deepEqual(classSeen, ['completed:one', 'completed:two']);
    assert.deepEqual(instanceSeen, ['one', 'two']);
  });
});

describe('onAgentResult from a command hook against a model server', () => {
  const startWithHooks = useCommandHooksWithServer();

  it('sends AgentResult on stdin with the final text and the typed ending', async () => {
    const log = join(tempDir(), 'stdin.jsonl');
    const { projectDir, userDir } = makeProject(hooksFor('AgentResult', { commands: [fixture('record.mjs', log)] }));
    const { model } = await startWithHooks(
      { projectDir, userDir },
      { body: openaiCompletion({ toolCalls: [{ id: 'call_1', name: 'echo', arguments: '{"text":"hi"}' }] }) },
      { body: openaiCompletion({ content: 'all done' }) },
    );
    const result = await new Agent({ model, tools: [echo], cwd: projectDir, transcriptDir: join(projectDir, 'sessions') }).run('say hi');
    assert.equal(result.text, 'all done');
    const inputs = readLines<{ stdin: string }>(log).map((l) => JSON.parse(l.stdin) as Record<string, unknown>);
    assert.equal(inputs.length, 1);
    const input = inputs[0]!;
    assert.equal(input.hook_event_name, 'AgentResult');
    assert.equal(input.session_id, result.sessionId);
    assert.equal(input.turn_id, result.turnId);
    assert.equal(input.result, 'all done');
    assert.deepEqual(input.ending, { kind: 'completed' });
    assert.equal(input.model_calls, 2);
  });
});
