import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AUTH_REFRESH_LIMIT } from '../../src/hooks/api-key.ts';
import { resetHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { ApiKeyOverride } from '../../src/hooks/payloads/model.ts';
import { hooks, registerHooks } from '../../src/hooks/register.ts';
import { getModel, type GenerateConfig, isModelError } from '../../src/model/index.ts';
import { anthropicError, FakeLlmServer, openaiError, type RecordedRequest } from '../fixtures/model/fake-llm-server.ts';
import { recordModelHooks } from '../fixtures/model/hook-recorder.ts';

let server: FakeLlmServer;

before(async () => {
  server = await FakeLlmServer.start();
});

after(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  resetHookBus();
});

/** Hands out short-lived tokens: `token-1` when the client is built, then a new one per request for a key. */
class ShortLivedTokens extends Hooks {
  readonly offered: ApiKeyOverride[] = [];
  override overrideApiKey(data: ApiKeyOverride): string {
    this.offered.push(data);
    return `token-${this.offered.length}`;
  }
}

function keyOf(request: RecordedRequest): string | undefined {
  return request.headers['x-api-key'] ?? request.headers['authorization']?.replace(/^Bearer /, '');
}

const providers = [
  {
    name: 'openai',
    model: (config?: GenerateConfig) => getModel('openai/gpt-test', { baseUrl: server.openaiBaseUrl, apiKey: 'sk-initial', retryBackoff: { initialMs: 1, maxMs: 2, jitterMs: 0 }, ...(config === undefined ? {} : { config }) }),
    unauthorized: (request: RecordedRequest) => ({ status: 401, body: openaiError(`Incorrect API key provided: ${keyOf(request)}`) }),
    envVar: 'OPENAI_API_KEY',
  },
  {
    name: 'anthropic',
    model: (config?: GenerateConfig) => getModel('anthropic/claude-test', { baseUrl: server.anthropicBaseUrl, apiKey: 'sk-initial', retryBackoff: { initialMs: 1, maxMs: 2, jitterMs: 0 }, ...(config === undefined ? {} : { config }) }),
    unauthorized: (request: RecordedRequest) => ({ status: 401, body: anthropicError(`invalid x-api-key ${keyOf(request)}`, 'authentication_error') }),
    envVar: 'ANTHROPIC_API_KEY',
  },
];

for (const provider of providers) {
  describe(`API-key refresh on every authentication failure (${provider.name} SDK, local server)`, () => {
    it('asks overrideApiKey again after each of three 401s in a row and then succeeds', async () => {
      const tokens = registerHooks({ name: 'short-lived-tokens' }, ShortLivedTokens).hook;
      server.onRequest((request) => (keyOf(request) === 'token-4' ? undefined : provider.unauthorized(request)));
      const rec = recordModelHooks();
      const output = await provider.model().generate('hello');
      rec.stop();
      assert.ok(output.completion.length > 0, 'the call succeeded with the fourth key');
      assert.deepEqual(server.requests.map(keyOf), ['token-1', 'token-2', 'token-3', 'token-4']);
      // One offer when the client was built, one per failure, each offering the key that failed.
      assert.deepEqual(tokens.offered, [
        { envVarName: provider.envVar, value: 'sk-initial' },
        { envVarName: provider.envVar, value: 'token-1' },
        { envVarName: provider.envVar, value: 'token-2' },
        { envVarName: provider.envVar, value: 'token-3' },
      ]);
      assert.deepEqual(rec.of('onModelRetry').map((r) => [r['attempt'], r['statusCode']]), [[1, 401], [2, 401], [3, 401]]);
      assert.deepEqual(rec.of('onModelUsage').map((r) => r['retries']), [3]);
    });

    it('stops refreshing when config.maxRetries is used up and reports the authentication failure', async () => {
      const tokens = registerHooks({ name: 'short-lived-tokens' }, ShortLivedTokens).hook;
      server.onRequest(provider.unauthorized);
      let caught: unknown;
      await provider.model({ maxRetries: 2 }).generate('hello').catch((error: unknown) => {
        caught = error;
      });
      assert.ok(isModelError(caught), `expected a ModelError, got ${String(caught)}`);
      assert.match(caught.message, new RegExp(`authentication failed with status 401: .*\\[REDACTED\\].*Check ${provider.envVar}`));
      assert.deepEqual(server.requests.map(keyOf), ['token-1', 'token-2', 'token-3']);
      assert.equal(tokens.offered.length, 3, 'one offer at build time and one per retried failure');
    });

    it(`gives up after ${AUTH_REFRESH_LIMIT} fresh keys when config.maxRetries is unset`, async () => {
      hooks({ name: 'short-lived-tokens' }, ShortLivedTokens);
      server.onRequest(provider.unauthorized);
      await assert.rejects(provider.model().generate('hello'), /authentication failed with status 401/);
      assert.equal(server.requests.length, AUTH_REFRESH_LIMIT + 1);
    });

    it('does not retry a 401 when no hook can supply a key', async () => {
      server.onRequest(provider.unauthorized);
      await assert.rejects(provider.model().generate('hello'), /authentication failed with status 401/);
      assert.equal(server.requests.length, 1);
    });
  });
}
