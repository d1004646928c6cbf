import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHookMethods, checkHooksReference, generateHooksReference } from '../../scripts/generate-docs.ts';
import { EVENT_NAMES, catalog } from '../../src/hooks/catalog.ts';
import { extractSnippets, typecheckSnippets } from './snippets.ts';

describe('docs', () => {
  it('docs/hooks-reference.md is what scripts/generate-docs.ts generates (npm run docs)', () => {
    assert.equal(checkHooksReference(), undefined);
  });

  it('documents every Hooks method from the catalog (src/hooks/hook-methods.ts is generated and current)', () => {
    assert.equal(checkHookMethods(), undefined);
  });

  it('documents every event with its wire name, payload fields and a stdin example', () => {
    const text = generateHooksReference();
    for (const name of EVENT_NAMES) {
      const section = text.slice(text.indexOf(`### ${name}\n`));
      assert.ok(text.includes(`### ${name}\n`), `section for ${name}`);
      assert.ok(section.includes(`\`${catalog[name].wire}\``), `${name}: wire name`);
      assert.ok(section.includes(`"hook_event_name": "${catalog[name].wire}"`), `${name}: stdin example`);
      assert.ok(section.includes('| field | on the wire | type | description |'), `${name}: payload table`);
    }
    assert.ok(text.includes('`session_id`, `turn_id`, `agent_id`, `agent_type`, `transcript_path`, `cwd`, `hook_event_name`, `model`, `permission_mode`, `tool_name`'), 'protocol field order of PreToolUse');
    assert.ok(text.includes('| `updatedInput?` | `updated_input` |'), 'ToolUseDecision documented');
  });

  it('reports a stale reference with the first difference and how to fix it', () => {
    const message = checkHooksReference('/nonexistent/hooks-reference.md');
    assert.match(message ?? '', /npm run docs/);
  });

  it('every ```ts block of the guides compiles', () => {
    const snippets = extractSnippets();
    assert.ok(snippets.length >= 10, `found ${snippets.length} snippets`);
    assert.deepEqual(typecheckSnippets(snippets), []);
  });

  it('reports a snippet that does not compile, with its guide and line', () => {
    const errors = typecheckSnippets([{ guide: 'docs/example.md', line: 10, code: "import { on } from 'hookline';\non('onSampleEnded', () => undefined);" }]);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /^docs\/example\.md:12: /);
  });
});
