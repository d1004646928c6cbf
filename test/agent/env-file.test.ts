import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import { builtinTools } from '../../src/tools/index.ts';
import type { ChatMessageTool } from '../../src/types/model.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { callTool, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

/** Writes `.hookline/hooks.json` with one SessionStart script (a `set -u` shell body) and loads it. */
async function sessionStartHook(project: string, body: string): Promise<() => void> {
  mkdirSync(join(project, '.hookline'), { recursive: true });
  const file = join(project, '.hookline', 'session-start.sh');
  writeFileSync(file, `#!/bin/sh\nset -eu\ncat >/dev/null\n${body}\n`, { mode: 0o755 });
  writeFileSync(join(project, '.hookline', 'hooks.json'), JSON.stringify({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: file }] }] } }));
  const loaded = await loadCommandHooks({ projectDir: project, userDir: tempDir(), trustProjectHooks: true });
  return () => {
    loaded.unregister();
  };
}

function toolTexts(requests: readonly (readonly { role: string }[])[]): string[] {
  return requests.flatMap((r) => r.filter((m): m is ChatMessageTool => m.role === 'tool')).map((m) => textOf(m));
}

describe('CLAUDE_ENV_FILE and the environment of hooks', () => {
  let unregister: (() => void) | undefined;
  beforeEach(freshHooks);
  afterEach(() => {
    unregister?.();
    unregister = undefined;
  });

  it('a SessionStart hook under set -u appends exports that later Bash calls see', async () => {
    const project = tempDir();
    unregister = await sessionStartHook(project, [
      'echo \'export GREETING="hello world"\' >> "$CLAUDE_ENV_FILE"',
      'echo \'export PATH="$HOME/hookline-test-bin:$PATH"\' >> "$CLAUDE_ENV_FILE"',
      'echo "MODE=strict" >> "$CLAUDE_ENV_FILE"',
      'echo "project=$CLAUDE_PROJECT_DIR"',
    ].join('\n'));
    const { model, requests } = scripted([
      callTool('Bash', { command: 'echo "$GREETING|$MODE"; case "$PATH" in "$HOME/hookline-test-bin:"*) echo path-prepended ;; esac' }),
      say('done'),
    ]);
    const agent = new Agent({ model, tools: builtinTools(['bash']), cwd: project, transcriptDir: join(project, 'sessions') });
    const result = await agent.run('show the env');
    assert.equal(result.outcome, 'completed');
    assert.equal(toolTexts(requests)[0], 'Exit code: 0\nstdout:\nhello world|strict\npath-prepended');
    assert.match(textOf(requests[0]![0]), new RegExp(`project=${project}`), 'the hook saw CLAUDE_PROJECT_DIR (plain stdout became context)');
    assert.equal(process.env.GREETING, undefined, 'hookline\'s own environment is unchanged');
  });

  it('gives the file under both names, empty and next to the transcript', async () => {
    const project = tempDir();
    const seen = join(project, 'seen.txt');
    unregister = await sessionStartHook(project, `printf '%s\\n%s\\n%s' "$CLAUDE_ENV_FILE" "$CODEX_ENV_FILE" "$(wc -c < "$CLAUDE_ENV_FILE")" > '${seen}'`);
    const { model } = scripted([say('ok')]);
    const result = await new Agent({ model, cwd: project, transcriptDir: join(project, 'sessions') }).run('hi');
    const [claude, codex, bytes] = readFileSync(seen, 'utf8').split('\n');
    assert.equal(claude, join(project, 'sessions', 'session-env', result.sessionId, 'env.sh'));
    assert.equal(codex, claude);
    assert.equal(bytes?.trim(), '0');
  });

  it('a file the shell cannot load is a warning, and Bash runs without it', async () => {
    const project = tempDir();
    unregister = await sessionStartHook(project, 'echo \'export BROKEN="unterminated\' >> "$CLAUDE_ENV_FILE"');
    const { model, requests } = scripted([callTool('Bash', { command: 'echo "[${BROKEN:-unset}]"' }), say('done')]);
    const warnings = recordWarnings();
    try {
      await new Agent({ model, tools: builtinTools(['bash']), cwd: project, transcriptDir: join(project, 'sessions') }).run('go');
    } finally {
      warnings.restore();
    }
    assert.match(warnings.messages().join('\n'), /session env file .*env\.sh \(CLAUDE_ENV_FILE\) could not be loaded/);
    assert.equal(toolTexts(requests)[0], 'Exit code: 0\nstdout:\n[unset]');
  });
});
