import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getHookBus } from '../../src/hooks/bus.ts';
import { describeHookSet, hookSetHash, hookSetRecord } from '../../src/hooks/hook-set.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import { initHooks } from '../../src/hooks/startup.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { hooksFor, makeProject } from '../command-hooks/helpers.ts';

class Usage extends Hooks {
  override onModelUsage(): void {}
  override onSampleEnd(): void {}
}

class Other extends Hooks {
  override onRunEnd(): void {}
}

function logEnd(): void {}

describe('hook-set hash', () => {
  beforeEach(resetHooks);

  it('describes hooks by name, source, package and events (catalog order, wire names)', () => {
    hooks({ name: 'usage' }, Usage);
    on('onRunStart', logEnd);
    assert.deepEqual(describeHookSet(), [
      { name: 'usage', source: 'class', events: ['SampleEnd', 'ModelUsage'] },
      { name: 'onRunStart:logEnd', source: 'function', events: ['RunStart'] },
    ]);
    const record = hookSetRecord();
    assert.match(record.hash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(record.hash, hookSetHash(record.hooks));
  });

  it('gives the same set the same hash, whatever the registration order and function-hook counters', () => {
    on('onTaskEnd', logEnd);
    hooks({ name: 'usage' }, Usage);
    hooks({ name: 'other' }, Other);
    const first = hookSetHash();
    resetHooks();
    on('onSampleEnd', () => undefined); // bumps the generated-name counter, then goes away
    resetHooks();
    hooks({ name: 'other' }, Other);
    hooks({ name: 'usage' }, Usage);
    on('onTaskEnd', logEnd);
    assert.equal(hookSetHash(), first);
  });

  it('changes when a hook is added, removed, or handles other events', () => {
    hooks({ name: 'usage' }, Usage);
    const base = hookSetHash();
    const off = on('onRunEnd', logEnd);
    assert.notEqual(hookSetHash(), base, 'added');
    off();
    assert.equal(hookSetHash(), base, 'removed again');
    hooks({ name: 'usage' }, Other); // same name, other events
    assert.notEqual(hookSetHash(), base, 'changed events');
  });

  it('includes command-hook definitions: same files give the same hash in any folder, a changed command a new one', async () => {
    const config = hooksFor('PreToolUse', { matcher: 'Bash', commands: ['./check.sh'] });
    const a = makeProject(config);
    const b = makeProject(config);
    await loadCommandHooks({ projectDir: a.projectDir, userDir: a.userDir, trustProjectHooks: true });
    const hooksA = describeHookSet(getHookBus().list(), { cwd: a.projectDir });
    assert.equal(hooksA.length, 1);
    assert.equal(hooksA[0]!.source, 'command');
    assert.deepEqual(hooksA[0]!.commands, ['PreToolUse [Bash] ./check.sh (timeout 600s) — ./.hookline/hooks.json']);
    resetHooks();
    await loadCommandHooks({ projectDir: b.projectDir, userDir: b.userDir, trustProjectHooks: true });
    assert.equal(hookSetHash(describeHookSet(getHookBus().list(), { cwd: b.projectDir })), hookSetHash(hooksA), 'same definitions, other folder');
    resetHooks();
    const c = makeProject(hooksFor('PreToolUse', { matcher: 'Bash', commands: ['./check.sh --strict'] }));
    await loadCommandHooks({ projectDir: c.projectDir, userDir: c.userDir, trustProjectHooks: true });
    assert.notEqual(hookSetHash(describeHookSet(getHookBus().list(), { cwd: c.projectDir })), hookSetHash(hooksA), 'changed command');
  });

  it('names plugin packages and their versions', async () => {
    await initHooks({ cwd: fileURLToPath(new URL('../fixtures/plugins/project/', import.meta.url)), banner: false });
    const audit = describeHookSet().find((h) => h.name === 'hookline-plugin-audit/audit');
    assert.deepEqual(audit, { name: 'hookline-plugin-audit/audit', source: 'plugin', package: 'hookline-plugin-audit', version: '1.2.0', events: ['RunStart'] });
  });

  it('marks unresolved lazy registrations', () => {
    void hooks({ name: 'lazy' }, async () => Usage);
    assert.deepEqual(describeHookSet(), [{ name: 'lazy', source: 'class', events: [], lazy: true }]);
  });
});
