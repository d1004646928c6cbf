import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { Hooks, hooks } from '../../src/hooks/index.ts';
import type { PostToolUseFailure } from '../../src/hooks/payloads/agent-events.ts';
import { on } from '../../src/hooks/register.ts';
import { builtinTools } from '../../src/tools/index.ts';
import { tempDir } from '../helpers.ts';
import { contentText, fakeModel, readJsonLines, script, useAgentEventTest, useProjectHooks } from './harness.ts';

describe('PostToolUseFailure', () => {
  const t = useAgentEventTest();

  it('fires for a tool that failed, with the error, and its context reaches the model after the tool result', async () => {
    const project = tempDir();
    const log = join(project, 'failures.jsonl');
    t.unregister = await useProjectHooks(project, {
      PostToolUseFailure: [{ matcher: 'Read', hooks: [script('log-stdin.py', log), script('failure-hint.sh')] }],
      PostToolUse: [{ hooks: [script('log-stdin.py', join(project, 'post.jsonl'))] }],
    });
    t.model = await fakeModel([{ tools: [['Read', { file_path: 'missing.txt' }]] }, 'I will list the folder.']);
    const agent = new Agent({ model: t.model.model, tools: builtinTools(['read', 'bash']), cwd: project, transcriptDir: join(project, 'sessions') });
    const result = await agent.run('Show me missing.txt');

    assert.equal(result.text, 'I will list the folder.');
    const [input] = readJsonLines(log);
    assert.ok(input !== undefined, 'the failure hook ran');
    assert.equal(input.hook_event_name, 'PostToolUseFailure');
    assert.equal(input.tool_name, 'Read');
    assert.deepEqual(input.tool_input, { file_path: 'missing.txt' });
    assert.equal(input.is_interrupt, false);
    assert.match(String(input.error), /missing\.txt/);
    assert.equal(input.session_id, result.sessionId);
    assert.equal(input.turn_id, result.turnId);
    assert.deepEqual(Object.keys(input), ['session_id', 'turn_id', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'permission_mode', 'tool_name', 'tool_input', 'tool_use_id', 'error', 'is_interrupt']);
    assert.deepEqual(readJsonLines(join(project, 'post.jsonl')), [], 'a failed call gets no PostToolUse');

    const second = t.model.messages()[1]!;
    const tool = second.find((m) => m.role === 'tool');
    assert.ok(contentText(tool).endsWith(String(input.error)), 'the model reads the error as the tool result');
    assert.match(contentText(second.at(-1)), /<hook_context event="PostToolUseFailure">\nRead failed; list the folder with Bash ls before retrying\.\n<\/hook_context>/);
  });

  it('reaches function, class and agent instance hooks alike, and a block reason is feedback after the error', async () => {
    const project = tempDir();
    const seen: string[] = [];
    on('onPostToolUseFailure', (p) => {
      seen.push(`function:${p.toolName}`);
    });
    class Watcher extends Hooks {
      override onPostToolUseFailure(p: PostToolUseFailure) {
        seen.push(`class:${String(p.isInterrupt)}`);
      }
    }
    hooks({ name: 'failure-watcher' }, Watcher);
    t.model = await fakeModel([{ tools: [['Read', { file_path: 'nope.txt' }]] }, 'ok']);
    const agent = new Agent({
      model: t.model.model, tools: builtinTools(['read']), cwd: project, transcriptDir: join(project, 'sessions'),
      hooks: { onPostToolUseFailure: () => ({ decision: 'block', reason: 'Ask the user for the right path.' }) },
    });
    await agent.run('read nope.txt');

    assert.deepEqual(seen, ['function:Read', 'class:false']);
    const tool = t.model.messages()[1]!.find((m) => m.role === 'tool');
    assert.match(contentText(tool), /nope\.txt[\s\S]*\n\nAsk the user for the right path\.$/);
  });
});
