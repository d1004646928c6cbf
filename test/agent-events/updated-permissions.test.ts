import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { on } from '../../src/hooks/register.ts';
import { recordWarnings, tempDir } from '../helpers.ts';
import { agentIn, fakeModel, readJsonLines, script, toolResults, useAgentEventTest, useProjectHooks } from './harness.ts';

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('updatedPermissions in a PermissionRequest allow', () => {
  const t = useAgentEventTest();

  it('accepting the suggested acceptEdits for the session lets later edits run without a question, and hooks see the new mode', async () => {
    const project = tempDir();
    const asked = join(project, 'asked.jsonl');
    const pre = join(project, 'pre.jsonl');
    t.unregister = await useProjectHooks(project, {
      PreToolUse: [{ hooks: [script('append-stdin.sh', pre)] }],
      PermissionRequest: [{ matcher: 'Write', hooks: [script('permission-update.mjs', asked, 'suggestions')] }],
    });
    t.model = await fakeModel([{ tools: [['Write', { file_path: 'a.txt', content: 'a' }]] }, { tools: [['Write', { file_path: 'b.txt', content: 'b' }]] }, 'done']);
    await agentIn(t.model, project, { permissions: { ask: ['Edit'] } }).run('write two files');

    assert.ok(existsSync(join(project, 'a.txt')) && existsSync(join(project, 'b.txt')), 'both writes ran');
    const questions = readJsonLines(asked);
    assert.equal(questions.length, 1, 'only the first write was asked about');
    assert.deepEqual(questions[0]!.permission_suggestions, [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }]);
    assert.deepEqual(readJsonLines(pre).map((p) => p.permission_mode), ['default', 'acceptEdits']);
  });

  it('rules a hook adds for the session are in force for the rest of that session only', async () => {
    const project = tempDir();
    writeFileSync(join(project, 'junk.txt'), 'junk');
    const asked = join(project, 'asked.jsonl');
    const denyRm = JSON.stringify([{ type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'rm:*' }], behavior: 'deny', destination: 'session' }]);
    t.unregister = await useProjectHooks(project, { PermissionRequest: [{ matcher: 'Bash', hooks: [script('permission-update.mjs', asked, denyRm)] }] });
    t.model = await fakeModel([{ tools: [['Bash', { command: 'echo one' }]] }, { tools: [['Bash', { command: 'rm junk.txt' }]] }, 'first', { tools: [['Bash', { command: 'rm junk.txt' }]] }, 'second']);
    const agent = agentIn(t.model, project, { permissions: { ask: ['Bash(echo:*)'] } });
    await agent.run('first session');
    assert.match(toolResults(t.model, 1)[0]!, /one/, 'the asked echo was allowed');
    assert.equal(toolResults(t.model, 2)[1], 'Permission to use Bash was denied: the permission rule deny: Bash(rm:*) forbids it.');
    assert.ok(existsSync(join(project, 'junk.txt')), 'the session deny rule kept the file');
    await agent.run('second session');
    assert.equal(existsSync(join(project, 'junk.txt')), false, 'a new session starts without the first session\'s rules');
  });

  it('writes localSettings, projectSettings and userSettings updates into the Claude Code files, keeping every other key, and applies them at once', async () => {
    const project = tempDir();
    const home = tempDir();
    writeFileSync(join(project, 'junk.txt'), 'junk');
    mkdirSync(join(project, '.claude'));
    const local = join(project, '.claude', 'settings.local.json');
    const shared = join(project, '.claude', 'settings.json');
    writeFileSync(local, JSON.stringify({ env: { A: '1' }, permissions: { allow: ['Read'], additionalDirectories: ['../x'] } }));
    writeFileSync(shared, JSON.stringify({ hooks: { Stop: [] }, permissions: { deny: ['Bash(curl:*)'] } }));
    const updates = JSON.stringify([
      { type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'echo:*' }, { toolName: 'Read' }], behavior: 'allow', destination: 'localSettings' },
      { type: 'setMode', mode: 'acceptEdits', destination: 'localSettings' },
      { type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'rm:*' }], behavior: 'deny', destination: 'projectSettings' },
      { type: 'removeRules', rules: [{ toolName: 'Bash', ruleContent: 'curl:*' }], behavior: 'deny', destination: 'projectSettings' },
      { type: 'addRules', rules: [{ toolName: 'WebFetch' }], behavior: 'ask', destination: 'userSettings' },
    ]);
    t.unregister = await useProjectHooks(project, { PermissionRequest: [{ matcher: 'Bash', hooks: [script('permission-update.mjs', join(project, 'asked.jsonl'), updates)] }] });
    t.model = await fakeModel([{ tools: [['Bash', { command: 'echo one' }], ['Bash', { command: 'rm junk.txt' }]] }, 'done']);
    const savedHome = process.env.HOME;
    process.env.HOME = home;
    try {
      await agentIn(t.model, project, { permissions: { ask: ['Bash(echo:*)'] } }).run('go');
    } finally {
      process.env.HOME = savedHome;
    }

    assert.deepEqual(readJson(local), { env: { A: '1' }, permissions: { allow: ['Read', 'Bash(echo:*)'], additionalDirectories: ['../x'], defaultMode: 'acceptEdits' } });
    assert.deepEqual(readJson(shared), { hooks: { Stop: [] }, permissions: { deny: ['Bash(rm:*)'] } });
    assert.deepEqual(readJson(join(home, '.claude', 'settings.json')), { permissions: { ask: ['WebFetch'] } });
    assert.deepEqual(readdirSync(join(project, '.claude')).sort(), ['settings.json', 'settings.local.json'], 'no temporary file is left behind');
    assert.equal(toolResults(t.model, 1)[1], 'Permission to use Bash was denied: the permission rule deny: Bash(rm:*) forbids it.', 'the new deny rule applied in the same turn');
    assert.ok(existsSync(join(project, 'junk.txt')), 'rm did not run');
  });

  it('leaves a settings file that is not valid JSON untouched, warns, and still runs the allowed call', async () => {
    const project = tempDir();
    mkdirSync(join(project, '.claude'));
    const local = join(project, '.claude', 'settings.local.json');
    writeFileSync(local, '{ "permissions": { broken');
    t.unregister = await useProjectHooks(project, { PermissionRequest: [{ matcher: 'Bash', hooks: [script('permission-update.mjs', join(project, 'asked.jsonl'), 'suggestions')] }] });
    t.model = await fakeModel([{ tools: [['Bash', { command: 'echo still-runs' }]] }, 'done']);
    const warnings = recordWarnings();
    try {
      await agentIn(t.model, project, { permissions: { ask: ['Bash'] } }).run('go');
    } finally {
      warnings.restore();
    }
    assert.match(toolResults(t.model, 1)[0]!, /still-runs/);
    assert.equal(readFileSync(local, 'utf8'), '{ "permissions": { broken', 'the broken file was not overwritten');
    assert.ok(warnings.messages().some((m) => /updatedPermissions\[0\] \(addRules → localSettings\) was not applied: .*settings\.local\.json: cannot read the settings .*left as it is/.test(m)), warnings.messages().join('\n'));
  });

  it('in-process PermissionRequest hooks send the same updates: setMode dontAsk for the session denies what follows', async () => {
    const project = tempDir();
    on('onPermissionRequest', (p) => ({ behavior: 'allow', updatedPermissions: [{ type: 'setMode', mode: 'dontAsk', destination: 'session' }], message: p.toolName }));
    t.model = await fakeModel([{ tools: [['Bash', { command: 'echo asked' }], ['Write', { file_path: 'w.txt', content: 'x' }]] }, 'done']);
    await agentIn(t.model, project, { permissions: { ask: ['Bash'] } }).run('go');
    const [echo, write] = toolResults(t.model, 1);
    assert.match(echo!, /asked/);
    assert.match(write!, /^Permission to use Write was denied: dontAsk mode runs only calls/);
    assert.equal(existsSync(join(project, 'w.txt')), false);
  });
});
