import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { on } from '../../src/hooks/register.ts';
import { getModel } from '../../src/model/index.ts';
import { freshHooks, tempDir } from '../helpers.ts';
import { anthropicMessage, FakeLlmServer, openaiCompletion } from '../fixtures/model/fake-llm-server.ts';

const CONTEXT = '<hook_context event="UserPromptSubmit">\nthe repo uses tabs\n</hook_context>';

describe('the role of hook context in provider requests', () => {
  let server: FakeLlmServer;
  beforeEach(async () => {
    freshHooks();
    server = await FakeLlmServer.start();
    on('onUserPromptSubmit', () => ({ additionalContext: 'the repo uses tabs' }));
  });
  afterEach(async () => {
    await server.close();
  });

  it('OpenAI gets a developer message after the prompt, as Codex sends it', async () => {
    server.enqueue({ body: openaiCompletion({ content: 'ok' }) });
    const model = getModel('openai/gpt-test', { baseUrl: server.openaiBaseUrl, apiKey: 'sk-test' });
    await new Agent({ model, system: 'Be brief.', transcriptDir: tempDir() }).run('fix the indent');
    assert.deepEqual(server.requests[0]!.body!.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'fix the indent' },
      { role: 'developer', content: CONTEXT },
    ]);
  });

  it('an OpenAI-compatible server gets the tagged user message', async () => {
    server.enqueue({ body: openaiCompletion({ content: 'ok' }) });
    const model = getModel('openai-api/local/llama', { baseUrl: server.openaiBaseUrl, apiKey: 'k' });
    await new Agent({ model, transcriptDir: tempDir() }).run('fix the indent');
    assert.deepEqual(server.requests[0]!.body!.messages, [
      { role: 'user', content: 'fix the indent' },
      { role: 'user', content: CONTEXT },
    ]);
  });

  it('Anthropic (no mid-conversation system role) gets the tagged text in the user turn', async () => {
    server.enqueue({ body: anthropicMessage({ text: 'ok' }) });
    const model = getModel('anthropic/claude-test', { baseUrl: server.anthropicBaseUrl, apiKey: 'sk-ant-test' });
    await new Agent({ model, transcriptDir: tempDir() }).run('fix the indent');
    const messages = server.requests[0]!.body!.messages as { role: string; content: unknown }[];
    assert.deepEqual(messages.map((m) => m.role), ['user'], 'consecutive user messages are one user turn');
    assert.match(JSON.stringify(messages[0]!.content), /fix the indent[\s\S]*the repo uses tabs/);
  });
});
