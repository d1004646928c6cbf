import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { resetHookBus } from '../../src/hooks/bus.ts';
import { getModel } from '../../src/model/index.ts';
import { FakeLlmServer, openaiError } from '../fixtures/model/fake-llm-server.ts';

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

describe('openai provider settings', () => {
  it('reads the key and base URL from OPENAI_API_KEY and OPENAI_BASE_URL', async () => {
    process.env['OPENAI_API_KEY'] = 'sk-from-env-0000';
    process.env['OPENAI_BASE_URL'] = server.openaiBaseUrl;
    try {
      await getModel('openai/gpt-env').generate('x');
      assert.equal(server.requests[0]!.headers['authorization'], 'Bearer sk-from-env-0000');
      delete process.env['OPENAI_API_KEY'];
      assert.throws(() => getModel('openai/gpt-env'), /openai\/gpt-env needs an API key: set OPENAI_API_KEY, or pass apiKey to getModel\(\)/);
    } finally {
      delete process.env['OPENAI_API_KEY'];
      delete process.env['OPENAI_BASE_URL'];
    }
  });
});

describe('openai-api provider (any OpenAI-compatible server)', () => {
  it('reads <SERVICE>_BASE_URL and <SERVICE>_API_KEY and sends the bare model name', async () => {
    process.env['MY_LOCAL_BASE_URL'] = server.openaiBaseUrl;
    process.env['MY_LOCAL_API_KEY'] = 'local-key-42';
    try {
      const model = getModel('openai-api/my-local/meta/llama-3', { config: { maxTokens: 12, topK: 5 } });
      assert.equal(model.name, 'openai-api/my-local/meta/llama-3');
      await model.generate('x');
      const [request] = server.requests;
      assert.equal(request!.headers['authorization'], 'Bearer local-key-42');
      assert.equal(request!.body!['model'], 'meta/llama-3');
      assert.equal(request!.body!['max_tokens'], 12);
      assert.equal(request!.body!['top_k'], 5);
    } finally {
      delete process.env['MY_LOCAL_BASE_URL'];
      delete process.env['MY_LOCAL_API_KEY'];
    }
  });

  it('names the missing base URL variable', () => {
    assert.throws(() => getModel('openai-api/lm-studio/qwen'), /openai-api\/lm-studio\/qwen needs a base URL: set LM_STUDIO_BASE_URL/);
  });

  it('works without a key for local servers and names the key variable on a 401', async () => {
    server.enqueue({ status: 401, body: openaiError('no key') });
    const model = getModel('openai-api/ollama/llama3', { baseUrl: server.openaiBaseUrl });
    await assert.rejects(model.generate('x'), /authentication failed with status 401: no key\. Check OLLAMA_API_KEY/);
  });
});
