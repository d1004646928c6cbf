import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { httpFetch } from '../../src/model/providers/http-fetch.ts';

let server: Server;
let base: string;
const seen: { method: string; headers: Record<string, unknown>; body: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', headers: req.headers, body });
      if (req.url === '/json') return void res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'r1' }).end('{"ok":true}');
      if (req.url === '/gzip') return void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"zipped":1}'));
      if (req.url === '/empty') return void res.writeHead(204).end();
      if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
        setTimeout(() => res.end('data: two\n\n'), 20);
        return;
      }
      if (req.url === '/hang') return; // never answers
      if (req.url === '/drip') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n'); // then nothing
        return;
      }
      res.writeHead(404).end('missing');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

describe('the SDK transport (httpFetch)', () => {
  it('sends the method, headers and body, and returns status, headers and body as fetch does', async () => {
    const res = await httpFetch(`${base}/json`, { method: 'POST', headers: new Headers({ 'Content-Type': 'application/json', Authorization: 'Bearer k' }), body: '{"q":1}' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-request-id'), 'r1');
    assert.deepEqual(await res.json(), { ok: true });
    const last = seen.at(-1)!;
    assert.equal(last.method, 'POST');
    assert.equal(last.headers.authorization, 'Bearer k');
    assert.equal(last.body, '{"q":1}');
  });

  it('answers a read-whole body as a fetch Response does: one read, bodyUsed, body, clone, blob and bytes', async () => {
    const get = (): Promise<Response> => httpFetch(`${base}/json`, { method: 'POST', body: '{}' });
    const first = await get();
    assert.ok(first instanceof Response, 'a Response');
    assert.equal(first.ok, true);
    assert.equal(first.bodyUsed, false, 'not read yet');
    assert.equal(await first.text(), '{"ok":true}');
    assert.equal(first.bodyUsed, true, 'read');
    await assert.rejects(first.json(), TypeError, 'a body is read once');
    assert.equal(first.body?.locked, true, 'its stream, asked for after the read, is used as fetch\'s would be');

    const streamed = await get();
    const stream = streamed.body;
    assert.ok(stream !== null, 'the body as a stream, when asked for');
    assert.equal(new TextDecoder().decode(await new Response(stream).arrayBuffer()), '{"ok":true}', 'the stream holds the bytes');
    assert.equal(streamed.bodyUsed, true, 'reading the stream uses the body');
    await assert.rejects(streamed.text(), TypeError, 'and text() then fails, as fetch\'s does');

    const cloned = await get();
    const copy = cloned.clone();
    assert.deepEqual(await copy.json(), { ok: true }, 'the clone has the body');
    assert.deepEqual(await cloned.json(), { ok: true }, 'and so has the original');
    assert.equal(await (await (await get()).blob()).text(), '{"ok":true}', 'blob()');
    assert.deepEqual([...new Uint8Array(await (await get()).arrayBuffer())], [...Buffer.from('{"ok":true}')], 'arrayBuffer()');
    const bytes = (await get()) as Response & { bytes(): Promise<Uint8Array> };
    assert.equal(Buffer.from(await bytes.bytes()).toString(), '{"ok":true}', 'bytes()');
    const bad = await httpFetch(`${base}/missing`);
    assert.equal(bad.status, 404);
    await assert.rejects(bad.json(), SyntaxError, 'a body that is not JSON rejects json() with a SyntaxError');
  });

  it('decodes a gzip response and gives a 204 no body', async () => {
    assert.deepEqual(await (await httpFetch(`${base}/gzip`)).json(), { zipped: 1 });
    const empty = await httpFetch(`${base}/empty`, { method: 'DELETE' });
    assert.equal(empty.status, 204);
    assert.equal(empty.body, null);
  });

  it('streams an event stream as it arrives', async () => {
    const res = await httpFetch(`${base}/events`);
    assert.equal(await res.text(), 'data: one\n\ndata: two\n\n');
  });

  it('rejects with an AbortError when aborted before the answer, and when aborted inside a streamed body', async () => {
    const waiting = new AbortController();
    const pending = httpFetch(`${base}/hang`, { signal: waiting.signal });
    setTimeout(() => waiting.abort(), 20);
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    const streaming = new AbortController();
    const res = await httpFetch(`${base}/drip`, { signal: streaming.signal });
    const reader = res.body!.getReader();
    const first = (await reader.read()) as { value?: Uint8Array };
    assert.equal(new TextDecoder().decode(first.value), 'data: first\n\n');
    streaming.abort();
    await assert.rejects(reader.read(), (error: Error) => error.name === 'AbortError');
    const already = new AbortController();
    already.abort();
    await assert.rejects(httpFetch(`${base}/json`, { signal: already.signal }), (error: Error) => error.name === 'AbortError');
  });

  it('rejects a refused connection with a TypeError carrying the socket error, as fetch does', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(httpFetch(`http://127.0.0.1:${port}/`), (error: Error) => error instanceof TypeError && (error.cause as NodeJS.ErrnoException).code === 'ECONNREFUSED');
  });

  it('hands bodies it does not carry (form data) to the global fetch', async () => {
    const form = new FormData();
    form.append('field', 'value');
    const res = await httpFetch(`${base}/json`, { method: 'POST', body: form });
    assert.equal(res.status, 201);
    assert.match(String(seen.at(-1)!.headers['content-type']), /^multipart\/form-data/);
  });
});
