import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../scripts/hookline-dev.mjs', import.meta.url));
const project = fileURLToPath(new URL('../fixtures/scoped/project/', import.meta.url));

describe('hookline hooks list with component hooks', () => {
  it('shows component registrations from a plugin with source component and their kind', async () => {
    const { stdout } = await run(process.execPath, [bin, 'hooks', 'list'], { cwd: project });
    assert.match(stdout, /hookline-plugin-scoped\/tool:tool-printer {2}\[component from hookline-plugin-scoped, enabled\]\n {2}Prints every tool call\n {2}events: onPreToolUse, onPostToolUse\n {2}component kind: tool \(every tool\)/);
    assert.match(stdout, /hookline-plugin-scoped\/agent:prompt-watch {2}\[component from hookline-plugin-scoped, enabled\]\n {2}events: onUserPromptSubmit\n {2}component kind: agent/);
  });

  it('includes the kind in the JSON details', async () => {
    const { stdout } = await run(process.execPath, [bin, 'hooks', 'list', '--json'], { cwd: project });
    const rows = JSON.parse(stdout) as { name: string; source: string; details: string[] }[];
    const printer = rows.find((r) => r.name === 'hookline-plugin-scoped/tool:tool-printer');
    assert.deepEqual(printer && [printer.source, printer.details], ['component', ['component kind: tool (every tool)']]);
  });
});
