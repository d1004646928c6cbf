import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type CommandHook, compileMatcher, type CompiledMatcher, matcherSelects, parseHooksConfig } from '../../src/hooks/sources/command/index.ts';
import { selectCommandHooks } from '../../src/hooks/sources/command/execute.ts';
import { recordWarnings } from '../helpers.ts';

function compiled(matcher: string | undefined): CompiledMatcher {
  const result = compileMatcher(matcher);
  assert.ok(result.ok, `matcher ${String(matcher)} should validate`);
  return result.matcher;
}

function selects(matcher: string | undefined, value: string): boolean {
  return matcherSelects(compiled(matcher), value);
}

/** Active hooks parsed from a hooks.json object (as if trusted). */
function hooksFrom(config: unknown): CommandHook[] {
  return parseHooksConfig(config, '/tmp/hooks.json', 'user').definitions.map((d) => ({ ...d, hash: '', trust: 'user', active: true, projectDir: '/tmp' }));
}

describe('matchers', () => {
  it('1-3: an omitted, "*" or "" matcher matches everything and validates', () => {
    for (const m of [undefined, '*', '']) {
      assert.equal(selects(m, 'Bash'), true);
      assert.equal(selects(m, 'Write'), true);
      assert.equal(selects(m, 'startup'), true);
    }
  });

  it('Edit|Write matches Edit and Write, not Bash', () => {
    assert.equal(selects('Edit|Write', 'Edit'), true);
    assert.equal(selects('Edit|Write', 'Write'), true);
    assert.equal(selects('Edit|Write', 'Bash'), false);
  });

  it('a literal name matches only itself', () => {
    assert.equal(selects('Bash', 'BashOutput'), false);
    assert.equal(selects('mcp__memory', 'mcp__memory__create_entities'), false);
    assert.equal(selects('mcp__memory__create_entities', 'mcp__memory__create_entities'), true);
  });

  it('6-8: a matcher with regex characters is an unanchored regular expression', () => {
    assert.equal(selects('^Bash', 'BashOutput'), true);
    assert.equal(selects('mcp__memory__.*', 'mcp__memory__create_entities'), true);
    assert.equal(selects('mcp__.*__write.*', 'mcp__filesystem__write_file'), true);
    assert.equal(selects('mcp__.*__write.*', 'mcp__filesystem__read_file'), false);
    assert.equal(selects('^Bash$', 'Bash'), true);
    assert.equal(selects('^Bash$', 'BashOutput'), false);
  });

  it('"[" fails validation', () => {
    assert.equal(compileMatcher('[').ok, false);
  });
});

