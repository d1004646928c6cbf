import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { resetHookBus } from '../../src/hooks/bus.ts';
import { on } from '../../src/hooks/register.ts';
import type { TranscriptEvent } from '../../src/types/events.ts';
import { getModel, modelOutputFromText, parseExpiry, resolveCacheDir, type ToolInfo } from '../../src/model/index.ts';
import { cacheEntryPath } from '../../src/model/cache-store.ts';
import { runInContext } from '../../src/runtime/context.ts';
import { captureWarnings, type Warning } from '../../src/runtime/warnings.ts';
import { recordModelHooks } from '../fixtures/model/hook-recorder.ts';

const root = mkdtempSync(join(tmpdir(), 'hookline-cache-test-'));
let dirCount = 0;

after(() => {
  rmSync(root, { recursive: true, force: true });
});

const tool: ToolInfo = { name: 'add', description: 'Add two numbers.', parameters: { type: 'object', properties: {}, required: [] } };

/** A mockllm model with its own cache folder that counts provider calls. */
function countingModel(options?: { stopReason?: 'content_filter' }) {
  const cacheDir = join(root, `c${++dirCount}`);
  const state = { calls: 0, cacheDir };
  const model = getModel('mockllm/model', {
    cacheDir,
    customOutputs: () => {
      state.calls++;
      return modelOutputFromText('mockllm/model', `answer ${state.calls}`, {
        usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
        ...(options?.stopReason ? { stopReason: options.stopReason } : {}),
      });
    },
  });
  return { model, state };
}

function cacheFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else out.push(join(d, entry.name));
    }
  };
  walk(dir);
  return out;
}

beforeEach(() => {
  resetHookBus();
});

