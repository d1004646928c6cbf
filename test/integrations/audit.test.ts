// The package's entry points register the built-in integrations' start-up; these deep imports do it here.
import '../../src/integrations/startup.ts';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { catalog } from '../../src/hooks/catalog.ts';
import { buildHookInput } from '../../src/hooks/sources/command/payload.ts';
import { enableAuditLog, formatAuditLine, REDACTED } from '../../src/integrations/audit/index.ts';
import { recordEvents } from '../../src/testing/recorder.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { failN, mockTask } from '../eval/runtime-helpers.ts';
import { say, scripted } from '../fixtures/agent/scripted.ts';
import { tempDir } from '../helpers.ts';

interface AuditLine {
  readonly ts: string;
  readonly seq: number;
  readonly event: string;
  readonly payload: Record<string, unknown>;
}

function readLines(file: string): AuditLine[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l, i) => {
    try {
      return JSON.parse(l) as AuditLine;
    } catch (error) {
      throw new Error(`${file}:${i + 1} is not JSON: ${String(error)}`);
    }
  });
}

function readDir(dir: string): Map<string, AuditLine[]> {
  return new Map(readdirSync(dir).sort().map((name) => [name, readLines(join(dir, name))]));
}

const quiet = { banner: false, noLog: true } as const;