describe('selection and discovery of matchers', () => {
  let warnings: ReturnType<typeof recordWarnings>;
  beforeEach(() => { warnings = recordWarnings(); });
  afterEach(() => { warnings.restore(); });

  it('UserPromptSubmit and Stop drop their matchers, even invalid ones, without a warning', () => {
    const parsed = parseHooksConfig({
      hooks: {
        UserPromptSubmit: [{ matcher: '^hello', hooks: [{ type: 'command', command: 'a' }] }, { matcher: '[', hooks: [{ type: 'command', command: 'b' }] }],
        Stop: [{ matcher: '^done$', hooks: [{ type: 'command', command: 'c' }] }],
      },
    }, '/tmp/hooks.json', 'user');
    assert.deepEqual(parsed.warnings, []);
    assert.deepEqual(parsed.definitions.map((d) => [d.command, d.matcher, d.timeoutSec]), [['a', undefined, 600], ['b', undefined, 600], ['c', undefined, 600]]);
    const hooks = hooksFrom({ hooks: { UserPromptSubmit: [{ matcher: '^hello', hooks: [{ type: 'command', command: 'a' }] }, { matcher: '[', hooks: [{ type: 'command', command: 'b' }] }] } });
    assert.deepEqual(selectCommandHooks('onUserPromptSubmit', { prompt: 'bye' }, hooks).map((h) => h.command), ['a', 'b']);
  });

  it('tool and session events keep their matchers verbatim', () => {
    const parsed = parseHooksConfig({
      hooks: {
        PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: 'a' }] }],
        PostToolUse: [{ matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'b' }] }],
        SessionStart: [{ matcher: '^startup$', hooks: [{ type: 'command', command: 'c' }] }],
      },
    }, '/tmp/hooks.json', 'user');
    assert.deepEqual(parsed.definitions.map((d) => d.matcher), ['*', 'Edit|Write', '^startup$']);
  });

  it('an invalid regex disables the whole group with a warning naming the file and matcher', () => {
    const parsed = parseHooksConfig({
      hooks: { PreToolUse: [{ matcher: '[', hooks: [{ type: 'command', command: 'a' }, { type: 'command', command: 'b' }] }, { hooks: [{ type: 'command', command: 'c' }] }] },
    }, '/tmp/hooks.json', 'user');
    assert.deepEqual(parsed.definitions.map((d) => d.command), ['c']);
    assert.equal(parsed.warnings.length, 1);
    assert.match(parsed.warnings[0]!, /invalid matcher "\[" in \/tmp\/hooks\.json/);
  });

  it('identical command strings run once per emission (Claude Code de-duplication), in display order', () => {
    const hooks = hooksFrom({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'same' }, { type: 'command', command: 'other' }] }, { hooks: [{ type: 'command', command: 'same', timeout: 5 }] }] } });
    assert.deepEqual(selectCommandHooks('onStop', {}, hooks).map((h) => [h.command, h.timeoutSec]), [['same', 600], ['other', 600]]);
  });

  it('overlapping SessionStart matchers are both selected', () => {
    const hooks = hooksFrom({ hooks: { SessionStart: [{ matcher: 'start.*', hooks: [{ type: 'command', command: 'a' }] }, { matcher: '^startup$', hooks: [{ type: 'command', command: 'b' }] }] } });
    assert.deepEqual(selectCommandHooks('onSessionStart', { source: 'startup' }, hooks).map((h) => h.command), ['a', 'b']);
    assert.deepEqual(selectCommandHooks('onSessionStart', { source: 'resume' }, hooks).map((h) => h.command), []);
  });

  it('tool matchers select by tool name, for PreToolUse and PostToolUse alike', () => {
    for (const [event, method] of [['PreToolUse', 'onPreToolUse'], ['PostToolUse', 'onPostToolUse']] as const) {
      const hooks = hooksFrom({ hooks: { [event]: [
        { matcher: '^Bash$', hooks: [{ type: 'command', command: 'bash' }] },
        { matcher: '^Edit$', hooks: [{ type: 'command', command: 'edit' }] },
        { matcher: '*', hooks: [{ type: 'command', command: 'any' }] },
        { matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'edit-write' }] },
      ] } });
      assert.deepEqual(selectCommandHooks(method, { toolName: 'Bash' }, hooks).map((h) => h.command), ['bash', 'any']);
      assert.deepEqual(selectCommandHooks(method, { toolName: 'Write' }, hooks).map((h) => h.command), ['any', 'edit-write']);
      assert.deepEqual(selectCommandHooks(method, { toolName: 'Edit' }, hooks).map((h) => h.command), ['edit', 'any', 'edit-write']);
    }
  });

  it('events without a matcher field ignore matchers (eval events)', () => {
    const hooks = hooksFrom({ hooks: { SampleEnd: [{ matcher: 'nothing-matches-this', hooks: [{ type: 'command', command: 'a' }] }] } });
    assert.deepEqual(selectCommandHooks('onSampleEnd', { sampleId: 'x' }, hooks).map((h) => h.command), ['a']);
  });

  it('untrusted handlers are never selected', () => {
    const hooks = hooksFrom({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'a' }] }] } }).map((h) => ({ ...h, active: false }));
    assert.deepEqual(selectCommandHooks('onStop', {}, hooks), []);
  });
});
