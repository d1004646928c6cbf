/**
 * The `hookline view` server: Inspect's log viewer (built into `dist/viewer/`) and the API it
 * reads a log folder through — the endpoints of `inspect view`'s server that the viewer calls,
 * over Node's `http` only, on 127.0.0.1 unless told otherwise. The viewer polls `/api/events`
 * and re-lists the folder when a log changed, so a running eval shows up as it is written.
 * @module
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { errorMessage } from '../errors.ts';
import { HooklineError } from '../errors.ts';
import { listLogHandles, newestLogTime, readWireHeader, readWireLog, resolveInside } from './log-files.ts';
import { sendBytes, sendError, sendFile, sendJson } from './http.ts';

/** Options of {@link startViewServer}. */
export interface ViewServerOptions {
  /** The log folder to show (must exist). */
  readonly logDir: string;
  /** Folder of the built viewer (`index.html`, `viewer.js`, `viewer.css`). */
  readonly assetsDir: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 7575 (as `inspect view`); 0 picks a free port. */
  readonly port?: number;
}

/** A running view server. */
export interface ViewServer {
  /** The address to open in a browser, e.g. `http://127.0.0.1:7575/`. */
  readonly url: string;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

/** Thrown when the log folder or the built viewer is missing. */
export class ViewError extends HooklineError {
  constructor(message: string) {
    super('PREREQUISITE', message);
  }
}

/** Default port of `hookline view` (the same as `inspect view`). */
export const DEFAULT_VIEW_PORT = 7575;

const ASSETS = new Set(['/index.html', '/viewer.js', '/viewer.css']);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Returns the log file a request names, answering 404/403 itself when there is none to serve. */
async function requestedLog(res: ServerResponse, logDir: string, requested: string): Promise<string | undefined> {
  // The viewer escapes some names twice ('+' as %252B): undo what is left when no such file exists.
  let name = requested;
  while (name.includes('%') && !existsSync(name) && !existsSync(join(logDir, name))) {
    const decoded = safeDecode(name);
    if (decoded === name) break;
    name = decoded;
  }
  const path = resolveInside(logDir, name);
  if (path === undefined) {
    sendError(res, 403, `${name} is outside the log folder ${logDir}.`);
    return undefined;
  }
  try {
    if ((await stat(path)).isFile()) return path;
  } catch {
    // answered below
  }
  sendError(res, 404, `No log ${name} in ${logDir}.`);
  return undefined;
}

async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, logDir: string): Promise<void> {
  const route = url.pathname.slice('/api'.length);
  const param = (prefix: string): string => safeDecode(route.slice(prefix.length));
  if (route === '/log-dir') return sendJson(res, { log_dir: logDir });
  if (route === '/log-files' || route === '/logs') {
    const files = await listLogHandles(logDir);
    return route === '/logs' ? sendJson(res, { log_dir: logDir, logs: files }) : sendJson(res, { files, response_type: 'full' });
  }
  if (route === '/events') {
    const lastEvalTime = Number(url.searchParams.get('last_eval_time') ?? '0');
    return sendJson(res, (await newestLogTime(logDir)) > lastEvalTime ? ['refresh-evals'] : []);
  }
  if (route === '/log-headers') {
    const headers = [];
    for (const name of url.searchParams.getAll('file')) {
      const path = resolveInside(logDir, name);
      headers.push(path === undefined ? await readWireHeader(join(logDir, '(outside the log folder)')) : await readWireHeader(path));
    }
    return sendJson(res, headers);
  }
  if (route.startsWith('/logs/')) {
    const path = await requestedLog(res, logDir, param('/logs/'));
    if (path !== undefined) sendJson(res, await readWireLog(path, url.searchParams.get('header-only') === 'true'));
    return;
  }
  if (route.startsWith('/log-size/')) {
    const path = await requestedLog(res, logDir, param('/log-size/'));
    if (path !== undefined) sendJson(res, (await stat(path)).size);
    return;
  }
  if (route.startsWith('/log-bytes/')) {
    const path = await requestedLog(res, logDir, param('/log-bytes/'));
    if (path !== undefined) await sendBytes(res, path, Number(url.searchParams.get('start')), Number(url.searchParams.get('end')));
    return;
  }
  if (route === '/log-message') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end();
    return;
  }
  if (route === '/eval-set') {
    const file = join(logDir, 'eval-set.json');
    if (existsSync(file)) return sendFile(req, res, file);
  }
  // Pending samples, flows and anything newer: not offered (the viewer falls back).
  sendError(res, 404, `Not available: ${url.pathname}`);
}

async function handle(req: IncomingMessage, res: ServerResponse, logDir: string, assetsDir: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'Only GET and HEAD are served.');
  if (url.pathname.startsWith('/api/')) return handleApi(req, res, url, logDir);
  if (url.pathname.startsWith('/logs/')) {
    // The log files themselves, with byte ranges.
    const path = await requestedLog(res, logDir, safeDecode(url.pathname.slice('/logs/'.length)));
    if (path !== undefined) await sendFile(req, res, path);
    return;
  }
  const asset = url.pathname === '/' ? '/index.html' : url.pathname;
  if (ASSETS.has(asset)) return sendFile(req, res, join(assetsDir, asset));
  sendError(res, 404, `Not found: ${url.pathname}`);
}

/**
 * Starts serving `options.logDir` with the viewer and resolves once it listens. Throws a
 * {@link ViewError} when the folder or the built viewer is missing.
 */
export async function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const logDir = resolve(options.logDir);
  let isDir = false;
  try {
    isDir = (await stat(logDir)).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new ViewError(`The log folder ${logDir} does not exist (or is not a folder). Pass the folder your evals write to, e.g. \`hookline view ./logs\`.`);
  if (!existsSync(join(options.assetsDir, 'index.html')) || !existsSync(join(options.assetsDir, 'viewer.js'))) {
    throw new ViewError(`The log viewer is not built (no ${join(options.assetsDir, 'viewer.js')}). Build it with \`node scripts/build-viewer.mjs\`.`);
  }
  const server: Server = createServer((req, res) => {
    handle(req, res, logDir, options.assetsDir).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `hookline view: ${errorMessage(error)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_VIEW_PORT, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
