import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePermissionRule } from '../../src/tools/permissions/rules.ts';
import { commandPrefix, permissionSuggestions, ruleText } from '../../src/tools/permissions/suggestions.ts';

function bashRules(command: string): string[] {
  const [first, ...rest] = permissionSuggestions('Bash', { command });
  assert.equal(rest.length, 0, 'one addRules entry for a Bash call');
  if (first === undefined) return [];
  assert.ok(first.type === 'addRules' && first.behavior === 'allow' && first.destination === 'localSettings', `an always-allow entry for the local settings: ${JSON.stringify(first)}`);
  return first.rules.map(ruleText);
}

describe('permission suggestions', () => {
  it('suggests Bash prefix rules: the command word, plus the subcommand of tools organised by subcommands', () => {
    assert.deepEqual(bashRules('npm test -- --watch'), ['Bash(npm test:*)']);
    assert.deepEqual(bashRules('git status'), ['Bash(git status:*)']);
    assert.deepEqual(bashRules('rm -rf build'), ['Bash(rm:*)']);
    assert.deepEqual(bashRules('echo hello'), ['Bash(echo:*)']);
    assert.deepEqual(bashRules('NODE_ENV=test npm run lint'), ['Bash(npm run:*)'], 'leading variable assignments are not the command');
    assert.equal(commandPrefix('git ./path'), 'git', 'a path is not a subcommand');
  });

  it('covers every part of a compound command once, and suggests nothing when a part cannot be a rule', () => {
    assert.deepEqual(bashRules('npm test && git status; npm test'), ['Bash(npm test:*)', 'Bash(git status:*)']);
    assert.deepEqual(bashRules('"weird cmd" --x && ls'), [], 'an allow rule must cover every part, so a partial suggestion would approve nothing');
    assert.deepEqual(permissionSuggestions('Bash', {}), []);
  });

  it('offers acceptEdits for the session on file edits, and a tool rule for other tools', () => {
    assert.deepEqual(permissionSuggestions('Write', { file_path: 'a.txt', content: '' }), [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }]);
    assert.deepEqual(permissionSuggestions('Edit', { file_path: 'a.txt' }), [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }]);
    assert.deepEqual(permissionSuggestions('WebFetch', { url: 'https://x' }), [{ type: 'addRules', rules: [{ toolName: 'WebFetch' }], behavior: 'allow', destination: 'localSettings' }]);
    assert.deepEqual(permissionSuggestions('my.tool', {}), [], 'a tool name no rule can spell gets no suggestion');
  });

  it('suggests only rules the permission-rule parser accepts', () => {
    for (const command of ['npm test', 'git push origin main', 'ls -la | wc -l', 'make build', 'cat a.txt']) {
      for (const rule of bashRules(command)) assert.doesNotThrow(() => parsePermissionRule(rule, 'suggestion'), rule);
    }
  });
});
