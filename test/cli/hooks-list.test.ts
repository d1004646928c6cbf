import assert from 'node:assert/strict';
import { EVENT_NAMES } from '../../src/hooks/catalog.ts';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../scripts/hookline-dev.mjs', import.meta.url));
const project = fileURLToPath(new URL('../fixtures/plugins/project/', import.meta.url));

describe('hookline hooks list', () => {
  it('shows every plugin hook with its source, state and events', async () => {
    const { stdout } = await run(process.execPath, [bin, 'hooks', 'list'], { cwd: project });
    assert.match(stdout, /hookline-plugin-audit\/audit {2}\[plugin from hookline-plugin-audit, enabled\]/);
    assert.match(stdout, /Audits every run/);
    assert.match(stdout, /@acme\/hookline-tracing\/tracing/);
    assert.match(stdout, /events: onRunStart/);
  });

  it('prints JSON with --json', async () => {
    const { stdout } = await run(process.execPath, [bin, 'hooks', 'list', '--json'], { cwd: project });
    const rows = JSON.parse(stdout) as { name: string; source: string; enabled: boolean; events: string[] }[];
    const audit = rows.find((r) => r.name === 'hookline-plugin-audit/audit');
    assert.deepEqual(audit && { source: audit.source, enabled: audit.enabled, events: audit.events }, {
      source: 'plugin',
      enabled: true,
      events: ['onRunStart'],
    });
  });

  it('lists the event catalog', async () => {
    const { stdout } = await run(process.execPath, [bin, 'hooks', 'events']);
    assert.match(stdout, /onPreToolUse\s+PreToolUse\s+decide\s+\(aliases: onToolStart\)/);
    const listed = stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]);
    assert.deepEqual(listed, [...EVENT_NAMES], 'one line per catalog event, in catalog order');
  });

  it('lists the events a plugin defines after the catalog, and the hook on them', async () => {
    const withDefined = fileURLToPath(new URL('../fixtures/plugins/defined-events/', import.meta.url));
    const { stdout } = await run(process.execPath, [bin, 'hooks', 'events'], { cwd: withDefined });
    assert.match(stdout, /User-defined events \(defineEvent\):\nonReviewDone\s+ReviewDone\s+observe/);
    const json = JSON.parse((await run(process.execPath, [bin, 'hooks', 'events', '--json'], { cwd: withDefined })).stdout) as Record<string, { wire: string; when: string }>;
    assert.deepEqual([json.onReviewDone?.wire, json.onReviewDone?.when, json.onPreToolUse?.wire], ['ReviewDone', 'A code review finishes.', 'PreToolUse']);
    const listed = JSON.parse((await run(process.execPath, [bin, 'hooks', 'list', '--json'], { cwd: withDefined })).stdout) as { name: string; events: string[] }[];
    assert.deepEqual(listed.find((r) => r.name === 'hookline-plugin-review/review-counter')?.events, ['onReviewDone']);
  });

  it('exits non-zero with a clear message for an unknown command', async () => {
    await assert.rejects(run(process.execPath, [bin, 'nope']), (e: { code?: number; stderr?: string }) =>
      e.code === 2 && /unknown command 'nope'/.test(e.stderr ?? ''));
  });
});
