import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { on } from '../../src/hooks/register.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { requestText, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

/** Loads a project whose Stop hook is `script` (a shell script body), trusted for this run. */
async function stopHook(project: string, script: string): Promise<() => void> {
  mkdirSync(join(project, '.hookline'), { recursive: true });
  const file = join(project, '.hookline', 'stop.sh');
  writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  writeFileSync(join(project, '.hookline', 'hooks.json'), JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: file }] }] } }));
  const loaded = await loadCommandHooks({ projectDir: project, userDir: tempDir(), trustProjectHooks: true });
  return () => {
    loaded.unregister();
  };
}

describe('Stop additionalContext with exit 0 (Claude Code behaviour)', () => {
  let unregister: (() => void) | undefined;
  beforeEach(freshHooks);
  afterEach(() => {
    unregister?.();
    unregister = undefined;
  });

  it('sends the context to the model and continues the turn, once per first stop', async () => {
    const project = tempDir();
    unregister = await stopHook(project, [
      'input=$(cat)',
      'case "$input" in *\'"stop_hook_active":true\'*) exit 0 ;; esac',
      'echo \'{"hookSpecificOutput":{"hookEventName":"Stop","additionalContext":"Also update CHANGELOG.md."}}\'',
    ].join('\n'));
    const { model, requests } = scripted([say('draft'), say('changelog updated')]);
    const result = await new Agent({ model, cwd: project, transcriptDir: join(project, 'sessions') }).run('fix the bug');
    assert.equal(result.outcome, 'completed');
    assert.equal(result.text, 'changelog updated');
    assert.equal(requests.length, 2, 'the context made one more model request');
    assert.equal(textOf(requests[1]!.at(-1)), '<hook_context event="Stop">\nAlso update CHANGELOG.md.\n</hook_context>');
    assert.match(requestText(requests[1]), /assistant: draft[\s\S]*Also update CHANGELOG/);
    assert.match(readFileSync(result.transcriptPath, 'utf8'), /Also update CHANGELOG\.md\./);
  });

  it('a Stop hook that always adds context ends at stopHookBlockCap, with a warning', async () => {
    const project = tempDir();
    unregister = await stopHook(project, 'cat >/dev/null\necho \'{"hookSpecificOutput":{"hookEventName":"Stop","additionalContext":"one more thing"}}\'');
    const { model, requests } = scripted([say('1'), say('2'), say('3'), say('4')]);
    const warnings = recordWarnings();
    try {
      const result = await new Agent({ model, stopHookBlockCap: 2, cwd: project, transcriptDir: join(project, 'sessions') }).run('go');
      assert.equal(result.outcome, 'stop_hook_cap');
      assert.equal(requests.length, 3, 'two continuations, then the cap ends the turn');
      assert.match(warnings.messages().join('\n'), /Stop hooks kept the turn going 2 times in a row/);
    } finally {
      warnings.restore();
    }
  });

  it('plain stdout from a Stop hook neither continues the turn nor fails', async () => {
    const project = tempDir();
    unregister = await stopHook(project, 'cat >/dev/null\necho "[12:00] session logged"');
    const { model, requests } = scripted([say('done')]);
    const warnings = recordWarnings();
    try {
      const result = await new Agent({ model, cwd: project, transcriptDir: join(project, 'sessions') }).run('go');
      assert.equal(result.outcome, 'completed');
      assert.equal(requests.length, 1);
      assert.deepEqual(warnings.messages(), []);
    } finally {
      warnings.restore();
    }
  });

  it('an in-process Stop hook returning additionalContext continues the turn the same way', async () => {
    on('onStop', (p) => (p.stopHookActive ? undefined : { additionalContext: 'check the tests' }));
    const { model, requests } = scripted([say('draft'), say('tests checked')]);
    const result = await new Agent({ model, transcriptDir: tempDir() }).run('go');
    assert.equal(result.text, 'tests checked');
    assert.equal(requests.length, 2);
  });
});
