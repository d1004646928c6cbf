import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { tempDir } from '../helpers.ts';
import { fixture, hooksFor, makeProject, writeJson } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../scripts/hookline-dev.mjs', import.meta.url));

interface CliResult { code: number; stdout: string; stderr: string }

function hookline(args: string[], home: string, cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, HOOKLINE_HOME: home, HOOKLINE_NO_BANNER: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

function projectWithPolicy() {
  const project = makeProject(hooksFor('PreToolUse', { matcher: '^Bash$', commands: [fixture('deny.sh'), fixture('exit1.sh')] }));
  const payload = join(tempDir(), 'payload.json');
  writeJson(payload, { tool_name: 'Bash', tool_input: { command: 'rm -rf /' }, tool_use_id: 'call_1', hook_event_name: 'PreToolUse' });
  return { ...project, payload };
}

describe('hookline hooks (command hooks)', () => {
  it('list shows command hooks with their source file and trust state', { timeout: 60_000 }, async () => {
    const { projectDir, userDir } = projectWithPolicy();
    const before = await hookline(['hooks', 'list', '--project', projectDir], userDir, projectDir);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /command:PreToolUse \(not trusted\)\s+\[command, disabled\]/);
    assert.match(before.stdout, new RegExp(`deny\\.sh' \\(timeout 600s\\) — ${join(projectDir, '.hookline', 'hooks.json')} \\(untrusted: not run\\)`));
    assert.match(before.stderr, /not trusted and were skipped/);

    const trusted = await hookline(['hooks', 'trust'], userDir, projectDir);
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.match(trusted.stdout, /Trusted 2 command hook\(s\) of /);
    assert.match(trusted.stdout, /PreToolUse \[\^Bash\$\] .*deny\.sh/);
    assert.match(trusted.stdout, /exit1\.sh/);

    const after = await hookline(['hooks', 'list', '--json', '--project', projectDir], userDir, projectDir);
    const rows = JSON.parse(after.stdout) as { name: string; enabled: boolean; details: string[] }[];
    const row = rows.find((r) => r.name === 'command:PreToolUse');
    assert.ok(row !== undefined, after.stdout);
    assert.equal(row.enabled, true);
    assert.match(row.details[0]!, /deny\.sh' .*\(trusted\)$/);
  });

  it('test runs the configured hooks for one event and prints each outcome and the merge', { timeout: 60_000 }, async () => {
    const { projectDir, userDir, payload } = projectWithPolicy();
    const untrusted = await hookline(['hooks', 'test', 'PreToolUse', '--payload', payload, '--project', projectDir], userDir, projectDir);
    assert.equal(untrusted.code, 0, untrusted.stderr);
    assert.match(untrusted.stdout, /No command hook selected: 2 configured, 0 trusted/);

    const result = await hookline(['hooks', 'test', 'PreToolUse', '--payload', payload, '--project', projectDir, '--trust-project-hooks'], userDir, projectDir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\[blocked\] PreToolUse \[\^Bash\$\] .*deny\.sh/);
    assert.match(result.stdout, /exit 0, \d+ ms/);
    assert.match(result.stdout, /decision: \{.*"reason":"rm -rf is not allowed"\}/);
    assert.match(result.stdout, /\[failed\] .*exit1\.sh[\s\S]*exit 1, \d+ ms\n\s+error: hook exited with code 1\n\s+stderr:\n\s+something went wrong/);
    assert.match(result.stdout, /merged decision:\n\s+blocked: true\n\s+stopped: false\n\s+reason: rm -rf is not allowed\n\s+additionalContext: policy: no deletions/);
  });

  it('test rejects an unknown event with usage', { timeout: 60_000 }, async () => {
    const { projectDir, userDir, payload } = projectWithPolicy();
    const result = await hookline(['hooks', 'test', 'PreTool', '--payload', payload], userDir, projectDir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /'PreTool' is not one/);
  });

  it('trust prints that there is nothing to trust in a project without hooks', { timeout: 60_000 }, async () => {
    const { projectDir, userDir } = makeProject();
    const result = await hookline(['hooks', 'trust', '--project', projectDir], userDir, projectDir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /No project command hooks found/);
  });
});
