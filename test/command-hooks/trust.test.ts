import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isHooklineError } from '../../src/errors.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { hookTrustHash, loadCommandHooks, TRUST_FILE, trustProjectHooks } from '../../src/hooks/sources/command/index.ts';
import { projectScriptsOf } from '../../src/hooks/sources/command/trust.ts';
import { freshHooks, recordWarnings } from '../helpers.ts';
import { fixture, hooksFor, makeProject, preToolUse, writeJson } from './helpers.ts';

describe('trust of project command hooks', () => {
  let warnings: ReturnType<typeof recordWarnings>;
  beforeEach(() => {
    freshHooks();
    warnings = recordWarnings();
  });
  afterEach(() => { warnings.restore(); });

  it('skips an untrusted project hook with one warning that says how to trust it', async () => {
    const { projectDir, userDir } = makeProject(hooksFor('PreToolUse', { commands: [fixture('deny.sh'), fixture('block-exit2.sh')] }));
    const loaded = await loadCommandHooks({ projectDir, userDir });
    assert.deepEqual(loaded.handlers.map((h) => [h.trust, h.active]), [['untrusted', false], ['untrusted', false]]);
    assert.equal(getHookBus().has('onPreToolUse'), false);
    const messages = warnings.messages().filter((m) => m.includes('not trusted'));
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /2 project command hook\(s\) are not trusted and were skipped/);
    assert.match(messages[0]!, /deny\.sh/);
    assert.match(messages[0]!, /hookline hooks trust --project /);
    assert.match(messages[0]!, /--trust-project-hooks/);
  });

  it('runs a trusted hook, and skips it again once its definition changes', async () => {
    const { projectDir, userDir } = makeProject(hooksFor('PreToolUse', { commands: [fixture('deny.sh')] }));
    const trusted = await trustProjectHooks(projectDir, { userDir });
    assert.deepEqual(trusted.trusted.map((h) => h.command), [fixture('deny.sh')]);
    assert.equal(trusted.storeFile, join(userDir, TRUST_FILE));

    const loaded = await loadCommandHooks({ projectDir, userDir });
    assert.deepEqual(loaded.handlers.map((h) => h.trust), ['trusted']);
    assert.equal((await getHookBus().decide('onPreToolUse', preToolUse())).blocked, true);

    writeJson(join(projectDir, '.hookline', 'hooks.json'), hooksFor('PreToolUse', { commands: [{ command: fixture('deny.sh'), timeout: 5 }] }));
    const changed = await loadCommandHooks({ projectDir, userDir });
    assert.deepEqual(changed.handlers.map((h) => h.trust), ['modified']);
    assert.equal(getHookBus().has('onPreToolUse'), false);
    assert.match(warnings.messages().join('\n'), /changed since trusted: not run/);
  });

  it('asks for trust again when a script inside the project that a trusted command runs is edited', async () => {
    const { projectDir, userDir } = makeProject(hooksFor('PreToolUse', { commands: ['"$CLAUDE_PROJECT_DIR"/hooks/guard.sh --strict', 'sh ./hooks/other.sh'] }));
    writeJson(join(projectDir, 'hooks', 'guard.sh'), '#!/bin/sh\nexit 0\n');
    writeJson(join(projectDir, 'hooks', 'other.sh'), 'exit 0\n');
    await trustProjectHooks(projectDir, { userDir });
    const trusted = await loadCommandHooks({ projectDir, userDir, register: false });
    assert.deepEqual(trusted.handlers.map((h) => h.trust), ['trusted', 'trusted']);
    writeJson(join(projectDir, 'hooks', 'guard.sh'), '#!/bin/sh\nrm -rf "$HOME"\n');
    const edited = await loadCommandHooks({ projectDir, userDir, register: false });
    assert.deepEqual(edited.handlers.map((h) => [h.trust, h.active]), [['modified', false], ['trusted', true]]);
  });

  it('hashes the project scripts a command names, and nothing outside the project', () => {
    const { projectDir } = makeProject();
    writeJson(join(projectDir, 'check.py'), 'print(1)');
    assert.deepEqual(Object.keys(projectScriptsOf('python3 check.py /etc/passwd ../x', projectDir)), ['check.py']);
    assert.deepEqual(projectScriptsOf('echo hi', projectDir), {});
  });

  it('--trust-project-hooks trusts for one run only, without writing the store', async () => {
    const { projectDir, userDir } = makeProject(hooksFor('Stop', { commands: [fixture('block-json.sh')] }));
    const loaded = await loadCommandHooks({ projectDir, userDir, trustProjectHooks: true });
    assert.deepEqual(loaded.handlers.map((h) => [h.trust, h.active]), [['trusted-for-run', true]]);
    assert.equal(getHookBus().has('onStop'), true);
    const again = await loadCommandHooks({ projectDir, userDir });
    assert.deepEqual(again.handlers.map((h) => h.trust), ['untrusted']);
  });

  it('trusts user-folder hooks implicitly, and imported hooks only after trust', async () => {
    const { projectDir, userDir } = makeProject(undefined, hooksFor('Stop', { commands: ['true'] }));
    writeJson(join(projectDir, '.claude', 'settings.json'), hooksFor('Stop', { commands: ['false'] }));
    const before = await loadCommandHooks({ projectDir, userDir, importClaude: true });
    assert.deepEqual(before.handlers.map((h) => [h.scope, h.trust]), [['user', 'user'], ['claude', 'untrusted']]);
    await trustProjectHooks(projectDir, { userDir, importClaude: true });
    const after = await loadCommandHooks({ projectDir, userDir, importClaude: true });
    assert.deepEqual(after.handlers.map((h) => [h.scope, h.trust]), [['user', 'user'], ['claude', 'trusted']]);
  });

  it('keys trust by project folder', async () => {
    const hooks = hooksFor('Stop', { commands: ['true'] });
    const a = makeProject(hooks);
    const b = makeProject(hooks);
    await trustProjectHooks(a.projectDir, { userDir: a.userDir });
    const other = await loadCommandHooks({ projectDir: b.projectDir, userDir: a.userDir });
    assert.deepEqual(other.handlers.map((h) => h.trust), ['untrusted']);
    const store = JSON.parse(readFileSync(join(a.userDir, TRUST_FILE), 'utf8')) as { projects: Record<string, { hooks: { hash: string }[] }> };
    assert.deepEqual(Object.keys(store.projects), [a.projectDir]);
  });

  it('hashes the normalised identity: any change to command, matcher, timeout, async or statusMessage changes it', () => {
    const base = { wire: 'PreToolUse', matcher: 'Bash', command: './x', timeoutSec: 600, async: false, statusMessage: undefined };
    const hash = hookTrustHash(base);
    assert.match(hash, /^sha256:[0-9a-f]{64}$/);
    for (const change of [{ command: './y' }, { matcher: 'Edit' }, { timeoutSec: 5 }, { async: true }, { statusMessage: 'hi' }, { wire: 'PostToolUse' }]) {
      assert.notEqual(hookTrustHash({ ...base, ...change }), hash, JSON.stringify(change));
    }
  });

  it('a malformed trust store trusts nothing (with a warning) and is never overwritten', async () => {
    const { projectDir, userDir } = makeProject(hooksFor('Stop', { commands: ['true'] }));
    writeFileSync(join(userDir, TRUST_FILE), '{ nope');
    const loaded = await loadCommandHooks({ projectDir, userDir });
    assert.deepEqual(loaded.handlers.map((h) => h.trust), ['untrusted']);
    assert.match(warnings.messages().join('\n'), /trust store .* is malformed/);
    await assert.rejects(trustProjectHooks(projectDir, { userDir }), (error: unknown) => isHooklineError(error) && error.code === 'CONFIG_INVALID');
    assert.equal(readFileSync(join(userDir, TRUST_FILE), 'utf8'), '{ nope');
  });
});
