import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { PrerequisiteError } from '../../src/errors.ts';
import { resetHookBus } from '../../src/hooks/bus.ts';
import type { ProviderRequest } from '../../src/model/provider.ts';
import { modelOutputFromText } from '../../src/model/output.ts';
import { createSdkProvider, type SdkDialect, type SdkProviderOptions } from '../../src/model/providers/sdk-provider.ts';

interface Body { readonly text: string }
interface StreamingBody extends Body { readonly stream: true }

/** A dialect over an in-memory "client": records what the skeleton asks of it. */
function recordingDialect(failConnects = 0): { dialect: SdkDialect<{ key: string | undefined }, Body, StreamingBody>; log: string[] } {
  const log: string[] = [];
  let failures = failConnects;
  return {
    log,
    dialect: {
      connect: (key, baseUrl) => {
        log.push(`connect ${String(key)} ${baseUrl}`);
        if (failures-- > 0) return Promise.reject(new Error('SDK failed to load'));
        return Promise.resolve({ key });
      },
      body: (request) => ({ text: String(request.input.length) }),
      streaming: (body) => ({ ...body, stream: true }),
      send: (client, body) => {
        log.push(`send ${body.text} with ${String(client.key)}`);
        return Promise.resolve({ answer: 'plain' });
      },
      sendStreaming: (client, body) => {
        log.push(`stream ${body.text} ${String(body.stream)}`);
        return Promise.resolve({ answer: 'streamed' });
      },
      output: (raw) => modelOutputFromText('fake/model', (raw as { answer: string }).answer),
    },
  };
}

function options(dialect: SdkDialect<{ key: string | undefined }, Body, StreamingBody>, overrides: Partial<SdkProviderOptions<{ key: string | undefined }, Body, StreamingBody>> = {}): SdkProviderOptions<{ key: string | undefined }, Body, StreamingBody> {
  return { api: 'fake', fullName: 'fake/model', baseUrl: 'http://127.0.0.1:9/v1', baseUrlEnvVar: 'FAKE_BASE_URL', apiKey: 'sk-1', apiKeyEnvVar: 'FAKE_API_KEY', keyRequired: true, dialect, ...overrides };
}

function request(stream: boolean): ProviderRequest {
  return { input: [{ role: 'user', content: 'hi' }], tools: [], toolChoice: 'auto', config: stream ? { stream: true } : {}, signal: undefined };
}

describe('the SDK provider skeleton', () => {
  beforeEach(() => {
    resetHookBus();
  });

  it('builds the client once, sends plain and streaming bodies, and records the body it sent', async () => {
    const { dialect, log } = recordingDialect();
    const provider = createSdkProvider(options(dialect));
    const plain = await provider.generate(request(false));
    const streamed = await provider.generate(request(true));
    assert.deepEqual(log, ['connect sk-1 http://127.0.0.1:9/v1', 'send 1 with sk-1', 'stream 1 true']);
    assert.deepEqual([plain.output.completion, plain.call?.request], ['plain', { text: '1' }]);
    assert.deepEqual([streamed.output.completion, streamed.call?.request, streamed.call?.response], ['streamed', { text: '1', stream: true }, { answer: 'streamed' }]);
  });

  it('builds a new client after reauthentication, and loads the SDK again after a failed load', async () => {
    const { dialect, log } = recordingDialect(1);
    const provider = createSdkProvider(options(dialect));
    await assert.rejects(provider.generate(request(false)), /SDK failed to load/);
    await provider.generate(request(false));
    provider.reauthenticate?.();
    await provider.generate(request(false));
    assert.deepEqual(log.filter((line) => line.startsWith('connect')).length, 3, `connects: ${log.join(' | ')}`);
    assert.deepEqual(provider.secrets(), ['sk-1']);
  });

  it('refuses to start without a base URL or a required key, naming the variable', () => {
    const { dialect } = recordingDialect();
    const saved = process.env.FAKE_API_KEY;
    delete process.env.FAKE_API_KEY;
    try {
      assert.throws(() => createSdkProvider(options(dialect, { baseUrl: undefined })), (e: unknown) => e instanceof PrerequisiteError && /set FAKE_BASE_URL/.test(e.message));
      assert.throws(() => createSdkProvider(options(dialect, { apiKey: undefined })), (e: unknown) => e instanceof PrerequisiteError && /set FAKE_API_KEY/.test(e.message));
      assert.equal(createSdkProvider(options(dialect, { apiKey: undefined, keyRequired: false })).apiKeyEnvVar, 'FAKE_API_KEY');
    } finally {
      if (saved !== undefined) process.env.FAKE_API_KEY = saved;
    }
  });
});
