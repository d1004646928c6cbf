/**
 * Small HTTP helpers of the view server: JSON and error responses, and files served with byte
 * ranges (`Range: bytes=a-b`, one range per request, as the viewer reads `.eval` archives).
 * @module
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { serializeJson } from '../log/json.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.eval': 'application/zip',
};

/** Sends `body` as JSON (NaN and Infinity as Inspect writes them). */
export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  const text = serializeJson(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Sends a plain-text error. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
}

/** Sends bytes `start`..`end` (inclusive) of a file, or 416 when `start` is past its end. */
export async function sendBytes(res: ServerResponse, path: string, start: number, end: number): Promise<void> {
  const { size } = await stat(path);
  if (!Number.isSafeInteger(start) || start < 0 || start >= size || end < start) {
    res.writeHead(416, { 'content-range': `bytes */${size}` });
    res.end();
    return;
  }
  const last = Math.min(end, size - 1);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store', 'content-length': last - start + 1 });
  createReadStream(path, { start, end: last }).pipe(res);
}

/** Serves a whole file, or the byte range its `Range` header asks for (206). */
export async function sendFile(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const { size } = await stat(path);
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range === null) {
    res.writeHead(200, { 'content-type': type, 'content-length': size, 'accept-ranges': 'bytes', 'cache-control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(path).pipe(res);
    return;
  }
  // "bytes=a-b", "bytes=a-" (to the end) or "bytes=-n" (the last n bytes).
  let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
  let end = range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]);
  start = Math.max(0, start);
  end = Math.min(end, size - 1);
  if (start > end || start >= size) {
    res.writeHead(416, { 'content-range': `bytes */${size}` });
    res.end();
    return;
  }
  res.writeHead(206, { 'content-type': type, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}`, 'accept-ranges': 'bytes', 'cache-control': 'no-store' });
  if (req.method === 'HEAD') res.end();
  else createReadStream(path, { start, end }).pipe(res);
}
