import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { Hooks, hooks } from '../../src/hooks/index.ts';
import type { PermissionRequest } from '../../src/hooks/payloads/agent-events.ts';
import { on } from '../../src/hooks/register.ts';
import { builtinTools } from '../../src/tools/index.ts';
import { tempDir } from '../helpers.ts';
import { hookline } from '../cli/run-cli.ts';
import { FakeLlmServer, openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { contentText, fakeModel, readJsonLines, script, toolResults, useAgentEventTest, useProjectHooks } from './harness.ts';

describe('PermissionRequest', () => {
  const t = useAgentEventTest();

  it('lets a command hook allow and deny calls an ask rule holds, and sees the protocol fields on stdin', async () => {
    const project = tempDir();
    const log = join(project, 'permission.jsonl');
    writeFileSync(join(project, 'keep.txt'), 'keep');
    t.unregister = await useProjectHooks(project, { PermissionRequest: [{ matcher: 'Bash', hooks: [script('permission-gate.py', log)] }] });
    t.model = await fakeModel([{ tools: [['Bash', { command: 'echo hello' }], ['Bash', { command: 'rm keep.txt' }], ['Read', { file_path: 'keep.txt' }]] }, 'done']);
    const agent = new Agent({ model: t.model.model, tools: builtinTools(['bash', 'read']), cwd: project, transcriptDir: join(project, 'sessions'), permissions: { ask: ['Bash'] } });
    const result = await agent.run('tidy up');

    assert.equal(result.text, 'done');
    assert.ok(existsSync(join(project, 'keep.txt')), 'the denied rm did not run');
    const [echo, rm, read] = toolResults(t.model, 1);
    assert.match(echo!, /hello/);
    assert.equal(rm, 'Permission to use Bash was denied: Deleting files needs a code review first..');
    assert.match(read!, /keep/, 'Read needs no permission, so the hook never saw it');
    const inputs = readJsonLines(log);
    assert.deepEqual(inputs.map((i) => (i.tool_input as { command: string }).command), ['echo hello', 'rm keep.txt']);
    assert.deepEqual(Object.keys(inputs[0]!), ['session_id', 'turn_id', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'permission_mode', 'tool_name', 'tool_input', 'permission_suggestions']);
    assert.deepEqual(inputs[0]!.permission_suggestions, [{ type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'echo:*' }], behavior: 'allow', destination: 'localSettings' }], "Claude Code's camelCase entries inside the snake_case payload");
    assert.equal(inputs[0]!.hook_event_name, 'PermissionRequest');
    assert.equal(inputs[0]!.permission_mode, 'default');
    assert.equal(inputs[0]!.turn_id, result.turnId);
  });

  it('denies with a reason when no hook decides and nobody can answer, never running the call', async () => {
    const project = tempDir();
    writeFileSync(join(project, 'keep.txt'), 'keep');
    t.model = await fakeModel([{ tools: [['Bash', { command: 'rm keep.txt' }]] }, 'ok']);
    const agent = new Agent({ model: t.model.model, tools: builtinTools(['bash']), cwd: project, transcriptDir: join(project, 'sessions'), permissions: { ask: ['Bash(rm:*)'] } });
    await agent.run('remove it');
    assert.ok(existsSync(join(project, 'keep.txt')), 'the call did not run');
    assert.equal(toolResults(t.model, 1)[0], "Permission to use Bash was denied: the permission rule ask: Bash(rm:*) needs the user's permission, and nobody can answer in a non-interactive run, so the call was denied.");
  });

  it('runs the input a hook rewrote with updatedInput, and honours exit 2 as a denial', async () => {
    const project = tempDir();
    writeFileSync(join(project, 'keep.txt'), 'keep');
    t.unregister = await useProjectHooks(project, {
      PermissionRequest: [{ matcher: 'Bash', hooks: [script('permission-rewrite.mjs')] }, { matcher: 'Write', hooks: [script('deny-exit2.sh')] }],
    });
    t.model = await fakeModel([{ tools: [['Bash', { command: 'rm keep.txt' }], ['Write', { file_path: 'new.txt', content: 'x' }]] }, 'ok']);
    const agent = new Agent({ model: t.model.model, tools: builtinTools(['bash', 'write']), cwd: project, transcriptDir: join(project, 'sessions'), permissions: { ask: ['Bash', 'Write'] } });
    await agent.run('go');
    const [bash, write] = toolResults(t.model, 1);
    assert.match(bash!, /would run: rm keep\.txt/);
    assert.ok(existsSync(join(project, 'keep.txt')), 'only the rewritten command ran');
    assert.equal(write, 'Permission to use Write was denied: Policy: no tool calls without review..');
    assert.equal(existsSync(join(project, 'new.txt')), false);
  });

  it('reaches function, class and agent instance hooks: any deny wins, an allow runs the call', async () => {
    const project = tempDir();
    const seen: string[] = [];
    on('onPermissionRequest', (p) => {
      seen.push(`function:${p.toolName}:${p.reasons.join()}`);
      return (p.toolInput as { command: string }).command.includes('secret') ? { behavior: 'deny', message: 'no secrets' } : undefined;
    });
    class Approver extends Hooks {
      override onPermissionRequest(p: PermissionRequest) {
        seen.push(`class:${p.toolUseId}`);
        return { behavior: 'allow' as const };
      }
    }
    hooks({ name: 'approver' }, Approver);
    t.model = await fakeModel([{ tools: [['Bash', { command: 'echo fine' }], ['Bash', { command: 'cat secret' }]] }, 'ok']);
    const agent = new Agent({
      model: t.model.model, tools: builtinTools(['bash']), cwd: project, transcriptDir: join(project, 'sessions'), permissions: { ask: ['Bash'] },
      hooks: { onPermissionRequest: (p) => void seen.push(`agent:${p.toolName}`) },
    });
    await agent.run('go');
    assert.equal(seen.length, 6);
    assert.match(seen[0]!, /^function:Bash:the permission rule ask: Bash needs the user's permission$/);
    const [fine, secret] = toolResults(t.model, 1);
    assert.match(fine!, /fine/);
    assert.equal(secret, 'Permission to use Bash was denied: no secrets.');
  });

  it('plan mode refuses a Write before any hook is asked, and acceptEdits runs it without asking', async () => {
    const project = tempDir();
    on('onPermissionRequest', () => {
      throw new Error('no call in this test needs a permission question');
    });
    t.model = await fakeModel([{ tools: [['Write', { file_path: 'a.txt', content: 'x' }]] }, 'planned', { tools: [['Write', { file_path: 'a.txt', content: 'x' }]] }, 'written']);
    const make = (permissionMode: 'plan' | 'acceptEdits') => new Agent({ model: t.model!.model, tools: builtinTools(['write']), cwd: project, transcriptDir: join(project, 'sessions'), permissionMode, permissions: { ask: ['Edit'] } });
    await make('plan').run('plan it');
    assert.match(toolResults(t.model, 1)[0]!, /^Permission to use Write was denied: plan mode lets only read-only tools run/);
    assert.equal(existsSync(join(project, 'a.txt')), false);
    await make('acceptEdits').run('do it');
    assert.ok(existsSync(join(project, 'a.txt')), 'acceptEdits ran the edit');
  });
});

