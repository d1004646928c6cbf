import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { Stop } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { requestText, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

describe('Stop', () => {
  beforeEach(freshHooks);

  it('blocks twice then passes: 3 requests, stop_hook_active [false, true, true], one turn id (#88)', async () => {
    const inputs: Stop[] = [];
    on('onStop', (p) => {
      inputs.push(p);
      if (inputs.length === 1) return { decision: 'block', reason: 'hook prompt one' };
      if (inputs.length === 2) return { decision: 'block', reason: 'hook prompt two' };
      return undefined;
    });
    const { model, requests } = scripted([say('draft 1'), say('draft 2'), say('final')]);
    const result = await new Agent({ model, transcriptDir: tempDir() }).run('write it');
    assert.equal(result.text, 'final');
    assert.equal(result.outcome, 'completed');
    assert.equal(requests.length, 3);
    assert.deepEqual(inputs.map((p) => p.stopHookActive), [false, true, true]);
    assert.deepEqual(inputs.map((p) => p.lastAssistantMessage), ['draft 1', 'draft 2', 'final']);
    assert.ok(inputs[0]!.turnId.length > 0, 'the turn id is not empty');
    assert.ok(inputs.every((p) => p.turnId === result.turnId), 'Stop re-runs share the turn id');
    const second = requests[1]!;
    assert.equal(second.at(-1)!.role, 'user');
    assert.equal(textOf(second.at(-1)), '<hook_prompt>hook prompt one</hook_prompt>');
    assert.match(requestText(requests[2]), /hook prompt one[\s\S]*hook prompt two/);
    const transcript = readFileSync(result.transcriptPath, 'utf8');
    assert.equal(transcript.match(/"isMeta":true/g)?.length, 2);
  });

  it('puts one fragment per blocking hook into one user message, in order (#93)', async () => {
    on('onStop', (p) => (p.stopHookActive ? undefined : { decision: 'block', reason: 'first <a & b>' }));
    on('onStop', (p) => (p.stopHookActive ? undefined : { decision: 'block', reason: 'second' }));
    const { model, requests } = scripted([say('draft'), say('final')]);
    await new Agent({ model, transcriptDir: tempDir() }).run('go');
    assert.equal(requests.length, 2);
    const prompt = requests[1]!.at(-1)!;
    assert.deepEqual(prompt.content, [
      { type: 'text', text: '<hook_prompt>first &lt;a &amp; b&gt;</hook_prompt>' },
      { type: 'text', text: '<hook_prompt>second</hook_prompt>' },
    ]);
  });

  it('overrides the block after stopHookBlockCap consecutive blocks, with a warning', async () => {
    let stops = 0;
    on('onStop', () => {
      stops++;
      return { decision: 'block', reason: 'keep going' };
    });
    const { model, requests } = scripted([say('1'), say('2'), say('3')]);
    const warnings = recordWarnings();
    try {
      const result = await new Agent({ model, stopHookBlockCap: 2, transcriptDir: tempDir() }).run('go');
      assert.equal(result.outcome, 'stop_hook_cap');
      assert.equal(requests.length, 3);
      assert.equal(stops, 3);
      assert.match(warnings.messages().join('\n'), /Stop hooks kept the turn going 2 times in a row.*stopHookBlockCap = 2/);
    } finally {
      warnings.restore();
    }
  });

  it('caps at 8 consecutive blocks by default', async () => {
    on('onStop', () => ({ decision: 'block', reason: 'again' }));
    const { model, requests } = scripted(Array.from({ length: 9 }, (_, i) => say(String(i))));
    const warnings = recordWarnings();
    try {
      const result = await new Agent({ model, transcriptDir: tempDir() }).run('go');
      assert.equal(result.outcome, 'stop_hook_cap');
      assert.equal(requests.length, 9);
    } finally {
      warnings.restore();
    }
  });

  it('lets continue:false beat a block', async () => {
    on('onStop', () => ({ decision: 'block', reason: 'go on' }));
    on('onStop', () => ({ continue: false, stopReason: 'enough' }));
    const { model, requests } = scripted([say('done')]);
    const result = await new Agent({ model, transcriptDir: tempDir() }).run('go');
    assert.equal(result.outcome, 'stopped');
    assert.equal(result.reason, 'enough');
    assert.equal(requests.length, 1);
  });

  it('ignores a block without a reason, with the observable warning', async () => {
    on('onStop', () => ({ decision: 'block' }));
    const { model, requests } = scripted([say('done')]);
    const warnings = recordWarnings();
    try {
      const result = await new Agent({ model, transcriptDir: tempDir() }).run('go');
      assert.equal(result.outcome, 'completed');
      assert.equal(requests.length, 1);
      assert.deepEqual(warnings.messages(), ['Stop hook requested continuation without a prompt; ignoring the block.']);
    } finally {
      warnings.restore();
    }
  });

  it('spills a large continuation prompt to a file next to the transcript (#91)', async () => {
    const big = 'remember the reef '.repeat(800);
    on('onStop', (p) => (p.stopHookActive ? undefined : { decision: 'block', reason: big }));
    const { model, requests } = scripted([say('draft'), say('final')]);
    const dir = tempDir();
    await new Agent({ model, transcriptDir: dir }).run('go');
    const prompt = textOf(requests[1]!.at(-1));
    assert.match(prompt, /tokens truncated/);
    const path = /Full hook output saved to: (\S+?)<\/hook_prompt>/.exec(prompt)?.[1];
    assert.ok(path?.startsWith(dir) === true, prompt.slice(-200));
    assert.equal(readFileSync(path, 'utf8'), big);
    assert.ok(prompt.length < 3000, 'the preview is short');
  });

  it('spills a large SessionStart context (#90)', async () => {
    const big = 'remember the reef '.repeat(800);
    on('onSessionStart', () => ({ additionalContext: big }));
    const { model, requests } = scripted([say('ok')]);
    await new Agent({ model, transcriptDir: tempDir() }).run('go');
    const context = textOf(requests[0]![0]);
    assert.match(context, /tokens truncated/);
    const path = /Full hook output saved to: (\S+)\n<\/hook_context>$/.exec(context)?.[1];
    assert.equal(readFileSync(path!, 'utf8'), big);
  });

  it('keeps text of exactly 10,000 characters whole', async () => {
    const exact = 'x'.repeat(10_000);
    on('onSessionStart', () => ({ additionalContext: exact }));
    const { model, requests } = scripted([say('ok')]);
    await new Agent({ model, transcriptDir: tempDir() }).run('go');
    assert.equal(textOf(requests[0]![0]), `<hook_context event="SessionStart">\n${exact}\n</hook_context>`);
  });
});