describe('local generate cache', () => {
  it('answers a second identical call from the cache, firing onModelCacheUsage only', async () => {
    const { model, state } = countingModel();
    const rec = recordModelHooks();
    const first = await model.generate('hello', { cache: true, tools: [tool] });
    const second = await model.generate('hello', { cache: true, tools: [tool] });
    assert.equal(state.calls, 1);
    assert.equal(second.completion, first.completion);
    assert.notEqual(second.choices[0]!.message.id, first.choices[0]!.message.id);
    assert.deepEqual(rec.names(), [
      'onBeforeModelGenerate', 'onModelUsage', 'onAfterModelGenerate',
      'onBeforeModelGenerate', 'onModelCacheUsage', 'onAfterModelGenerate',
    ]);
    assert.deepEqual(rec.of('onModelCacheUsage')[0]!['usage'], first.usage);
    assert.deepEqual(rec.of('onAfterModelGenerate').map((p) => p['cached']), [false, true]);
    assert.equal(rec.of('onBeforeModelGenerate')[0]!['cache'], 'write');
    assert.equal(cacheFiles(join(state.cacheDir, 'generate', 'mockllm', 'model')).length, 1);
    rec.stop();
  });

  it('records cache write and read on the ModelEvents', async () => {
    const { model } = countingModel();
    const events: TranscriptEvent[] = [];
    await runInContext({ transcript: { record: (e) => events.push(e) } }, async () => {
      await model.generate('x', { cache: true });
      await model.generate('x', { cache: true });
    });
    assert.deepEqual(events.map((e) => (e.event === 'model' ? e.cache : undefined)), ['write', 'read']);
  });

  it('keys on the post-hook request: a hook change makes a new entry', async () => {
    const { model, state } = countingModel();
    await model.generate('hello', { cache: true });
    const off = on('onBeforeModelGenerate', (p) => {
      p.input.push({ role: 'user', content: 'extra' });
    });
    await model.generate('hello', { cache: true });
    assert.equal(state.calls, 2);
    await model.generate('hello', { cache: true });
    assert.equal(state.calls, 2, 'the same hook change hits the entry it made');
    off();
    await model.generate('hello', { cache: true });
    assert.equal(state.calls, 2, 'without the hook the first entry still answers');
  });

  it('ignores message ids and runtime settings, but not generation settings', async () => {
    const { model, state } = countingModel();
    await model.generate([{ id: 'a', role: 'user', content: 'q' }], { cache: true, config: { maxRetries: 1, timeout: 10 } });
    await model.generate([{ id: 'b', role: 'user', content: 'q' }], { cache: true, config: { maxRetries: 5, attemptTimeout: 3, maxConnections: 4 } });
    assert.equal(state.calls, 1);
    await model.generate([{ role: 'user', content: 'q' }], { cache: true, config: { temperature: 0.3 } });
    assert.equal(state.calls, 2);
  });

  it('separates epochs unless perEpoch is false, and separates scopes', async () => {
    const { model, state } = countingModel();
    await runInContext({ epoch: 1 }, () => model.generate('q', { cache: true }));
    await runInContext({ epoch: 2 }, () => model.generate('q', { cache: true }));
    assert.equal(state.calls, 2);
    await runInContext({ epoch: 1 }, () => model.generate('q', { cache: { perEpoch: false } }));
    await runInContext({ epoch: 2 }, () => model.generate('q', { cache: { perEpoch: false } }));
    assert.equal(state.calls, 3);
    await model.generate('q', { cache: { perEpoch: false, scopes: { role: 'grader' } } });
    assert.equal(state.calls, 4);
  });

  it('never caches content_filter outputs', async () => {
    const { model, state } = countingModel({ stopReason: 'content_filter' });
    await model.generate('q', { cache: true });
    await model.generate('q', { cache: true });
    assert.equal(state.calls, 2);
  });

  it('removes expired entries on read', async () => {
    const { model, state } = countingModel();
    await model.generate('q', { cache: { expiry: '1W' } });
    const [file] = cacheFiles(state.cacheDir);
    const entry = JSON.parse(readFileSync(file!, 'utf8')) as { expires: string };
    assert.ok(Date.parse(entry.expires) > Date.now() + 6 * 86_400_000, `expires ${entry.expires} is not about a week away`);
    writeFileSync(file!, JSON.stringify({ ...entry, expires: new Date(Date.now() - 1000).toISOString() }));
    const warnings: Warning[] = [];
    const restore = captureWarnings((w) => warnings.push(w));
    await model.generate('q', { cache: { expiry: '1W' } });
    restore();
    assert.equal(state.calls, 2);
    assert.deepEqual(warnings, []);
  });

  it('stores entries that never expire with expiry null', async () => {
    const { model, state } = countingModel();
    await model.generate('q', { cache: { expiry: null } });
    const [file] = cacheFiles(state.cacheDir);
    assert.equal((JSON.parse(readFileSync(file!, 'utf8')) as { expires: unknown }).expires, null);
    await model.generate('q', { cache: { expiry: null } });
    assert.equal(state.calls, 1);
  });

  it('ignores a corrupt entry with a warning, then replaces it', async () => {
    const { model, state } = countingModel();
    await model.generate('q', { cache: true });
    const [file] = cacheFiles(state.cacheDir);
    writeFileSync(file!, '{ not json');
    const warnings: Warning[] = [];
    const restore = captureWarnings((w) => warnings.push(w));
    const output = await model.generate('q', { cache: true });
    restore();
    assert.equal(output.completion, 'answer 2');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /Ignoring corrupt cache entry .* \(not JSON\)/);
    await model.generate('q', { cache: true });
    assert.equal(state.calls, 2);
  });

  it('finds its folder from HOOKLINE_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    const saved = { h: process.env['HOOKLINE_CACHE_DIR'], x: process.env['XDG_CACHE_HOME'] };
    try {
      process.env['HOOKLINE_CACHE_DIR'] = '/tmp/a';
      process.env['XDG_CACHE_HOME'] = '/tmp/x';
      assert.equal(resolveCacheDir(), '/tmp/a');
      assert.equal(resolveCacheDir('/tmp/own'), '/tmp/own');
      delete process.env['HOOKLINE_CACHE_DIR'];
      assert.equal(resolveCacheDir(), '/tmp/x/hookline');
      delete process.env['XDG_CACHE_HOME'];
      assert.match(resolveCacheDir(), /\.cache\/hookline$/);
    } finally {
      if (saved.h === undefined) delete process.env['HOOKLINE_CACHE_DIR'];
      else process.env['HOOKLINE_CACHE_DIR'] = saved.h;
      if (saved.x === undefined) delete process.env['XDG_CACHE_HOME'];
      else process.env['XDG_CACHE_HOME'] = saved.x;
    }
  });

  it('keeps model names inside the cache folder', () => {
    assert.equal(cacheEntryPath('/c', 'openai-api/vllm/../etc', 'k'), '/c/generate/openai-api/vllm/_/etc/k.json');
  });

  it('parses expiry strings and rejects bad ones with the fix', async () => {
    assert.equal(parseExpiry('30m'), 1800);
    assert.equal(parseExpiry('3D'), 259_200);
    assert.equal(parseExpiry('1W'), 604_800);
    assert.equal(parseExpiry(null), null);
    assert.throws(() => parseExpiry('1 week'), /Invalid cache expiry '1 week'. Use a number followed by a unit/);
    await assert.rejects(getModel().generate('x', { cache: { expiry: 'soon' } }), /Invalid cache expiry 'soon'/);
  });
});
