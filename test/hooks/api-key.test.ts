import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { hasApiKeyOverride, overrideApiKey } from '../../src/hooks/api-key.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { ApiKeyOverride } from '../../src/hooks/payloads/model.ts';
import { hooks } from '../../src/hooks/register.ts';
import { freshHooks, recordWarnings } from '../helpers.ts';

class Recording extends Hooks {
  override overrideApiKey(data: ApiKeyOverride): string | undefined {
    return `mocked-${data.envVarName}-${data.value}`;
  }
}

class Minimal extends Hooks {
  override onRunStart(): void {}
}

describe('overrideApiKey', () => {
  beforeEach(freshHooks);

  it('is detected when a hook implements it', () => {
    hooks({ name: 'test_hooks' }, Recording);
    assert.equal(hasApiKeyOverride(), true);
  });

  it('is not detected for a hook without it, or with no hooks', () => {
    assert.equal(hasApiKeyOverride(), false);
    hooks({ name: 'test_hooks_minimal' }, Minimal);
    assert.equal(hasApiKeyOverride(), false);
  });

  it('is detected with one overriding and one plain hook, and through a base class', () => {
    hooks({ name: 'minimal' }, Minimal);
    hooks({ name: 'derived' }, class Derived extends Recording {});
    assert.equal(hasApiKeyOverride(), true);
  });

  it('returns the first enabled hook\'s string', () => {
    hooks({ name: 'disabled' }, class Disabled extends Recording {
      override enabled(): boolean {
        return false;
      }
      override overrideApiKey(): string {
        return 'from-disabled';
      }
    });
    hooks({ name: 'passes' }, class Passes extends Hooks {
      override overrideApiKey(): undefined {
        return undefined;
      }
    });
    hooks({ name: 'recording' }, Recording);
    hooks({ name: 'later' }, class Later extends Hooks {
      override overrideApiKey(): string {
        return 'never reached';
      }
    });
    assert.equal(overrideApiKey('TEST_VAR', 'test_value'), 'mocked-TEST_VAR-test_value');
  });

  it('returns undefined when nobody overrides', () => {
    hooks({ name: 'minimal' }, Minimal);
    assert.equal(overrideApiKey('TEST_VAR', 'v'), undefined);
  });

  it('reports a throwing hook and tries the next one', () => {
    const { restore, messages } = recordWarnings();
    hooks({ name: 'throws' }, class Throws extends Hooks {
      override overrideApiKey(): string {
        throw new Error('vault unreachable');
      }
    });
    hooks({ name: 'recording' }, Recording);
    const key = overrideApiKey('OPENAI_API_KEY', 'sk-1');
    restore();
    assert.equal(key, 'mocked-OPENAI_API_KEY-sk-1');
    assert.match(messages()[0]!, /Exception calling overrideApiKey on hook 'Throws': vault unreachable/);
  });
});
