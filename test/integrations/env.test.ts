// The package's entry points register the built-in integrations' start-up; these deep imports do it here.
import '../../src/integrations/startup.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../../src/eval/evaluate.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { AUDIT_HOOK_NAME } from '../../src/integrations/audit/index.ts';
import { integrationSettings } from '../../src/integrations/env.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { mockTask } from '../eval/runtime-helpers.ts';
import { tempDir } from '../helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('integrations from the environment', () => {
  it('reads HOOKLINE_OTEL and HOOKLINE_AUDIT_LOG', () => {
    assert.deepEqual(integrationSettings({}), { otel: undefined, audit: undefined });
    assert.equal(integrationSettings({ HOOKLINE_OTEL: '1' }).otel, 'global');
    assert.equal(integrationSettings({ HOOKLINE_OTEL: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).otel, 'auto');
    assert.equal(integrationSettings({ HOOKLINE_OTEL: 'otlp' }).otel, 'otlp');
    assert.equal(integrationSettings({ HOOKLINE_OTEL: '0' }).otel, undefined);
    assert.throws(() => integrationSettings({ HOOKLINE_OTEL: 'jaeger' }), /HOOKLINE_OTEL is set to 'jaeger'.*Use '1'/);
    assert.deepEqual(integrationSettings({ HOOKLINE_AUDIT_LOG: '1' }).audit, {});
    assert.deepEqual(integrationSettings({ HOOKLINE_AUDIT_LOG: 'off' }).audit, undefined);
    assert.deepEqual(integrationSettings({ HOOKLINE_AUDIT_LOG: '/tmp/audit' }).audit, { dir: '/tmp/audit' });
    assert.deepEqual(integrationSettings({ HOOKLINE_AUDIT_LOG: 'x/all.jsonl' }).audit, { file: 'x/all.jsonl' });
    assert.deepEqual(integrationSettings({ HOOKLINE_AUDIT_LOG: '1', HOOKLINE_AUDIT_EXCLUDE: 'SampleEvent, ModelUsage' }).audit, { exclude: ['SampleEvent', 'ModelUsage'] });
  });

  describe('HOOKLINE_AUDIT_LOG=1 in this process', () => {
    const saved = { ...process.env };
    beforeEach(resetHooks);
    afterEach(() => {
      if (saved.HOOKLINE_AUDIT_LOG === undefined) delete process.env.HOOKLINE_AUDIT_LOG;
      else process.env.HOOKLINE_AUDIT_LOG = saved.HOOKLINE_AUDIT_LOG;
      if (saved.HOOKLINE_AUDIT_DIR === undefined) delete process.env.HOOKLINE_AUDIT_DIR;
      else process.env.HOOKLINE_AUDIT_DIR = saved.HOOKLINE_AUDIT_DIR;
      resetHooks();
    });

    it('is enabled by initHooks() and writes the run file under HOOKLINE_AUDIT_DIR', async () => {
      const dir = tempDir();
      process.env.HOOKLINE_AUDIT_LOG = '1';
      process.env.HOOKLINE_AUDIT_DIR = dir;
      const [log] = await evaluate(mockTask(), { banner: false, noLog: true });
      assert.ok(getHookBus().get(AUDIT_HOOK_NAME) !== undefined, 'registered at start-up');
      const file = join(dir, `run-${log!.eval.runId}.jsonl`);
      const events = readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
      assert.equal(events[0], 'RunStart');
      assert.equal(events.at(-1), 'RunEnd');
      assert.ok(readdirSync(dir).length >= 1, 'files written');
    });
  });

  it('HOOKLINE_OTEL=otlp exports the eval’s spans over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (child process)', async () => {
    const bodies: unknown[] = [];
    const paths: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/fixtures/integrations/otlp-eval.ts')], {
        cwd: root,
        env: { ...process.env, HOOKLINE_OTEL: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'otlp-test', HOOKLINE_NO_BANNER: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('exit', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      assert.equal(code, 0, `child exited cleanly: ${stderr}`);
      const { runId } = JSON.parse(stdout) as { runId: string };
      assert.ok(paths.every((p) => p.startsWith('POST /v1/traces application/json')), paths.join('\n'));
      type OtlpSpan = { name: string; spanId: string; parentSpanId?: string; attributes: { key: string; value: Record<string, unknown> }[] };
      type Body = { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[] };
      const resources = (bodies as Body[]).flatMap((b) => b.resourceSpans);
      assert.ok(resources.some((r) => r.resource.attributes.some((a) => a.key === 'service.name' && a.value.stringValue === 'otlp-test')), 'service.name from OTEL_SERVICE_NAME');
      const spans = resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
      const names = spans.map((s) => s.name).sort();
      assert.deepEqual(names, ['chat model', 'chat model', 'eval_attempt', 'eval_attempt', 'eval_run', 'eval_sample', 'eval_sample', 'eval_task otlp_task']);
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const run = spans.find((s) => s.name === 'eval_run')!;
      assert.ok(run.attributes.some((a) => a.key === 'hookline.run.id' && a.value.stringValue === runId), 'run id attribute');
      for (const chat of spans.filter((s) => s.name === 'chat model')) {
        const attempt = byId.get(chat.parentSpanId ?? '');
        const sample = byId.get(attempt?.parentSpanId ?? '');
        const task = byId.get(sample?.parentSpanId ?? '');
        assert.deepEqual([attempt?.name, sample?.name, task?.name, byId.get(task?.parentSpanId ?? '')?.name], ['eval_attempt', 'eval_sample', 'eval_task otlp_task', 'eval_run']);
      }
    } finally {
      server.close();
    }
  });
});
