import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { PostToolUse, PreToolUse } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import { getModel } from '../../src/model/index.ts';
import { builtinTools } from '../../src/tools/index.ts';
import { freshHooks, tempDir } from '../helpers.ts';
import { type ChatServer, completion, startChatServer } from '../fixtures/agent/chat-server.ts';

describe('agent over an OpenAI-compatible server', () => {
  let server: ChatServer | undefined;
  const saved = { url: process.env.LOCAL_BASE_URL, key: process.env.LOCAL_API_KEY };

  beforeEach(freshHooks);
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (saved.url === undefined) delete process.env.LOCAL_BASE_URL;
    else process.env.LOCAL_BASE_URL = saved.url;
    if (saved.key === undefined) delete process.env.LOCAL_API_KEY;
    else process.env.LOCAL_API_KEY = saved.key;
  });

  it('makes a real tool call, with hooks, and answers from its result', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'the answer is 42\n');
    server = await startChatServer((request, index) => {
      if (index === 0) {
        return completion({
          tool_calls: [
            { id: 'call_read', type: 'function', function: { name: 'Read', arguments: '{"file_path":"notes.txt"}' } },
            { id: 'call_bad', type: 'function', function: { name: 'Read', arguments: '{"file_path":' } },
          ],
        }, 'tool_calls');
      }
      const tool = request.body.messages.find((m) => m.role === 'tool' && m.tool_call_id === 'call_read');
      return completion({ content: `I read: ${String(tool?.content)}` }, 'stop');
    });
    process.env.LOCAL_BASE_URL = server.baseUrl;
    process.env.LOCAL_API_KEY = 'test-key';
    const pre: PreToolUse[] = [];
    const post: PostToolUse[] = [];
    on('onPreToolUse', (p) => {
      pre.push(p);
    });
    on('onPostToolUse', (p) => {
      post.push(p);
    });
    const agent = new Agent({ model: getModel('openai-api/local/test-model'), tools: builtinTools(['read']), cwd: dir, transcriptDir: dir, system: 'You read files.' });
    const result = await agent.run('What does notes.txt say?');

    assert.equal(result.text, 'I read:      1\tthe answer is 42');
    assert.equal(result.modelCalls, 2);
    assert.deepEqual(result.usage, { inputTokens: 22, outputTokens: 14, totalTokens: 36 });
    assert.equal(server.requests.length, 2);
    const [first, second] = server.requests;
    assert.equal(first!.path, '/v1/chat/completions');
    assert.equal(first!.headers.authorization, 'Bearer test-key');
    assert.equal(first!.body.model, 'test-model');
    assert.deepEqual(first!.body.messages.map((m) => m.role), ['system', 'user']);
    const fn = (first!.body.tools![0] as { function: { name: string; parameters: { required: string[] } } }).function;
    assert.equal(fn.name, 'Read');
    assert.deepEqual(fn.parameters.required, ['file_path']);
    const toolMessages = second!.body.messages.filter((m) => m.role === 'tool');
    assert.deepEqual(toolMessages.map((m) => m.tool_call_id), ['call_read', 'call_bad']);
    assert.match(String(toolMessages[1]!.content), /Could not parse the arguments of tool 'Read' as JSON/);
    assert.deepEqual(pre.map((p) => [p.toolName, p.toolUseId, p.model]), [['Read', 'call_read', 'openai-api/local/test-model']]);
    assert.equal(post[0]!.toolResponse, '     1\tthe answer is 42');
  });
});