describe('JSONL audit log', () => {
  beforeEach(resetHooks);

  it('records every event the recording hook saw, in the same order, in the command-hook shape', async () => {
    const dir = tempDir();
    const audit = enableAuditLog({ dir });
    const { recorder } = recordEvents();
    const [log] = await evaluate(mockTask({ samples: 3, solver: failN(2) }), { ...quiet, retryOnError: 2 });
    audit.unregister();
    const files = readDir(dir);
    const runFile = `run-${log!.eval.runId}.jsonl`;
    assert.ok(files.has(runFile), `a file named with the run id: ${[...files.keys()].join(', ')}`);
    const all = [...files.values()].flat().sort((a, b) => a.seq - b.seq);
    assert.deepEqual(all.map((l) => l.seq), all.map((_, i) => i + 1), 'seq counts every line once');
    assert.deepEqual(all.map((l) => l.event), recorder.events.map((e) => catalog[e.event].wire), 'same events, same order');
    for (const [i, line] of all.entries()) {
      const { event, payload } = recorder.events[i]!;
      const expected = JSON.parse(JSON.stringify(buildHookInput(event, payload, { projectDir: process.cwd() }))) as unknown;
      assert.deepEqual(line.payload, expected, `line ${line.seq} (${line.event}) is the command-hook stdin`);
      assert.ok(!Number.isNaN(Date.parse(line.ts)), 'ts is a timestamp');
    }
    const run = files.get(runFile)!;
    assert.equal(run[0]!.event, 'RunStart');
    assert.equal(run.at(-1)!.event, 'RunEnd');
    assert.ok(run.every((l) => l.event !== 'ModelCreate'), 'the model built before RunStart is in the process file');
    assert.ok(run.some((l) => l.event === 'SampleEvent'), 'transcript events are recorded');
    assert.ok(run.filter((l) => l.event === 'SampleAttemptEnd').length >= 4, 'retried attempts are recorded');
  });

  it('leaves out excluded events without subscribing to them, and rejects unknown names', async () => {
    const dir = tempDir();
    const audit = enableAuditLog({ dir, exclude: ['SampleEvent', 'onModelUsage'] });
    const { recorder } = recordEvents();
    const [log] = await evaluate(mockTask(), quiet);
    audit.unregister();
    const lines = readLines(join(dir, `run-${log!.eval.runId}.jsonl`));
    assert.ok(lines.every((l) => l.event !== 'SampleEvent' && l.event !== 'ModelUsage'), 'excluded events are absent');
    const expected = recorder.events.filter((e) => e.event !== 'onSampleEvent' && e.event !== 'onModelUsage' && e.event !== 'onModelCreate');
    assert.deepEqual(lines.map((l) => l.event), expected.map((e) => catalog[e.event].wire));
    assert.throws(() => enableAuditLog({ dir, exclude: ['SampleEnded'] }), /'SampleEnded', which is not an event/);
  });

  it('writes agent sessions outside a run to a file per session', async () => {
    const dir = tempDir();
    const audit = enableAuditLog({ dir });
    const { model } = scripted([say('hello')]);
    const transcripts = tempDir();
    const result = await new Agent({ model, transcriptDir: transcripts, cwd: transcripts }).run('hi');
    audit.unregister();
    const lines = readLines(join(dir, `session-${result.sessionId}.jsonl`));
    assert.deepEqual(lines.map((l) => l.event), ['SessionStart', 'UserPromptSubmit', 'BeforeModelGenerate', 'AfterModelGenerate', 'Stop', 'SessionEnd']);
    assert.equal(lines[1]!.payload.prompt, 'hi');
    assert.equal(lines[1]!.payload.hook_event_name, 'UserPromptSubmit');
  });

  it('replaces an oversized payload with a truncation marker that keeps the ids', () => {
    const payload = { evalSetId: undefined, runId: 'run1', evalId: 'ev1', sampleId: 's1', event: { event: 'info', data: 'x'.repeat(200_000) } };
    const line = formatAuditLine('onSampleEvent', payload, 7, '2024-01-01T00:00:00.000Z', '/p', 64 * 1024);
    assert.ok(line.length < 4096, 'the line is small');
    const parsed = JSON.parse(line) as AuditLine;
    assert.equal(parsed.payload.truncated, true);
    assert.ok(Number(parsed.payload.original_bytes) > 200_000, 'original_bytes counts the full line');
    assert.equal(parsed.payload.run_id, 'run1');
    assert.equal(parsed.payload.sample_id, 's1');
    assert.equal(parsed.event, 'SampleEvent');
    assert.equal(parsed.seq, 7);
  });

  it('measures payloads that hold whole logs before converting them, and keeps their ids', () => {
    const samples = Array.from({ length: 200 }, (_, i) => ({ id: i, text: 'y'.repeat(2000) }));
    const line = formatAuditLine('onTaskEnd', { evalSetId: undefined, runId: 'run1', evalId: 'ev1', log: { status: 'success', samples } }, 3, 't', '/p');
    const parsed = JSON.parse(line) as AuditLine;
    assert.equal(parsed.payload.truncated, true);
    assert.equal(parsed.payload.original_bytes_estimated, true);
    assert.ok(Number(parsed.payload.original_bytes) > 400_000, 'the estimate counts the samples');
    assert.equal(parsed.payload.eval_id, 'ev1');
    assert.equal(parsed.payload.hook_event_name, 'TaskEnd');
    const small = JSON.parse(formatAuditLine('onTaskEnd', { evalSetId: undefined, runId: 'run1', evalId: 'ev1', log: { status: 'success' } }, 4, 't', '/p')) as AuditLine;
    assert.deepEqual(small.payload.log, { status: 'success' }, 'a small log is written whole');
  });

  it('redacts secret keys and key-looking strings, and keeps token counts', () => {
    const payload = {
      modelName: 'openai/gpt',
      usage: { inputTokens: 5, outputTokens: 7, totalTokens: 12 },
      callDuration: 1,
      retries: 0,
      runId: 'r',
      input: [{ role: 'user', content: 'my key is sk-proj-abcdefghijklmnop1234 ok', metadata: { api_key: 'abc123', password: 'hunter2', authorization: { bearer: 'xyz' }, max_tokens: 100 } }],
      config: { maxTokens: 64 },
    };
    const line = formatAuditLine('onModelUsage', payload, 1, '2024-01-01T00:00:00.000Z', '/p');
    assert.ok(!line.includes('sk-proj-abcdefghijklmnop1234'), 'sk- key redacted');
    assert.ok(!line.includes('hunter2') && !line.includes('abc123') && !line.includes('xyz'), 'secret values redacted');
    const parsed = JSON.parse(line) as { payload: { usage: Record<string, number>; input: { content: string; metadata: Record<string, unknown> }[]; config: Record<string, number> } };
    assert.deepEqual(parsed.payload.usage, { input_tokens: 5, output_tokens: 7, total_tokens: 12 });
    assert.equal(parsed.payload.input[0]!.content, `my key is ${REDACTED} ok`);
    assert.equal(parsed.payload.input[0]!.metadata.api_key, REDACTED);
    assert.deepEqual(parsed.payload.input[0]!.metadata.authorization, { bearer: REDACTED });
    assert.equal(parsed.payload.input[0]!.metadata.max_tokens, 100);
    assert.equal(parsed.payload.config.max_tokens, 64);
  });

  it('writes a marker instead of failing on a payload that cannot be serialised', () => {
    const line = formatAuditLine('onRunStart', { runId: 'r', evalSetId: undefined, taskNames: [BigInt(1)] }, 1, 't', '/p');
    const parsed = JSON.parse(line) as AuditLine;
    assert.equal(parsed.payload.unserializable, true);
    assert.equal(parsed.payload.run_id, 'r');
  });

  it('writes everything to one file when given a file', async () => {
    const file = join(tempDir(), 'all.jsonl');
    const audit = enableAuditLog({ file });
    await evaluate(mockTask(), quiet);
    audit.unregister();
    const lines = readLines(file);
    assert.equal(lines[0]!.event, 'ModelCreate');
    assert.equal(lines.at(-1)!.event, 'RunEnd');
  });
});
