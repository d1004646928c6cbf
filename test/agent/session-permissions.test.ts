import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPermissionUpdates, SessionPermissions } from '../../src/agent/session-permissions.ts';
import { resolvePermissionRules } from '../../src/tools/permissions/rules.ts';
import { recordWarnings, tempDir } from '../helpers.ts';

const texts = (p: SessionPermissions, behavior: 'allow' | 'ask' | 'deny') => p.rules?.[behavior].map((r) => r.text) ?? [];
const bash = (ruleContent: string) => ({ toolName: 'Bash', ruleContent });

describe('session permission updates', () => {
  it('add, replace and remove change only the session layer; base rules stay in force until the session ends, with a warning', async () => {
    const permissions = new SessionPermissions('default', resolvePermissionRules({ deny: ['Bash(curl:*)'] }, 'test'));
    const cwd = tempDir();
    const warnings = recordWarnings();
    try {
      await applyPermissionUpdates(permissions, [
        { type: 'addRules', rules: [bash('rm:*'), bash('rm:*')], behavior: 'deny', destination: 'session' },
        { type: 'addRules', rules: [bash('git push:*')], behavior: 'deny', destination: 'session' },
      ], cwd);
      assert.deepEqual(texts(permissions, 'deny'), ['Bash(curl:*)', 'Bash(rm:*)', 'Bash(git push:*)']);
      await applyPermissionUpdates(permissions, [{ type: 'replaceRules', rules: [bash('dd:*')], behavior: 'deny', destination: 'session' }], cwd);
      assert.deepEqual(texts(permissions, 'deny'), ['Bash(curl:*)', 'Bash(dd:*)'], 'replace swaps the session layer, never the base rules');
      await applyPermissionUpdates(permissions, [{ type: 'removeRules', rules: [bash('dd:*'), bash('curl:*')], behavior: 'deny', destination: 'session' }], cwd);
      assert.deepEqual(texts(permissions, 'deny'), ['Bash(curl:*)']);
      assert.ok(warnings.messages().some((m) => m.includes('removed Bash(curl:*) from the deny rules; it was loaded when the session started and stays in force until it ends')), warnings.messages().join('\n'));
    } finally {
      warnings.restore();
    }
  });

  it('skips an update whose rule it cannot parse, and directory updates, with warnings; the rest still apply', async () => {
    const permissions = new SessionPermissions('default', undefined);
    const warnings = recordWarnings();
    try {
      await applyPermissionUpdates(permissions, [
        { type: 'addRules', rules: [{ toolName: 'WebFetch', ruleContent: 'domain:x' }], behavior: 'deny', destination: 'session' },
        { type: 'addDirectories', directories: ['/elsewhere'], destination: 'session' },
        { type: 'setMode', mode: 'plan', destination: 'session' },
      ], tempDir());
    } finally {
      warnings.restore();
    }
    assert.equal(permissions.rules, undefined, 'no rule was added');
    assert.equal(permissions.mode, 'plan', 'the later setMode applied');
    const messages = warnings.messages().join('\n');
    assert.match(messages, /updatedPermissions\[0\] \(addRules → session\) was not applied: .*only Bash, Read, Edit and Write rules take a specifier/);
    assert.match(messages, /addDirectories \(\/elsewhere\); hookline's tools are not confined to folders, so it was not applied/);
  });
});
