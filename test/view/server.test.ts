import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { resetHooks } from '../../src/testing/reset.ts';
import { UNREADABLE_SUFFIX } from '../../src/view/log-files.ts';
import { startViewServer, type ViewServer } from '../../src/view/server.ts';
import type { LogWriter } from '../../src/log/index.ts';
import { badLogs, builtViewer, finishedLog, logFolder, plainSample, runningLog } from './fixtures.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('hookline view server', () => {
  let server: ViewServer;
  let logDir: string;
  let finished: string;
  let running: LogWriter;
  let bad: { corrupt: string; newer: string };

  before(async () => {
    resetHooks();
    logDir = logFolder();
    const log = await finishedLog(logDir);
    finished = log.location!;
    running = await runningLog(logDir, log.eval, 2);
    bad = badLogs(logDir, log.eval);
    server = await startViewServer({ logDir, assetsDir: builtViewer(), port: 0 });
  });
  after(async () => {
    await running.close();
    await server.close();
  });

  const get = (path: string, init?: RequestInit): Promise<Response> => fetch(new URL(path, server.url), init);

  it('listens on 127.0.0.1 and serves the viewer page', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await (await get('/')).text();
    assert.ok(page.includes('viewer.js') && page.includes('id="app"'), 'the page loads the viewer');
    const script = await get('/viewer.js');
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
  });

  it('lists every log of the folder with its modification time', async () => {
    const body = (await (await get('/api/log-files')).json()) as { files: { name: string; mtime: number }[]; response_type: string };
    assert.equal(body.response_type, 'full');
    const names = body.files.map((f) => f.name);
    for (const path of [finished, running.location, bad.newer]) assert.ok(names.includes(path), `${path} is listed`);
    assert.ok(names.includes(`${bad.corrupt}${UNREADABLE_SUFFIX}`), 'a corrupt .eval log is listed as unreadable, for the viewer to ask for its reason');
    assert.ok(body.files.every((f) => f.mtime > 0), 'every log has a modification time');
    assert.deepEqual(await (await get('/api/log-dir')).json(), { log_dir: logDir });
  });

  it('serves byte ranges of a log, through the API and as a file', async () => {
    const size = statSync(finished).size;
    assert.equal(await (await get(`/api/log-size/${encodeURIComponent(finished)}`)).json(), size);
    const bytes = Buffer.from(await (await get(`/api/log-bytes/${encodeURIComponent(finished)}?start=0&end=3`)).arrayBuffer());
    assert.deepEqual([...bytes], [0x50, 0x4b, 0x03, 0x04], 'the first four bytes of the archive');
    const tail = await get(`/logs/${encodeURIComponent(finished.slice(logDir.length + 1))}`, { headers: { range: 'bytes=-22' } });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers.get('content-range'), `bytes ${size - 22}-${size - 1}/${size}`);
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), readFileSync(finished).subarray(size - 22), 'the end record of the archive');
    assert.equal((await get(`/api/log-bytes/${encodeURIComponent(finished)}?start=${size}&end=${size + 10}`)).status, 416, 'a range past the end');
  });

  it('answers headers for .json logs and says why a log cannot be read', async () => {
    const params = new URLSearchParams([['file', bad.newer], ['file', bad.corrupt]]);
    const headers = (await (await get(`/api/log-headers?${params.toString()}`)).json()) as { status: string; error?: { message: string } }[];
    assert.equal(headers.length, 2);
    assert.equal(headers[0]?.status, 'error');
    assert.match(headers[0]?.error?.message ?? '', /format version 99.*up to version 2/);
    assert.match(headers[1]?.error?.message ?? '', /Cannot read this log/);
  });

  it('never serves a file outside the log folder', async () => {
    const outside = join(root, 'package.json');
    assert.equal((await get(`/api/log-bytes/${encodeURIComponent(outside)}?start=0&end=10`)).status, 403);
    assert.equal((await get('/logs/..%2Fpackage.json')).status, 403);
    assert.equal((await get(`/api/log-size/${encodeURIComponent(join(logDir, 'missing.eval'))}`)).status, 404);
  });

  it('tells the viewer to refresh when a log changes while an eval runs', async () => {
    const since = Date.now() + 1000;
    assert.deepEqual(await (await get(`/api/events?last_eval_time=${since}`)).json(), [], 'nothing newer yet');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await running.logSample(plainSample(3, 'answer 3'));
    assert.deepEqual(await (await get(`/api/events?last_eval_time=${since}`)).json(), ['refresh-evals']);
  });
});

describe('hookline view command', () => {
  it('says clearly that a missing log folder does not exist', async () => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'hookline-dev.mjs'), 'view', join(logFolder(), 'nope'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /log folder .*nope does not exist/);
  });

  it('serves a folder until interrupted and prints its address', async () => {
    const dir = logFolder();
    const child = spawn(process.execPath, [join(root, 'scripts', 'hookline-dev.mjs'), 'view', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOOKLINE_VIEWER_DIR: builtViewer() } });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m !== null) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before serving: ${out}`)));
    });
    assert.deepEqual(await (await fetch(new URL('/api/log-files', url))).json(), { files: [], response_type: 'full' });
    child.kill('SIGINT');
    assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 0, 'exits cleanly on Ctrl+C');
  });
});
