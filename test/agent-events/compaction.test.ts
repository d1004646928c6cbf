import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { COMPACT_PROMPT } from '../../src/agent/compaction.ts';
import { readTranscript } from '../../src/agent/transcript.ts';
import { builtinTools } from '../../src/tools/index.ts';
import { tempDir } from '../helpers.ts';
import { hookline } from '../cli/run-cli.ts';
import { FakeLlmServer, openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { contentText, fakeModel, readJsonLines, script, useAgentEventTest, useProjectHooks } from './harness.ts';

function requestText(messages: Record<string, unknown>[] | undefined): string {
  return (messages ?? []).map((m) => `${String(m.role)}: ${contentText(m)}`).join('\n');
}

describe('context compaction', () => {
  const t = useAgentEventTest();

  it('compacts automatically past the token budget with a model-written summary, keeping hook context, then fires SessionStart with source compact', async () => {
    const project = tempDir();
    const sources = join(project, 'sources.txt');
    const pre = join(project, 'pre.jsonl');
    const post = join(project, 'post.jsonl');
    t.unregister = await useProjectHooks(project, {
      SessionStart: [{ hooks: [script('session-context.sh', sources)] }],
      UserPromptSubmit: [{ hooks: [script('prompt-context.py')] }],
      PreCompact: [{ matcher: 'auto', hooks: [script('precompact-log.mjs', pre)] }],
      PostCompact: [{ hooks: [script('log-stdin.py', post)] }],
    });
    t.model = await fakeModel([
      { tools: [['Bash', { command: "printf 'x%.0s' $(seq 1 2000)" }]] },
      'SUMMARY: the user asked for a long line; 2000 x were printed; nothing is left to do.',
      'done',
    ]);
    const agent = new Agent({ model: t.model.model, tools: builtinTools(['bash']), cwd: project, transcriptDir: join(project, 'sessions'), compactTokens: 300 });
    const result = await agent.run('print a long line');

    assert.equal(result.text, 'done');
    const [first, summarising, after] = t.model.messages();
    assert.equal(t.model.server.requests[1]!.body!.tools, undefined, 'the summarising request offers no tools');
    assert.equal(contentText(summarising!.at(-1)), COMPACT_PROMPT);
    assert.match(requestText(summarising), /xxxxxxxxxx/, 'the model summarises the whole conversation');
    assert.match(requestText(first), /Project rule: run the linter/);

    const text = requestText(after);
    assert.doesNotMatch(text, /xxxxxxxxxx/, 'the long tool output is gone after compaction');
    assert.match(text, /<compact_summary>[\s\S]*SUMMARY: the user asked for a long line/);
    assert.match(text, /<hook_context event="UserPromptSubmit">\nCurrent ticket: ABC-123\.\n<\/hook_context>/, 'UserPromptSubmit context survives');
    assert.equal(text.match(/Project rule: run the linter/g)?.length, 1, 'SessionStart context survives, once, although SessionStart ran again');
    assert.equal(readFileSync(sources, 'utf8'), 'startup\ncompact\n');

    const [preInput] = readJsonLines(pre);
    assert.deepEqual(Object.keys(preInput!), ['session_id', 'turn_id', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'trigger', 'custom_instructions']);
    assert.equal(preInput!.trigger, 'auto');
    assert.equal(preInput!.custom_instructions, '');
    assert.equal(preInput!.turn_id, result.turnId);
    const [postInput] = readJsonLines(post);
    assert.equal(postInput!.hook_event_name, 'PostCompact');
    assert.equal(postInput!.compact_summary, 'SUMMARY: the user asked for a long line; 2000 x were printed; nothing is left to do.');

    const resumed = readTranscript(result.transcriptPath).messages;
    assert.match(contentText(resumed[0] as unknown as Record<string, unknown>), /^<compact_summary>/, 'a resumed session starts from the summary');
    assert.doesNotMatch(resumed.map((m) => contentText(m as unknown as Record<string, unknown>)).join('\n'), /xxxxxxxxxx/);
  });

  it('lets a PreCompact hook block a compaction: the history stays and no summary is requested', async () => {
    const project = tempDir();
    t.unregister = await useProjectHooks(project, { PreCompact: [{ hooks: [script('precompact-block.sh')] }] });
    t.model = await fakeModel(['hello']);
    const agent = new Agent({ model: t.model.model, cwd: project, transcriptDir: join(project, 'sessions') });
    const session = agent.session();
    await session.send('hi');
    const before = session.messages.length;
    const result = await session.compact('keep it short');
    assert.equal(result.compacted, false);
    assert.equal(result.reason, 'a PreCompact hook kept the conversation as it is: Compaction is paused during the release.');
    assert.equal(session.messages.length, before);
    assert.equal(t.model.server.requests.length, 1, 'no summarising request was made');
    await session.end();
  });

  it('function and agent instance hooks see PreCompact and PostCompact of /compact, with the instructions', async () => {
    const project = tempDir();
    const seen: string[] = [];
    t.model = await fakeModel(['hello', 'SUMMARY: greeted.']);
    const agent = new Agent({
      model: t.model.model, cwd: project, transcriptDir: join(project, 'sessions'),
      hooks: {
        onPreCompact: (p) => void seen.push(`pre:${p.trigger}:${p.customInstructions}`),
        onPostCompact: (p) => void seen.push(`post:${p.compactSummary}`),
      },
    });
    const session = agent.session();
    await session.send('hi');
    const result = await session.compact('mention the greeting');
    assert.equal(result.compacted, true);
    assert.deepEqual(seen, ['pre:manual:mention the greeting', 'post:SUMMARY: greeted.']);
    assert.equal(contentText(t.model.messages()[1]!.at(-1)), `${COMPACT_PROMPT}\n\nAdditional instructions: mention the greeting`);
    await session.end();
  });
});

describe('/compact in chat', () => {
  let server: FakeLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('compacts on /compact with instructions, fires PreCompact with trigger manual, and says so', async () => {
    const dir = tempDir();
    const pre = join(dir, 'pre.jsonl');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(dir, '.hookline'), { recursive: true });
    writeFileSync(join(dir, '.hookline', 'hooks.json'), JSON.stringify({ hooks: { PreCompact: [{ matcher: 'manual', hooks: [script('precompact-log.mjs', pre)] }] } }));
    server = await FakeLlmServer.start();
    const answers = ['hi there', 'SUMMARY: the user said hello.', 'still here'];
    server.onRequest(() => ({ body: openaiCompletion({ content: answers.shift() ?? 'no more answers' }) }));
    const result = await hookline(['chat', '-m', 'openai-api/local/test-model', '--tools', '', '--trust-project-hooks', '--transcript-dir', join(dir, 's')], {
      cwd: dir, env: { LOCAL_BASE_URL: server.openaiBaseUrl, LOCAL_API_KEY: 'k' }, input: 'hello\n/compact keep names\nare you there?\n',
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /hookline: compacted the conversation \(2 messages → 1\)/);
    const [input] = readJsonLines(pre);
    assert.equal(input!.trigger, 'manual');
    assert.equal(input!.custom_instructions, 'keep names');
    const last = server.requests[2]!.body!.messages as Record<string, unknown>[];
    assert.match(requestText(last), /SUMMARY: the user said hello\.[\s\S]*user: are you there\?/);
    assert.doesNotMatch(requestText(last), /hi there/);
  });
});