describe('permission questions on the command line', () => {
  let server: FakeLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function project(settings: Record<string, unknown>): string {
    const dir = tempDir();
    mkdirSync(join(dir, '.hookline'), { recursive: true });
    writeFileSync(join(dir, '.hookline', 'settings.json'), JSON.stringify(settings));
    writeFileSync(join(dir, 'junk.txt'), 'junk');
    return dir;
  }

  async function serve(): Promise<Record<string, string>> {
    server = await FakeLlmServer.start();
    let n = 0;
    server.onRequest(() => ({ body: n++ === 0 ? openaiCompletion({ toolCalls: [{ id: 'call_rm', name: 'Bash', arguments: '{"command":"rm junk.txt"}' }] }) : openaiCompletion({ content: 'finished' }) }));
    return { LOCAL_BASE_URL: server.openaiBaseUrl, LOCAL_API_KEY: 'k' };
  }

  it('chat asks the person after a Notification hook heard about it, and runs the call on yes', async () => {
    const dir = project({ permissions: { ask: ['Bash(rm:*)'] } });
    const log = join(dir, 'notifications.txt');
    mkdirSync(join(dir, '.hookline'), { recursive: true });
    writeFileSync(join(dir, '.hookline', 'hooks.json'), JSON.stringify({ hooks: { Notification: [{ matcher: 'permission_prompt', hooks: [script('notify-log.sh', log)] }] } }));
    const env = await serve();
    const result = await hookline(['chat', '-m', 'openai-api/local/test-model', '--tools', 'bash', '--trust-project-hooks', '--transcript-dir', join(dir, 's')], { cwd: dir, env, input: 'delete the junk\ny\n' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /A permission rule needs your permission to run Bash \{"command":"rm junk\.txt"\}\n {2}why: the permission rule ask: Bash\(rm:\*\) needs the user's permission\nAllow\? \[y\/N\]/);
    assert.equal(existsSync(join(dir, 'junk.txt')), false, 'the person said yes, so the call ran');
    assert.match(result.stdout, /finished/);
    assert.equal(readFileSync(log, 'utf8'), 'permission_prompt|hookline needs your permission to use Bash\n');
  });

  it('run -p denies what needs permission, says why, and keeps the file', async () => {
    const dir = project({ permissions: { ask: ['Bash'], defaultMode: 'default' } });
    const env = await serve();
    const result = await hookline(['run', '-p', 'delete the junk', '-m', 'openai-api/local/test-model', '--tools', 'bash', '--transcript-dir', join(dir, 's')], { cwd: dir, env });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(join(dir, 'junk.txt')), 'nobody could answer, so the call was denied');
    const tool = (server!.requests[1]!.body!.messages as Record<string, unknown>[]).find((m) => m.role === 'tool');
    assert.match(contentText(tool), /nobody can answer in a non-interactive run, so the call was denied/);
  });

  it('a bad rule in settings.json stops the run with an error naming the file', async () => {
    const dir = project({ permissions: { deny: ['WebFetch(domain:x)'] } });
    const result = await hookline(['run', '-p', 'hi'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /\.hookline\/settings\.json permissions\.deny\[0\]: 'WebFetch\(domain:x\)': only Bash, Read, Edit and Write rules take a specifier/);
  });
});
