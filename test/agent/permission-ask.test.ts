import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { on } from '../../src/hooks/register.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import type { ChatMessageTool } from '../../src/types/model.ts';
import type { PermissionRequest } from '../../src/runtime/context.ts';
import { defineTool, type Tool } from '../../src/tools/index.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { fixture, hooksFor, makeProject } from '../command-hooks/helpers.ts';
import { callTool, say, scripted } from '../fixtures/agent/scripted.ts';

function echoTool(calls: unknown[]): Tool {
  return defineTool({
    name: 'echo',
    description: 'echoes text',
    parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
    execute: (args: { text: string }) => {
      calls.push(args);
      return `echo: ${args.text}`;
    },
  });
}

async function runEcho(options: { askPermission?: (r: PermissionRequest) => Promise<boolean> } = {}): Promise<{ calls: unknown[]; toolText: string }> {
  const calls: unknown[] = [];
  const { model, requests } = scripted([callTool('echo', { text: 'hi' }), say('done')]);
  const dir = tempDir();
  const agent = new Agent({ model, tools: [echoTool(calls)], transcriptDir: dir, cwd: dir, ...options });
  await agent.run('go');
  const tool = requests[1]!.find((m): m is ChatMessageTool => m.role === 'tool');
  return { calls, toolText: typeof tool?.content === 'string' ? tool.content : '' };
}

describe('PreToolUse ask never becomes an allow', () => {
  let unload: (() => void) | undefined;
  beforeEach(freshHooks);
  afterEach(() => {
    unload?.();
    unload = undefined;
  });

  it('denies an in-process ask when nobody can answer, telling the model why', async () => {
    on('onPreToolUse', () => ({ decision: 'ask', reason: 'sensitive' }));
    const { calls, toolText } = await runEcho();
    assert.deepEqual(calls, [], 'the tool did not run');
    assert.match(toolText, /Tool call blocked by PreToolUse hook: a PreToolUse hook asked for the user's permission \(sensitive\), and nobody can answer in a non-interactive run, so the call was denied/);
  });

  it('denies a command hook answering permissionDecision "ask" in a non-interactive run, without a warning', async () => {
    const { projectDir, userDir } = makeProject(hooksFor('PreToolUse', { commands: [fixture('ask.sh')] }));
    const loaded = await loadCommandHooks({ projectDir, userDir, trustProjectHooks: true });
    unload = () => loaded.unregister();
    const { restore, messages } = recordWarnings();
    const { calls, toolText } = await runEcho();
    restore();
    assert.deepEqual(calls, []);
    assert.match(toolText, /asked for the user's permission \(this needs a human\)/);
    assert.deepEqual(messages(), [], 'ask is a supported answer, not a failure');
  });

  it('runs the call when the person says yes, and denies it when they say no', async () => {
    on('onPreToolUse', () => ({ decision: 'ask', reason: 'check' }));
    const asked: PermissionRequest[] = [];
    const yes = await runEcho({ askPermission: (r) => (asked.push(r), Promise.resolve(true)) });
    assert.deepEqual(yes.calls, [{ text: 'hi' }]);
    assert.deepEqual(asked, [{ toolName: 'echo', input: { text: 'hi' }, reasons: ['check'], origin: 'hook' }]);
    const no = await runEcho({ askPermission: () => Promise.resolve(false) });
    assert.deepEqual(no.calls, []);
    assert.match(no.toolText, /the user denied permission \(check\)/);
  });

  it('lets a deny win over an ask without asking anyone', async () => {
    on('onPreToolUse', () => ({ decision: 'ask' }));
    on('onPreToolUse', () => ({ decision: 'block', reason: 'never' }));
    let askedAnyone = false;
    const { calls, toolText } = await runEcho({ askPermission: () => ((askedAnyone = true), Promise.resolve(true)) });
    assert.deepEqual(calls, []);
    assert.equal(askedAnyone, false);
    assert.match(toolText, /never/);
  });

  it('runs the call and prints nothing (no "had no effect") for permissionDecision allow', async () => {
    const { projectDir, userDir } = makeProject(hooksFor('PreToolUse', { commands: [fixture('allow-json.sh')] }));
    const loaded = await loadCommandHooks({ projectDir, userDir, trustProjectHooks: true });
    unload = () => loaded.unregister();
    const { restore, messages } = recordWarnings();
    const { calls } = await runEcho();
    restore();
    assert.deepEqual(calls, [{ text: 'hi' }]);
    assert.deepEqual(messages(), []);
  });
});

describe('in-process decisions are validated like command-hook output', () => {
  beforeEach(freshHooks);

  for (const [what, result, problem] of [
    ['a decision of the wrong type', { decision: 42 }, /decision must be a string/],
    ['a bare string', 'block', /the result must be a decision object or nothing, got a string/],
    ['an unknown decision', { decision: 'maybe' }, /unknown decision "maybe"/],
  ] as const) {
    it(`warns about ${what}, naming the hook and the event, with the command-hook wording`, async () => {
      on('onPreToolUse', () => result as never, { name: 'sloppy' });
      const { restore, messages } = recordWarnings();
      const { calls } = await runEcho();
      restore();
      assert.deepEqual(calls, [{ text: 'hi' }], 'an unusable result has no effect');
      assert.equal(messages().length, 1, messages().join('\n'));
      assert.match(messages()[0]!, /Hook 'sloppy' on onPreToolUse: hook returned invalid pre-tool-use JSON output/);
      assert.match(messages()[0]!, problem);
    });
  }

  it('fails closed on an unusable result when the hook says onError block', async () => {
    on('onPreToolUse', () => ({ decision: 42 }) as never, { name: 'guard', onError: 'block' });
    const { restore } = recordWarnings();
    const { calls } = await runEcho();
    restore();
    assert.deepEqual(calls, []);
  });
});
