import assert from 'node:assert/strict';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ConfigError, isHooklineError } from '../../src/errors.ts';
import { loadCommandHooks, parseHooksConfig, readHooksFile } from '../../src/hooks/sources/command/index.ts';
import { findProjectDir } from '../../src/hooks/sources/command/load.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { hooksFor, makeProject, writeJson } from './helpers.ts';

function parseError(json: unknown): string {
  try {
    parseHooksConfig(json, '/p/hooks.json', 'project');
  } catch (error) {
    assert.ok(isHooklineError(error), 'a hookline error');
    assert.equal(error.code, 'CONFIG_INVALID');
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

describe('hooks.json parsing', () => {
  let warnings: ReturnType<typeof recordWarnings>;
  beforeEach(() => {
    freshHooks();
    warnings = recordWarnings();
  });
  afterEach(() => { warnings.restore(); });

  it('reads the Codex / Claude Code schema: matcher groups, timeout, statusMessage, async', () => {
    const parsed = parseHooksConfig({
      description: 'ignored top-level key',
      hooks: {
        PreToolUse: [{ matcher: '^Bash$', hooks: [
          { type: 'command', command: './check.sh', timeout: 30, statusMessage: 'Checking' },
          { type: 'command', command: './log.sh', async: true, timeout: 0 },
        ] }],
        SampleEnd: [{ hooks: [{ type: 'command', command: './sample.sh' }] }],
      },
    }, '/p/hooks.json', 'project');
    assert.deepEqual(parsed.warnings, []);
    assert.deepEqual(parsed.definitions.map((d) => ({ event: d.event, command: d.command, timeoutSec: d.timeoutSec, async: d.async, statusMessage: d.statusMessage, key: d.key })), [
      { event: 'onPreToolUse', command: './check.sh', timeoutSec: 30, async: false, statusMessage: 'Checking', key: '/p/hooks.json:PreToolUse:0:0' },
      { event: 'onPreToolUse', command: './log.sh', timeoutSec: 1, async: true, statusMessage: undefined, key: '/p/hooks.json:PreToolUse:0:1' },
      { event: 'onSampleEnd', command: './sample.sh', timeoutSec: 600, async: false, statusMessage: undefined, key: '/p/hooks.json:SampleEnd:0:0' },
    ]);
  });

  it('a wrong shape is a ConfigError naming the file, the JSON path and what was expected', () => {
    assert.match(parseError({ hooks: { PreToolUse: [{ hooks: [{ type: 'command' }, { type: 'command', command: 42 }] }] } }), /\/p\/hooks\.json: hooks\.PreToolUse\[0\]\.hooks\[0\]\.command: expected a string/);
    assert.match(parseError({ hooks: { PreToolUse: [{ hooks: [{ type: 'command', command: 'a' }, { type: 'command', command: 42 }] }] } }), /hooks\.PreToolUse\[0\]\.hooks\[1\]\.command: expected a string .*got number 42/);
    assert.match(parseError({ hooks: { PreToolUse: {} } }), /hooks\.PreToolUse: expected an array of matcher groups, got an object/);
    assert.match(parseError({ hooks: { Stop: [{ hooks: [{ command: 'x' }] }] } }), /hooks\.Stop\[0\]\.hooks\[0\]\.type: expected a handler type/);
    assert.match(parseError({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'x', timeout: -1 }] }] } }), /\.timeout: expected a non-negative number of seconds/);
    assert.match(parseError({ hooks: { Stop: [{ matcher: 3, hooks: [] }] } }), /hooks\.Stop\[0\]\.matcher: expected a string/);
    assert.match(parseError({ hooks: [] }), /hooks: expected an object mapping event names/);
    assert.match(parseError([]), /\(top level\): expected an object/);
  });

  it('skips unknown events, non-command handler types and blank commands with warnings', () => {
    const parsed = parseHooksConfig({
      hooks: {
        TeammateIdle: [{ hooks: [{ type: 'command', command: 'x' }] }],
        onStop: [],
        Stop: [{ hooks: [{ type: 'prompt', prompt: 'check' }, { type: 'command', command: '   ' }, { type: 'command', command: 'ok' }] }],
      },
    }, '/p/hooks.json', 'project');
    assert.deepEqual(parsed.definitions.map((d) => d.command), ['ok']);
    assert.equal(parsed.warnings.length, 4);
    assert.match(parsed.warnings[0]!, /unknown event "TeammateIdle" in \/p\/hooks\.json/);
    assert.match(parsed.warnings[1]!, /unknown event "onStop" .*Did you mean "Stop"\?/);
    assert.match(parsed.warnings[2]!, /skipping prompt hook in \/p\/hooks\.json \(hooks\.Stop\[0\]\.hooks\[0\]\)/);
    assert.match(parsed.warnings[3]!, /skipping empty hook command in \/p\/hooks\.json/);
  });

  it('stops the load at a malformed file, naming the file and where the JSON breaks', async () => {
    const { projectDir, userDir } = makeProject('{"hooks": {\n  "Stop": [}\n}', hooksFor('Stop', { commands: ['true'] }));
    await assert.rejects(loadCommandHooks({ projectDir, userDir, register: false }), (error: unknown) => {
      assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
      assert.match(error.message, /failed to parse hooks config .*\.hookline\/hooks\.json: invalid JSON.*Unexpected token/);
      assert.match(error.message, /HOOKLINE_IGNORE_BAD_HOOKS=1/);
      assert.equal(error.file, join(projectDir, '.hookline', 'hooks.json'));
      return true;
    });
  });

  it('stops the load at a file of the wrong shape, naming the JSON path', async () => {
    const { projectDir, userDir } = makeProject({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 7 }] }] } });
    await assert.rejects(loadCommandHooks({ projectDir, userDir, register: false }), /hooks\.json: .*PreToolUse.*\[0\].*hooks.*\[0\].*command.*expected/);
  });

  it('with ignoreBadHooks (or HOOKLINE_IGNORE_BAD_HOOKS=1), a malformed file contributes no hooks while other files still load', async () => {
    const { projectDir, userDir } = makeProject('{"hooks": {', hooksFor('Stop', { commands: ['true'] }));
    const loaded = await loadCommandHooks({ projectDir, userDir, register: false, ignoreBadHooks: true });
    assert.deepEqual(loaded.handlers.map((h) => [h.scope, h.command]), [['user', 'true']]);
    assert.equal(loaded.errors.length, 1);
    assert.match(loaded.errors[0]!.message, /failed to parse hooks config .*\.hookline\/hooks\.json: invalid JSON/);
    assert.equal(loaded.errors[0]!.file, join(projectDir, '.hookline', 'hooks.json'));
    assert.ok(warnings.messages().some((m) => m.includes('failed to parse hooks config')), 'the parse failure is warned');
    process.env.HOOKLINE_IGNORE_BAD_HOOKS = '1';
    try {
      const fromEnv = await loadCommandHooks({ projectDir, userDir, register: false });
      assert.equal(fromEnv.errors.length, 1);
    } finally {
      delete process.env.HOOKLINE_IGNORE_BAD_HOOKS;
    }
  });

  it('finds the project from a subfolder: the nearest ancestor holding .hookline, and reports the files read', async () => {
    const { projectDir, userDir } = makeProject(hooksFor('Stop', { commands: ['from-root'] }));
    const sub = join(projectDir, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    const loaded = await loadCommandHooks({ projectDir: sub, userDir, register: false, trustProjectHooks: true });
    assert.equal(loaded.projectDir, realpathSync(projectDir));
    assert.deepEqual(loaded.handlers.map((h) => h.command), ['from-root']);
    assert.deepEqual(loaded.files, [join(realpathSync(projectDir), '.hookline', 'hooks.json')]);
  });

  it('does not look above the repository root for .hookline', () => {
    const { projectDir, userDir } = makeProject(hooksFor('Stop', { commands: ['outer'] }));
    const repo = join(projectDir, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'pkg'));
    assert.equal(findProjectDir(join(repo, 'pkg'), userDir), realpathSync(join(repo, 'pkg')));
    assert.equal(findProjectDir(repo, userDir), realpathSync(repo));
  });

  it('reads nothing from a missing file, without a warning', async () => {
    const parsed = await readHooksFile(join(tempDir(), 'nope.json'), 'user');
    assert.deepEqual(parsed.definitions, []);
    assert.equal(parsed.error, undefined);
  });

  it('imports .claude/settings.json and .codex/hooks.json only when asked, after hookline\'s own files', async () => {
    const { projectDir, userDir } = makeProject(hooksFor('Stop', { commands: ['own'] }));
    writeJson(join(projectDir, '.claude', 'settings.json'), { permissions: { allow: [] }, ...(hooksFor('Stop', { commands: ['claude'] }) as object) });
    writeJson(join(projectDir, '.codex', 'hooks.json'), hooksFor('Stop', { commands: ['codex'] }));
    const plain = await loadCommandHooks({ projectDir, userDir, register: false });
    assert.deepEqual(plain.handlers.map((h) => h.command), ['own']);
    const imported = await loadCommandHooks({ projectDir, userDir, register: false, importClaude: true, importCodex: true });
    assert.deepEqual(imported.handlers.map((h) => [h.scope, h.command]), [['project', 'own'], ['claude', 'claude'], ['codex', 'codex']]);
  });

  it('honours "disableAllHooks": true in a file, visibly', async () => {
    const { projectDir, userDir } = makeProject(undefined, { disableAllHooks: true, ...(hooksFor('Stop', { commands: ['x'] }) as object) });
    const loaded = await loadCommandHooks({ projectDir, userDir, register: false });
    assert.deepEqual(loaded.handlers, []);
    assert.match(loaded.warnings.join('\n'), /disabled by "disableAllHooks": true/);
  });
});
