// The package's entry points register the built-in integrations' start-up; these deep imports do it here.
import '../../src/integrations/startup.ts';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { PluginLoadError, PrerequisiteError } from '../../src/errors.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { discoverPlugins } from '../../src/hooks/plugins.ts';
import { setDefaultHookTimeout } from '../../src/hooks/timeout.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { initHooks, loadedPlugins } from '../../src/hooks/startup.ts';
import { freshHooks, recordWarnings } from '../helpers.ts';

const project = fileURLToPath(new URL('../fixtures/plugins/project/', import.meta.url));
const brokenProject = fileURLToPath(new URL('../fixtures/plugins/broken-project/', import.meta.url));
const hangingProject = fileURLToPath(new URL('../fixtures/plugins/hanging-project/', import.meta.url));

type Calls = [string, string][];
const globals = globalThis as { __pluginCalls?: Calls; __tracingImplLoaded?: boolean };

function output(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

async function emitRunStart(runId: string): Promise<void> {
  const pending = getHookBus().emit('onRunStart', { evalSetId: undefined, runId, taskNames: [] });
  if (pending !== undefined) await pending;
}

class Recording extends Hooks {
  override onRunStart(): void {}
}

describe('plugin packages', () => {
  beforeEach(() => {
    freshHooks();
    globals.__pluginCalls = [];
  });
  afterEach(() => {
    delete process.env.HOOKLINE_REQUIRED_HOOKS;
  });

  it('discovers packages with a "hookline" field, scoped ones included, past a package.json that is not JSON', () => {
    // node_modules/unparsable-dep has a package.json that is not JSON; it cannot name a registry.
    const names = discoverPlugins(project).map((p) => p.name).sort();
    assert.deepEqual(names, ['@acme/hookline-tracing', 'hookline-plugin-audit', 'hookline-plugin-ts']);
  });

  it('fails on a plugin package.json that is not JSON, naming its folder', () => {
    assert.throws(
      () => discoverPlugins(fileURLToPath(new URL('../fixtures/plugins/malformed-plugin/', import.meta.url))),
      (error: Error) => error instanceof PluginLoadError && /hookline-plugin-malformed/.test(error.message) && /invalid package\.json/.test(error.message),
    );
  });

  it('loads every plugin even when a hook is already registered, namespacing its hooks', async () => {
    hooks({ name: 'already-here' }, Recording); // Inspect #5021 skipped entry points in this case
    await initHooks({ cwd: project, banner: false });
    const names = getHookBus().list().map((r) => r.name);
    assert.deepEqual(names.slice(0, 1), ['already-here']);
    assert.deepEqual(new Set(names.slice(1)), new Set(['@acme/hookline-tracing/tracing', 'hookline-plugin-audit/audit', 'hookline-plugin-ts/decorated']));
    assert.equal(globals.__tracingImplLoaded, true, 'the lazy factory was resolved at start-up');
    for (const r of getHookBus().list().slice(1)) assert.equal(r.source, 'plugin');
    await emitRunStart('42');
    assert.deepEqual(new Set(globals.__pluginCalls), new Set([['audit', '42'], ['tracing', '42'], ['decorated', '42']]));
  });

  it('loads plugins once per process', async () => {
    await initHooks({ cwd: project, banner: false });
    const plugins = loadedPlugins().length;
    const registrations = getHookBus().list().length;
    await initHooks({ cwd: project, banner: false });
    assert.equal(loadedPlugins().length, plugins);
    assert.equal(getHookBus().list().length, registrations);
    await emitRunStart('x');
    // (Modules that registered at import time stay cached across the test's bus reset.)
    assert.equal(globals.__pluginCalls!.filter(([, id]) => id === 'x').length, registrations, 'no duplicate delivery');
  });

  it('warns about a plugin that fails to import, naming the package and the cause, and goes on', async () => {
    const { restore, messages } = recordWarnings();
    await initHooks({ cwd: brokenProject, banner: false });
    restore();
    assert.match(messages().join('\n'), /hookline-plugin-broken.*left-pad/);
    assert.ok(getHookBus().get('hookline-plugin-ok/ok-fn'), 'the working plugin still loaded');
  });

  it('fails when the broken plugin provides a required hook, naming the package and the cause', async () => {
    process.env.HOOKLINE_REQUIRED_HOOKS = 'hookline-plugin-broken/guard';
    await assert.rejects(initHooks({ cwd: brokenProject, banner: false }), (e: unknown) =>
      e instanceof PluginLoadError &&
      e.packageName === 'hookline-plugin-broken' &&
      /hookline-plugin-broken/.test(e.message) &&
      /missing peer dependency "left-pad"/.test(e.message));
  });

  it('gives up on a plugin that never finishes loading after the hook timeout, naming it, and goes on', async () => {
    setDefaultHookTimeout(200);
    const { restore, messages } = recordWarnings();
    try {
      await initHooks({ cwd: hangingProject, banner: false });
    } finally {
      restore();
      setDefaultHookTimeout(undefined);
    }
    assert.match(messages().join('\n'), /hookline-plugin-hanging.*registry\.mjs did not finish loading within 0\.2 s \(the hook timeout, HOOKLINE_HOOK_TIMEOUT\)/);
  });

  it('fails start-up when a required plugin never finishes loading', async () => {
    setDefaultHookTimeout(200);
    process.env.HOOKLINE_REQUIRED_HOOKS = 'hookline-plugin-hanging';
    try {
      await assert.rejects(initHooks({ cwd: hangingProject, banner: false }), (e: unknown) =>
        e instanceof PluginLoadError && e.packageName === 'hookline-plugin-hanging' && /did not finish loading/.test(e.message));
    } finally {
      setDefaultHookTimeout(undefined);
    }
  });

  it('fails when the broken plugin package itself is required', async () => {
    process.env.HOOKLINE_REQUIRED_HOOKS = 'hookline-plugin-broken';
    await assert.rejects(initHooks({ cwd: brokenProject, banner: false }), (e: unknown) => e instanceof PluginLoadError && e.packageName === 'hookline-plugin-broken');
  });
});

describe('start-up banner', () => {
  beforeEach(freshHooks);

  it('lists active (enabled) hooks with name and description, once per process', async () => {
    hooks({ name: 'shown', description: 'Shown in the banner' }, Recording);
    hooks({ name: 'hidden', description: 'Disabled' }, class Disabled extends Hooks {
      override enabled(): boolean {
        return false;
      }
    });
    const out = output();
    await initHooks({ banner: true, output: out.stream, plugins: false });
    await initHooks({ banner: true, output: out.stream, plugins: false });
    const text = out.text();
    assert.match(text, /hooks enabled: 1/);
    assert.match(text, /shown: Shown in the banner/);
    assert.doesNotMatch(text, /hidden/);
    assert.equal(text.split('hooks enabled').length, 2, 'printed once');
  });

  it('can be suppressed', async () => {
    hooks({ name: 'quiet' }, Recording);
    const out = output();
    await initHooks({ banner: false, output: out.stream, plugins: false });
    assert.equal(out.text(), '');
  });

  it('prints nothing when no hook is registered', async () => {
    const out = output();
    await initHooks({ banner: true, output: out.stream, plugins: false });
    assert.equal(out.text(), '');
  });
});

describe('HOOKLINE_REQUIRED_HOOKS', () => {
  beforeEach(freshHooks);
  afterEach(() => {
    delete process.env.HOOKLINE_REQUIRED_HOOKS;
  });

  it('passes when every required hook is registered (whitespace trimmed)', async () => {
    hooks({ name: 'test_hooks' }, Recording);
    hooks({ name: 'test_hooks_2' }, Recording);
    process.env.HOOKLINE_REQUIRED_HOOKS = 'test_hooks, test_hooks_2';
    await initHooks({ banner: false, plugins: false });
  });

  it('fails naming every missing hook and how to install one', async () => {
    hooks({ name: 'test_hooks' }, Recording);
    process.env.HOOKLINE_REQUIRED_HOOKS = 'test_hooks,fake,acme/other';
    await assert.rejects(initHooks({ banner: false, plugins: false }), (e: unknown) => {
      assert.ok(e instanceof PrerequisiteError, 'a PrerequisiteError');
      assert.equal(e.code, 'REQUIRED_HOOKS_MISSING');
      assert.match(e.message, /missing: fake, acme\/other\./);
      assert.match(e.message, /Installed hooks: test_hooks\./);
      assert.match(e.message, /Install the npm package/);
      return true;
    });
  });

  it('tells how to turn on a required built-in hook instead of which package to install', async () => {
    process.env.HOOKLINE_REQUIRED_HOOKS = 'hookline/audit-log,env/telemetry';
    await assert.rejects(initHooks({ banner: false, plugins: false }), (e: unknown) => {
      assert.ok(e instanceof PrerequisiteError, 'a PrerequisiteError');
      assert.match(e.message, /hookline\/audit-log ships with hookline: set HOOKLINE_AUDIT_LOG=1/);
      assert.match(e.message, /env\/telemetry ships with hookline: set HOOKLINE_TELEMETRY=<module>:<export>/);
      assert.doesNotMatch(e.message, /npm package/);
      return true;
    });
  });

  it('counts plugin hooks by their namespaced name', async () => {
    process.env.HOOKLINE_REQUIRED_HOOKS = 'hookline-plugin-audit/audit';
    await initHooks({ cwd: project, banner: false });
  });

  it('counts function hooks registered with a name', async () => {
    on('onRunStart', () => undefined, { name: 'policy-gate' });
    process.env.HOOKLINE_REQUIRED_HOOKS = 'policy-gate';
    await initHooks({ banner: false, plugins: false });
  });
});
