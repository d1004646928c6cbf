import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { UserPromptSubmit } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import { freshHooks, tempDir } from '../helpers.ts';
import { requestText, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

describe('UserPromptSubmit', () => {
  beforeEach(freshHooks);

  it('never sends nor records a blocked prompt', async () => {
    on('onUserPromptSubmit', (p) => (p.prompt.includes('SECRET') ? { decision: 'block', reason: 'contains a secret' } : undefined));
    const { model, requests } = scripted([say('fine')]);
    const session = new Agent({ model, transcriptDir: tempDir() }).session();
    const blocked = await session.send('my SECRET is 42');
    assert.equal(blocked.outcome, 'blocked');
    assert.equal(blocked.reason, 'contains a secret');
    assert.equal(blocked.modelCalls, 0);
    assert.equal(requests.length, 0);
    await session.send('something else');
    await session.end();
    assert.equal(requests.length, 1);
    assert.doesNotMatch(requestText(requests[0]), /SECRET/);
    assert.doesNotMatch(readFileSync(session.transcriptPath, 'utf8'), /SECRET/);
    assert.equal(session.messages.filter((m) => textOf(m).includes('SECRET')).length, 0);
  });

  it('keeps the context of a blocked prompt for the next request (#94)', async () => {
    const inputs: UserPromptSubmit[] = [];
    on('onUserPromptSubmit', (p) => {
      inputs.push(p);
      return p.prompt === 'blocked one' ? { decision: 'block', reason: 'no', additionalContext: 'remember the reef' } : undefined;
    });
    const { model, requests } = scripted([say('ok')]);
    const session = new Agent({ model, transcriptDir: tempDir() }).session();
    await session.send('blocked one');
    await session.send('allowed one');
    await session.end();
    assert.equal(requests.length, 1);
    assert.deepEqual(requests[0]!.map(textOf), ['<hook_context event="UserPromptSubmit">\nremember the reef\n</hook_context>', 'allowed one']);
    assert.equal(inputs.length, 2);
    assert.ok(inputs.every((p) => p.turnId.length > 0), 'both hook inputs have a turn id');
    assert.notEqual(inputs[0]!.turnId, inputs[1]!.turnId);
  });

  it('adds accepted-prompt context after the prompt', async () => {
    on('onUserPromptSubmit', () => ({ additionalContext: 'the repo uses tabs' }));
    const { model, requests } = scripted([say('ok')]);
    await new Agent({ model, transcriptDir: tempDir() }).run('fix the indent');
    assert.deepEqual(requests[0]!.map(textOf), ['fix the indent', '<hook_context event="UserPromptSubmit">\nthe repo uses tabs\n</hook_context>']);
  });

  it('ends the turn on continue:false without calling the model', async () => {
    on('onUserPromptSubmit', () => ({ continue: false, stopReason: 'maintenance window' }));
    const { model, requests } = scripted([]);
    const result = await new Agent({ model, transcriptDir: tempDir() }).run('hello');
    assert.equal(result.outcome, 'stopped');
    assert.equal(result.reason, 'maintenance window');
    assert.equal(requests.length, 0);
  });

  it('passes hook systemMessages to the caller, never to the model', async () => {
    on('onUserPromptSubmit', () => ({ systemMessage: 'heads up' }));
    const { model, requests } = scripted([say('ok')]);
    const result = await new Agent({ model, transcriptDir: tempDir() }).run('hello');
    assert.deepEqual(result.systemMessages, ['heads up']);
    assert.doesNotMatch(requestText(requests[0]), /heads up/);
  });
});
