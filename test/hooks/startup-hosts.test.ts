import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/agent.ts';
import { PrerequisiteError } from '../../src/errors.ts';
import { evalRetry } from '../../src/eval/eval-retry.ts';
import { evalSet } from '../../src/eval/eval-set.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { hooks } from '../../src/hooks/register.ts';
import { hooksStarted, initHooks } from '../../src/hooks/startup.ts';
import { getModel } from '../../src/model/model.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { mockTask } from '../eval/runtime-helpers.ts';
import { tempDir } from '../helpers.ts';

const blockPrompt = fileURLToPath(new URL('../fixtures/agent/hooks/block-prompt.sh', import.meta.url));

function requireMissingHook(): void {
  process.env.HOOKLINE_REQUIRED_HOOKS = 'not-installed/guard';
}

function isMissingRequired(error: unknown): boolean {
  return error instanceof PrerequisiteError && /not-installed\/guard/.test(error.message);
}

describe('one start-up for every host', () => {
  const home = process.env.HOOKLINE_HOME;
  beforeEach(resetHooks);
  afterEach(() => {
    delete process.env.HOOKLINE_REQUIRED_HOOKS;
    if (home === undefined) delete process.env.HOOKLINE_HOME;
    else process.env.HOOKLINE_HOME = home;
  });

  it('evaluate() runs start-up: a missing required hook stops it', async () => {
    requireMissingHook();
    await assert.rejects(evaluate(mockTask({ samples: 1 }), { noLog: true, banner: false }), isMissingRequired);
  });

  it('evalSet() runs start-up', async () => {
    requireMissingHook();
    await assert.rejects(evalSet(mockTask({ samples: 1 }), { logDir: tempDir(), banner: false }), isMissingRequired);
  });

  it('evalRetry() runs start-up', async () => {
    const task = mockTask({ samples: 1 });
    const [log] = await evaluate(task, { logDir: tempDir(), banner: false });
    resetHooks();
    requireMissingHook();
    await assert.rejects(evalRetry(log!.location!, { task, banner: false }), isMissingRequired);
  });

  it('an agent built in code runs start-up when its session starts', async () => {
    requireMissingHook();
    const agent = new Agent({ model: getModel('mockllm/model'), cwd: tempDir(), transcriptDir: tempDir() });
    await assert.rejects(agent.run('hello'), isMissingRequired);
  });

  it("a model used on its own runs start-up on its first generate() call, and only then", async () => {
    const model = getModel('mockllm/model');
    assert.equal(hooksStarted(), false);
    requireMissingHook();
    await assert.rejects(model.generate('hello'), isMissingRequired);
    delete process.env.HOOKLINE_REQUIRED_HOOKS;
    await model.generate('hello');
    assert.equal(hooksStarted(), true);
  });

  it("applies the user's hooks.json to an agent built in code", async () => {
    const userDir = tempDir();
    writeFileSync(join(userDir, 'hooks.json'), JSON.stringify({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: blockPrompt }] }] } }));
    process.env.HOOKLINE_HOME = userDir;
    const agent = new Agent({ model: getModel('mockllm/model'), cwd: tempDir(), transcriptDir: tempDir() });
    const result = await agent.run('a forbidden prompt');
    assert.ok(getHookBus().get('command:UserPromptSubmit') !== undefined, 'the command hook was registered by start-up');
    assert.equal(result.outcome, 'blocked', "the user's hook blocked the prompt");
  });

  it('resolves a lazily registered hook before the first emission of an agent session', async () => {
    const seen: string[] = [];
    void hooks({ name: 'lazy-agent' }, async () => class extends Hooks {
      override onAgentCreate(): void {
        seen.push('create');
      }
      override onSessionStart(): void {
        seen.push('start');
      }
    });
    const agent = new Agent({ model: getModel('mockllm/model'), cwd: tempDir(), transcriptDir: tempDir() });
    await agent.run('hello');
    assert.deepEqual(seen, ['start'], 'the session start reached the lazily registered hook');
  });

  it('runs once when hosts start concurrently', async () => {
    let calls = 0;
    void hooks({ name: 'counted' }, async () => {
      calls++;
      return class extends Hooks {};
    });
    await Promise.all([initHooks({ banner: false }), initHooks({ banner: false }), getModel('mockllm/model').generate('x')]);
    assert.equal(calls, 1);
    assert.equal(hooksStarted(), true);
  });
});

describe('project command hooks from start-up', () => {
  const home = process.env.HOOKLINE_HOME;
  beforeEach(resetHooks);
  afterEach(() => {
    if (home === undefined) delete process.env.HOOKLINE_HOME;
    else process.env.HOOKLINE_HOME = home;
  });

  it('lists the command hooks it loaded in the banner', async () => {
    const userDir = tempDir();
    writeFileSync(join(userDir, 'hooks.json'), JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: blockPrompt }] }] } }));
    process.env.HOOKLINE_HOME = userDir;
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await initHooks({ cwd: tempDir(), banner: true, output });
    assert.match(text, /command:PreToolUse: 1 command hook\(s\) for PreToolUse from hooks\.json/);
  });

  it('leaves untrusted project hooks inactive', async () => {
    const project = tempDir();
    mkdirSync(join(project, '.hookline'));
    writeFileSync(join(project, '.hookline', 'hooks.json'), JSON.stringify({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: blockPrompt }] }] } }));
    const agent = new Agent({ model: getModel('mockllm/model'), cwd: project, transcriptDir: tempDir() });
    const result = await agent.run('a forbidden prompt');
    assert.equal(result.outcome, 'completed', 'an untrusted project hook does not run');
  });
});
