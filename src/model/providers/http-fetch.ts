/**
 * The `fetch` the SDK providers hand to the official SDKs: the same contract as the global
 * `fetch` for what the SDKs send (a method, headers, a string or byte body, an abort signal),
 * carried over `node:http` / `node:https` with keep-alive agents instead of the global `fetch`.
 * The global `fetch` builds a WHATWG request and response stream machinery per call, about twice
 * the CPU of the SDK's own work per request (measured in BENCHMARKS.md, *Concurrency under
 * latency*); at hundreds of requests in flight that CPU, not the network, sets the pace.
 *
 * - Bodies other than a string or bytes (form data, streams, blobs) go to the global `fetch`.
 * - Event streams (`text/event-stream`) are returned as they arrive; other responses are read
 *   whole first (the SDKs read them whole anyway).
 * - An abort rejects with an `AbortError`, also in the middle of a streamed body; a connection
 *   failure rejects with a `TypeError` whose `cause` is the socket error, as the global `fetch`
 *   does, so the SDKs classify both as they always do.
 * - Compressed responses (gzip, deflate, br) are decoded.
 * @module
 */
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';

// Connections are kept for reuse; the connection limit is the model layer's (`maxConnections`).
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

function abortError(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}

function isByteBody(body: unknown): body is string | Uint8Array | undefined | null {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

function requestHeaders(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (headers instanceof Headers || Array.isArray(headers)) {
    for (const [name, value] of headers instanceof Headers ? headers : new Headers(headers)) out[name] = value;
    return out;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string | undefined>)) if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

/**
 * A response whose body was read whole: `text()`, `json()` and `arrayBuffer()` answer from the
 * bytes at hand. A `Response` made on the bytes would make a WHATWG stream for them (costly on
 * Node 20), and reading it goes through a stream reader, a few promises per chunk. A real
 * `Response` on the bytes is made only when something else is asked for (`body`, `blob()`,
 * `clone()`, …), and then answers everything, so `bodyUsed` and the one-read rule stay as fetch's.
 */
class BufferedResponse extends (Response as new (body: null, init: ResponseInit) => object) {
  #bytes: Buffer | undefined;
  #real: Response | undefined;
  readonly #init: ResponseInit;

  constructor(bytes: Buffer, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
    this.#init = init;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#response().body;
  }

  get bodyUsed(): boolean {
    return this.#real === undefined ? this.#bytes === undefined : this.#real.bodyUsed;
  }

  text(): Promise<string> {
    if (this.#real !== undefined) return this.#real.text();
    return this.#take((bytes) => bytes.toString('utf8'));
  }

  json(): Promise<unknown> {
    if (this.#real !== undefined) return this.#real.json();
    return this.#take((bytes) => JSON.parse(bytes.toString('utf8')) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real !== undefined) return this.#real.arrayBuffer();
    return this.#take((bytes) => new Uint8Array(bytes).buffer);
  }

  blob(): Promise<Blob> {
    return this.#response().blob();
  }

  formData(): Promise<FormData> {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- a fetch Response has it: answered as one would
    return this.#response().formData();
  }

  bytes(): Promise<Uint8Array> {
    // Response.bytes() is newer than Node 20.
    if (this.#real !== undefined) return this.#real.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    return this.#take((bytes) => new Uint8Array(bytes));
  }

  clone(): Response {
    return this.#response().clone();
  }

  /** Reads the bytes once, as a body is read once. */
  #take<T>(read: (bytes: Buffer) => T): Promise<T> {
    const bytes = this.#bytes;
    if (bytes === undefined) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#bytes = undefined;
    try {
      return Promise.resolve(read(bytes));
    } catch (error) {
      // JSON.parse's SyntaxError: rejected as fetch's json() rejects it.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The real response on the bytes, made once (already read if they were). */
  #response(): Response {
    if (this.#real === undefined) {
      const read = this.#bytes === undefined;
      this.#real = new Response(this.#bytes ?? new Uint8Array(0), this.#init);
      this.#bytes = undefined;
      // Read already: its stream is used, as fetch's would be.
      if (read) void this.#real.arrayBuffer();
    }
    return this.#real;
  }
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/** The response body decoded from its `content-encoding`. */
function decoded(res: IncomingMessage): Readable {
  switch (res.headers['content-encoding']?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

/**
 * A `fetch` over `node:http` for the official SDKs' requests; see the module notes for what it
 * supports and what it hands to the global `fetch`.
 */
export async function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request || !isByteBody(init.body)) return await fetch(input, init);
  const url = typeof input === 'string' ? new URL(input) : input;
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') return await fetch(input, init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted === true) throw abortError();
  return await new Promise<Response>((resolve, reject) => {
    let settled = false;
    let body: Readable | undefined;
    const onAbort = (): void => {
      const error = abortError();
      req.destroy(error);
      body?.destroy(error);
      if (!settled) {
        settled = true;
        reject(error);
      }
    };
    const done = (): void => signal?.removeEventListener('abort', onAbort);
    const fail = (error: Error): void => {
      done();
      if (settled) return;
      settled = true;
      reject(signal?.aborted === true ? abortError() : new TypeError('fetch failed', { cause: error }));
    };
    const options = { method: init.method ?? 'GET', headers: requestHeaders(init.headers), agent: secure ? httpsAgent : httpAgent };
    const onResponse = (res: IncomingMessage): void => {
      body = decoded(res);
      body.on('error', fail);
      const meta = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: responseHeaders(res) };
      if (res.headers['content-type']?.startsWith('text/event-stream') === true) {
        body.once('close', done);
        settled = true;
        resolve(new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, meta));
        return;
      }
      const chunks: Buffer[] = [];
      body.on('data', (chunk: Buffer) => chunks.push(chunk));
      body.once('end', () => {
        done();
        if (settled) return;
        settled = true;
        // A null-body status (204, 304…) must be given no body at all.
        const empty = meta.status === 204 || meta.status === 205 || meta.status === 304;
        // A Response: its base class is typed loosely only so that the body methods can be overridden.
        resolve(empty ? new Response(null, meta) : (new BufferedResponse(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), meta) as unknown as Response));
      });
    };
    const req = secure ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
    req.on('error', fail);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(init.body ?? undefined);
  });
}
