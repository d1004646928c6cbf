import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import type { PermissionMode } from '../../src/hooks/payloads/agent.ts';
import { permissionVerdict } from '../../src/tools/permissions/policy.ts';
import { parsePermissionRule, resolvePermissionRules, splitCommand } from '../../src/tools/permissions/rules.ts';

const cwd = '/work/project';

function bash(rule: string, command: string, allParts = false): boolean {
  return parsePermissionRule(rule, 'test').matches('Bash', { command }, cwd, allParts);
}

function file(rule: string, tool: string, path: string): boolean {
  return parsePermissionRule(rule, 'test').matches(tool, { file_path: path }, cwd, false);
}

describe('permission rules in Claude Code syntax', () => {
  it('matches Bash commands exactly, by prefix with :*, and with * wildcards', () => {
    assert.equal(bash('Bash(npm test)', 'npm test'), true);
    assert.equal(bash('Bash(npm test)', 'npm test -- --watch'), false);
    assert.equal(bash('Bash(npm test:*)', 'npm test'), true);
    assert.equal(bash('Bash(npm test:*)', 'npm test -- --watch'), true);
    assert.equal(bash('Bash(npm test:*)', 'npm testing'), false, 'a prefix ends at a word boundary');
    assert.equal(bash('Bash(git * main)', 'git push origin main'), true);
    assert.equal(bash('Bash', 'anything at all'), true);
    assert.equal(bash('Bash(*)', 'anything at all'), true);
  });

  it('splits compound commands: an allow rule must cover every part, a deny rule any part', () => {
    assert.deepEqual(splitCommand('npm test && rm -rf / ; echo "a && b" | wc -l'), ['npm test', 'rm -rf /', 'echo "a && b"', 'wc -l']);
    assert.equal(bash('Bash(npm test:*)', 'npm test && rm -rf /', true), false);
    assert.equal(bash('Bash(rm:*)', 'npm test && rm -rf /', false), true);
  });

  it('matches file tools by gitignore-style globs, Edit rules covering Write too', () => {
    assert.equal(file('Edit(src/**)', 'Edit', 'src/a/b.ts'), true);
    assert.equal(file('Edit(src/**)', 'Write', '/work/project/src/new.ts'), true, 'Edit rules cover Write');
    assert.equal(file('Edit(src/**)', 'Edit', 'lib/x.ts'), false);
    assert.equal(file('Edit(src/*.ts)', 'Edit', 'src/a/b.ts'), false, '* stays within one folder');
    assert.equal(file('Read(*.env)', 'Read', 'config/prod.env'), true, 'a name without / matches in any folder');
    assert.equal(file('Read(//etc/**)', 'Read', '/etc/passwd'), true);
    assert.equal(file('Read(~/secrets/**)', 'Read', `${homedir()}/secrets/key`), true);
    assert.equal(file('Write(src/**)', 'Edit', 'src/a.ts'), false, 'Write rules cover Write only');
    assert.equal(file('Read', 'Read', '/anywhere'), true);
  });

  it('rejects rules it cannot check, naming where they came from', () => {
    assert.throws(() => resolvePermissionRules({ allow: ['WebFetch(domain:example.com)'] }, 'settings.json'), (e: unknown) => e instanceof ConfigError && /settings\.json permissions\.allow\[0\]: 'WebFetch\(domain:example\.com\)': only Bash, Read, Edit and Write rules take a specifier/.test(e.message));
    assert.throws(() => resolvePermissionRules({ deny: ['Bash()'] }, 'x'), /empty specifier/);
    assert.throws(() => resolvePermissionRules({ ask: ['not a rule!'] }, 'x'), /is not a permission rule/);
    assert.throws(() => resolvePermissionRules({ ask: 'Bash' as unknown as string[] }, 'x'), /permissions\.ask must be a list of rule strings/);
  });
});

describe('permission modes', () => {
  const rules = resolvePermissionRules({ allow: ['Bash(npm test:*)'], ask: ['Bash', 'Edit'], deny: ['Bash(rm:*)', 'Read(*.env)'] }, 'test');
  function verdict(mode: PermissionMode, tool: string, input: Record<string, unknown>, hookAsked?: string[]): string {
    const v = permissionVerdict(mode, rules, tool, input, cwd, hookAsked);
    return v.kind;
  }

  it('default: deny rules deny, ask rules ask (winning over allow rules), everything else runs', () => {
    assert.equal(verdict('default', 'Bash', { command: 'rm -rf build' }), 'deny');
    assert.equal(verdict('default', 'Bash', { command: 'ls' }), 'ask');
    assert.equal(verdict('default', 'Bash', { command: 'npm test' }), 'ask', 'ask rules win over allow rules, as in Claude Code');
    assert.equal(verdict('default', 'Write', { file_path: 'a.txt' }), 'ask');
    assert.equal(verdict('default', 'Read', { file_path: 'a.txt' }), 'allow');
    assert.equal(verdict('default', 'Read', { file_path: 'prod.env' }), 'deny');
  });

  it('acceptEdits runs edits without asking; plan runs only read-only tools; bypassPermissions runs all but denied calls', () => {
    assert.equal(verdict('acceptEdits', 'Write', { file_path: 'a.txt' }), 'allow');
    assert.equal(verdict('acceptEdits', 'Bash', { command: 'ls' }), 'ask');
    assert.equal(verdict('plan', 'Write', { file_path: 'a.txt' }), 'deny');
    assert.equal(verdict('plan', 'Bash', { command: 'npm test' }), 'deny');
    assert.equal(verdict('plan', 'Read', { file_path: 'a.txt' }), 'allow');
    assert.equal(verdict('bypassPermissions', 'Bash', { command: 'ls' }), 'allow');
    assert.equal(verdict('bypassPermissions', 'Bash', { command: 'rm x' }), 'deny', 'deny rules hold in every mode');
  });

  it('dontAsk denies whatever would need asking and runs only what an allow rule approves', () => {
    const loose = resolvePermissionRules({ allow: ['Bash(npm test:*)'] }, 'test');
    assert.equal(permissionVerdict('dontAsk', loose, 'Bash', { command: 'npm test' }, cwd, undefined).kind, 'allow');
    assert.equal(permissionVerdict('dontAsk', loose, 'Bash', { command: 'ls' }, cwd, undefined).kind, 'deny');
    assert.equal(permissionVerdict('dontAsk', loose, 'Read', { file_path: 'a' }, cwd, undefined).kind, 'allow');
    assert.equal(permissionVerdict('dontAsk', loose, 'Read', { file_path: 'a' }, cwd, ['why']).kind, 'deny', 'a hook ask is a denial when nobody may be asked');
  });

  it('a PreToolUse ask needs permission even without rules, except where a deny rule or plan mode settles the call', () => {
    assert.equal(permissionVerdict('default', undefined, 'echo', {}, cwd, ['sensitive']).kind, 'ask');
    assert.equal(permissionVerdict('bypassPermissions', undefined, 'echo', {}, cwd, ['sensitive']).kind, 'ask', 'a hook\'s ask is never turned into an allow');
    assert.equal(verdict('default', 'Bash', { command: 'rm x' }, ['why']), 'deny');
    assert.equal(permissionVerdict('default', undefined, 'echo', {}, cwd, undefined).kind, 'allow');
  });
});
