import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Hooks, hooks } from '../../src/hooks/index.ts';
import type { PreToolUse } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import type { PermissionRequest as AskedQuestion } from '../../src/runtime/context.ts';
import { tempDir } from '../helpers.ts';
import { agentIn, fakeModel, readJsonLines, script, toolResults, useAgentEventTest, useProjectHooks } from './harness.ts';

function commandOf(payload: Record<string, unknown>): string {
  return (payload.tool_input as { command: string }).command;
}

describe('PreToolUse allow, ask and deny against the permission question', () => {
  const t = useAgentEventTest();

  it('a command hook answering allow runs the call in dontAsk mode without firing PermissionRequest or asking anyone', async () => {
    const project = tempDir();
    const asked = join(project, 'permission-requests.jsonl');
    t.unregister = await useProjectHooks(project, {
      PreToolUse: [{ matcher: 'Bash', hooks: [script('pre-tool-decision.sh', 'allow', 'a trusted command')] }],
      PermissionRequest: [{ hooks: [script('append-stdin.sh', asked)] }],
    });
    t.model = await fakeModel([{ tools: [['Bash', { command: 'echo approved-by-hook' }], ['Write', { file_path: 'w.txt', content: 'x' }]] }, 'done']);
    const people: AskedQuestion[] = [];
    await agentIn(t.model, project, { permissionMode: 'dontAsk', askPermission: (q) => Promise.resolve(people.push(q) < 0) }).run('go');

    const [bash, write] = toolResults(t.model, 1);
    assert.match(bash!, /approved-by-hook/, 'the hook-approved Bash call ran');
    assert.equal(write, 'Permission to use Write was denied: dontAsk mode runs only calls an allow rule or a PreToolUse hook approves, and none approves this Write call.');
    assert.equal(existsSync(join(project, 'w.txt')), false, 'without an allow, dontAsk still denies');
    assert.deepEqual(readJsonLines(asked), [], 'PermissionRequest never fired');
    assert.deepEqual(people, [], 'nobody was asked');
  });

  it('a hook allow does not skip deny rules or ask rules: a deny rule denies, an ask rule still fires PermissionRequest', async () => {
    const project = tempDir();
    writeFileSync(join(project, 'keep.txt'), 'keep');
    const asked = join(project, 'permission-requests.jsonl');
    t.unregister = await useProjectHooks(project, {
      PreToolUse: [{ matcher: 'Bash', hooks: [script('pre-tool-decision.sh', 'allow', 'looks fine')] }],
      PermissionRequest: [{ matcher: 'Bash', hooks: [script('permission-gate.py', asked)] }],
    });
    t.model = await fakeModel([{ tools: [['Bash', { command: 'rm keep.txt' }], ['Bash', { command: 'echo via-question' }], ['Bash', { command: 'cat keep.txt' }]] }, 'done']);
    await agentIn(t.model, project, { permissions: { deny: ['Bash(rm:*)'], ask: ['Bash(echo:*)', 'Bash(cat:*)'] } }).run('go');

    const [rm, echo, cat] = toolResults(t.model, 1);
    assert.equal(rm, 'Permission to use Bash was denied: the permission rule deny: Bash(rm:*) forbids it.');
    assert.ok(existsSync(join(project, 'keep.txt')), 'the denied rm did not run');
    assert.match(echo!, /via-question/, 'the ask rule raised the question and the PermissionRequest hook allowed it');
    assert.match(cat!, /^Permission to use Bash was denied: the permission rule ask: Bash\(cat:\*\) needs the user's permission, and nobody can answer/);
    assert.deepEqual(readJsonLines(asked).map(commandOf), ['echo via-question', 'cat keep.txt'], 'the deny rule settled rm before any question');
  });

  it('a command hook answering ask forces the question where bypassPermissions and an allow rule would run the call', async () => {
    const project = tempDir();
    const asked = join(project, 'permission-requests.jsonl');
    t.unregister = await useProjectHooks(project, {
      PreToolUse: [{ matcher: 'Bash', hooks: [script('pre-tool-decision.sh', 'ask', 'double-check this')] }],
      PermissionRequest: [{ matcher: 'Bash', hooks: [script('permission-gate.py', asked)] }],
    });
    t.model = await fakeModel([{ tools: [['Bash', { command: 'echo hook-allowed' }], ['Bash', { command: 'ls' }]] }, 'done']);
    const people: AskedQuestion[] = [];
    await agentIn(t.model, project, { permissionMode: 'bypassPermissions', permissions: { allow: ['Bash'] }, askPermission: (q) => Promise.resolve(people.push(q) < 0) }).run('go');

    const [echo, ls] = toolResults(t.model, 1);
    assert.match(echo!, /hook-allowed/, 'the PermissionRequest hook allowed the asked call');
    assert.equal(ls, 'Command blocked by PreToolUse hook: the user denied permission (double-check this). Command: ls');
    assert.deepEqual(readJsonLines(asked).map(commandOf), ['echo hook-allowed', 'ls']);
    assert.deepEqual(people.map((q) => [q.toolName, q.input.command, q.reasons]), [['Bash', 'ls', ['double-check this']]], 'the person was asked only where no hook decided');
  });

  it('a command hook deny wins over an in-process allow, and nobody is asked', async () => {
    const project = tempDir();
    const asked = join(project, 'permission-requests.jsonl');
    t.unregister = await useProjectHooks(project, {
      PreToolUse: [{ matcher: 'Bash', hooks: [script('pre-tool-decision.sh', 'deny', 'not on this branch')] }],
      PermissionRequest: [{ hooks: [script('append-stdin.sh', asked)] }],
    });
    on('onPreToolUse', () => ({ decision: 'allow' }));
    t.model = await fakeModel([{ tools: [['Bash', { command: 'echo nope' }]] }, 'done']);
    await agentIn(t.model, project, { permissions: { ask: ['Bash'] } }).run('go');
    assert.equal(toolResults(t.model, 1)[0], 'Command blocked by PreToolUse hook: not on this branch. Command: echo nope');
    assert.deepEqual(readJsonLines(asked), []);
  });

  it('function, class and agent-instance hooks get the same semantics: allow approves in dontAsk, ask beats an allow rule, allow does not skip an ask rule', async () => {
    const project = tempDir();
    const questions: string[] = [];
    on('onPermissionRequest', (p) => {
      const command = typeof p.toolInput.command === 'string' ? p.toolInput.command : p.toolName;
      questions.push(`${command}: ${p.reasons.join('; ')}`);
      return command.startsWith('echo') ? { behavior: 'deny', message: 'no echo today' } : { behavior: 'allow' };
    });
    on('onPreToolUse', (p) => (p.toolInput.command === 'echo via-function' || p.toolInput.command === 'pwd' ? { decision: 'allow' } : undefined));
    class AskForLs extends Hooks {
      override onPreToolUse(p: PreToolUse) {
        return p.toolInput.command === 'ls' ? { decision: 'ask' as const, reason: 'the class hook asks' } : undefined;
      }
    }
    hooks({ name: 'ask-for-ls' }, AskForLs);
    const instanceAllowsWrite = { onPreToolUse: (p: PreToolUse) => (p.toolName === 'Write' ? { decision: 'allow' as const } : undefined) };

    t.model = await fakeModel([
      { tools: [['Bash', { command: 'pwd' }], ['Write', { file_path: 'w.txt', content: 'x' }], ['Bash', { command: 'date' }]] }, 'first',
      { tools: [['Bash', { command: 'ls' }], ['Bash', { command: 'echo via-function' }]] }, 'second',
    ]);
    await agentIn(t.model, project, { permissionMode: 'dontAsk', hooks: instanceAllowsWrite }).run('dontAsk');
    const [pwd, write, date] = toolResults(t.model, 1);
    assert.match(pwd!, /^Exit code: 0\nstdout:\n\/tmp\//, 'the function hook approved pwd');
    assert.ok(existsSync(join(project, 'w.txt')), `the agent-instance hook approved the Write (${write})`);
    assert.match(date!, /^Permission to use Bash was denied: dontAsk mode runs only calls an allow rule or a PreToolUse hook approves/);
    assert.deepEqual(questions, [], 'no call in dontAsk mode raised a question');

    await agentIn(t.model, project, { permissions: { allow: ['Bash'], ask: ['Bash(echo:*)'] } }).run('default');
    const [ls, echo] = toolResults(t.model, 3);
    assert.match(ls!, /w\.txt/, 'the PermissionRequest hook allowed the ls the class hook asked about');
    assert.equal(echo, 'Permission to use Bash was denied: no echo today.');
    assert.deepEqual(questions, ['ls: the class hook asks', "echo via-function: the permission rule ask: Bash(echo:*) needs the user's permission"]);
  });
});
