import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { tempDir } from '../helpers.ts';
import { hookline } from '../cli/run-cli.ts';
import { FakeLlmServer, openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { contentText } from './harness.ts';

function claudeProject(files: { settings?: unknown; local?: unknown }): string {
  const dir = tempDir();
  mkdirSync(join(dir, '.claude'), { recursive: true });
  if (files.settings !== undefined) writeFileSync(join(dir, '.claude', 'settings.json'), JSON.stringify(files.settings));
  if (files.local !== undefined) writeFileSync(join(dir, '.claude', 'settings.local.json'), typeof files.local === 'string' ? files.local : JSON.stringify(files.local));
  writeFileSync(join(dir, 'junk.txt'), 'junk');
  return dir;
}

const CALLS = [
  { id: 'call_rm', name: 'Bash', arguments: '{"command":"rm junk.txt"}' },
  { id: 'call_echo', name: 'Bash', arguments: '{"command":"echo allowed-by-rule"}' },
  { id: 'call_touch', name: 'Bash', arguments: '{"command":"touch new.txt"}' },
];

describe('--import-claude reads the permissions of Claude Code settings files', () => {
  let server: FakeLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(): Promise<Record<string, string>> {
    server = await FakeLlmServer.start();
    let n = 0;
    server.onRequest(() => ({ body: n++ % 2 === 0 ? openaiCompletion({ toolCalls: CALLS }) : openaiCompletion({ content: 'finished' }) }));
    return { LOCAL_BASE_URL: server.openaiBaseUrl, LOCAL_API_KEY: 'k' };
  }

  function toolTexts(request: number): string[] {
    return (server!.requests[request]!.body!.messages as Record<string, unknown>[]).filter((m) => m.role === 'tool').map((m) => contentText(m));
  }

  const run = (dir: string, env: Record<string, string>, ...extra: string[]) =>
    hookline(['run', '-p', 'tidy up', '-m', 'openai-api/local/test-model', '--tools', 'bash', '--transcript-dir', join(dir, 's'), ...extra], { cwd: dir, env });

  it('applies the rules of settings.json and settings.local.json and the local defaultMode; without the flag they do nothing', async () => {
    const dir = claudeProject({
      settings: { permissions: { deny: ['Bash(rm:*)'], allow: ['WebFetch(domain:docs.example.com)'] } },
      local: { permissions: { allow: ['Bash(echo:*)'], defaultMode: 'dontAsk' } },
    });
    const env = await serve();
    const imported = await run(dir, env, '--import-claude');
    assert.equal(imported.code, 0, imported.stderr);
    const [rm, echo, touch] = toolTexts(1);
    assert.equal(rm, 'Permission to use Bash was denied: the permission rule deny: Bash(rm:*) forbids it.');
    assert.match(echo!, /allowed-by-rule/, 'the local allow rule approved echo in dontAsk mode');
    assert.match(touch!, /dontAsk mode runs only calls an allow rule or a PreToolUse hook approves/);
    assert.ok(existsSync(join(dir, 'junk.txt')), 'the deny rule kept the file');
    assert.equal(existsSync(join(dir, 'new.txt')), false, 'dontAsk from settings.local.json denied touch');
    assert.match(imported.stderr, /\.claude\/settings\.json permissions\.allow\[0\]: hookline cannot check the specifier of 'WebFetch\(domain:docs\.example\.com\)', so this allow rule approves nothing here/);

    const plain = await run(dir, env);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(existsSync(join(dir, 'junk.txt')), false, 'without --import-claude the Claude rules do not apply');
    assert.ok(existsSync(join(dir, 'new.txt')), 'nor does its defaultMode');
  });

  it('a malformed permissions block stops the run with an error naming the file and the key', async () => {
    const cases: [unknown, RegExp][] = [
      [{ permissions: { deny: 'Bash(rm:*)' } }, /\.claude\/settings\.local\.json: permissions\.deny must be a list of rule strings/],
      [{ permissions: { denny: ['Bash(rm:*)'] } }, /\.claude\/settings\.local\.json: permissions\.denny is not a setting hookline knows/],
      [{ permissions: { ask: ['Bash(npm test:*)', 'Bash('] } }, /\.claude\/settings\.local\.json permissions\.ask\[1\]: 'Bash\(' is not a permission rule/],
      [{ permissions: { defaultMode: 'auto' } }, /\.claude\/settings\.local\.json: permissions\.defaultMode must be one of default, acceptEdits, plan, dontAsk, bypassPermissions, got "auto"/],
      ['{"permissions": {', /\.claude\/settings\.local\.json: cannot read the settings/],
    ];
    for (const [local, message] of cases) {
      const dir = claudeProject({ local });
      const result = await hookline(['run', '-p', 'hi', '--import-claude'], { cwd: dir });
      assert.equal(result.code, 1, `${JSON.stringify(local)} stops the run`);
      assert.match(result.stderr, message);
      const ignored = await hookline(['run', '-p', 'hi', '--transcript-dir', join(dir, 's')], { cwd: dir });
      assert.equal(ignored.code, 0, `without --import-claude the file is not read: ${ignored.stderr}`);
    }
  });

  it('honours disableBypassPermissionsMode: bypassPermissions is refused, naming the file', async () => {
    const dir = claudeProject({ settings: { permissions: { disableBypassPermissionsMode: 'disable' } } });
    const result = await hookline(['run', '-p', 'hi', '--import-claude', '--permission-mode', 'bypassPermissions'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /\.claude\/settings\.json: permissions\.disableBypassPermissionsMode is "disable", so bypassPermissions mode cannot be used/);
  });
});
