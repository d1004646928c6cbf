/**
 * Classification of provider failures (from either official SDK, the network, or hookline
 * itself) into what the retry loop does with them, and the final {@link ModelError}.
 * @module
 */
import { errorMessage, isCancellation } from '../errors.ts';
import { isModelError, ModelError } from './errors.ts';

/** What the retry loop does with a failure. */
export type FailureKind = 'retryable' | 'auth' | 'fatal' | 'malformed' | 'cancelled';

/** A classified failure. */
export interface Failure {
  readonly kind: FailureKind;
  readonly statusCode: number | undefined;
  /** The exception's class name (`RateLimitError`, `InternalServerError`, `TimeoutError`, …). */
  readonly exceptionType: string;
  /** The server's own message when there is one, else the exception's. */
  readonly message: string;
  readonly error: unknown;
  /**
   * True when the error did not come from a provider exchange (a scripted function's own
   * exception, a bug): such errors reach the caller unchanged.
   */
  readonly local: boolean;
  /** How long the server asked to wait before retrying (`retry-after-ms` / `Retry-After`), if it did. */
  readonly retryAfterMs?: number | undefined;
}

/** A provider answered with a body that is not what its API promises. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
const CONNECTION_ERRORS = new Set(['APIConnectionError', 'APIConnectionTimeoutError', 'TimeoutError']);
/** Error types a server reports inside a stream (no HTTP status) that are worth retrying. */
const RETRYABLE_TYPES = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'server_error', 'timeout_error']);

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/** The message the server put in its error body (OpenAI `{error:{message}}`, Anthropic `{type,error:{message}}`). */
function serverMessage(error: unknown): string | undefined {
  const body = record(record(error)?.['error']);
  if (body === undefined) return undefined;
  if (typeof body['message'] === 'string') return body['message'];
  const inner = record(body['error']);
  return typeof inner?.['message'] === 'string' ? inner['message'] : undefined;
}

/** The error type in a server's body (OpenAI `{type}`, Anthropic `{error:{type}}`). */
function serverErrorType(error: unknown): string | undefined {
  const body = record(record(error)?.['error']);
  const inner = record(body?.['error']);
  const type = inner?.['type'] ?? body?.['type'];
  return typeof type === 'string' ? type : undefined;
}

/** Whether an error is one of the SDKs' API errors (they carry `status` and `headers`, maybe undefined). */
function isSdkApiError(error: unknown): boolean {
  const r = record(error);
  return r !== undefined && 'status' in r && 'headers' in r;
}

function typeName(error: unknown): string {
  if (error instanceof Error) {
    const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof ctor === 'string' && ctor !== '' && ctor !== 'Error' ? ctor : error.name;
  }
  return typeof error;
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const get = (headers as { get?: unknown }).get;
  const value = typeof get === 'function' ? (get as (n: string) => unknown).call(headers, name) : (headers as Record<string, unknown>)[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Returns the wait a server asked for in an error response, in milliseconds: `retry-after-ms`
 * (OpenAI), else `Retry-After` in seconds or as an HTTP date; `undefined` when absent or invalid.
 */
export function retryAfterMs(error: unknown): number | undefined {
  const headers = record(error)?.['headers'];
  const ms = Number(headerOf(headers, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headerOf(headers, 'retry-after-ms') !== undefined) return ms;
  const raw = headerOf(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Rewords transport messages that say nothing to a user (undici's `terminated`). */
function plainMessage(message: string): string {
  if (message === 'terminated') return 'the connection closed before the response was complete (a truncated stream)';
  return message;
}

/** Ends a message with exactly one full stop (messages that already end in one keep it). */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Classifies a failure of one attempt. For offline providers (`offline`), only hookline's own
 * errors mean anything; everything else is the scripted code's exception.
 */
export function classifyFailure(error: unknown, offline = false): Failure {
  const exceptionType = isModelError(error) ? (error.exceptionType ?? 'ModelError') : typeName(error);
  const base = { exceptionType, error, local: false };
  if (error instanceof Error && error.name === 'DeadlineReachedError') {
    return { ...base, exceptionType: 'TimeoutError', kind: 'fatal', statusCode: undefined, message: 'the attempt was still running when the time ran out' };
  }
  if (isModelError(error)) {
    return { ...base, kind: error.retryable ? 'retryable' : 'fatal', statusCode: error.statusCode, message: error.message };
  }
  if (isCancellation(error) || exceptionType === 'APIUserAbortError') {
    return { ...base, kind: 'cancelled', statusCode: undefined, message: errorMessage(error) };
  }
  const message = plainMessage(serverMessage(error) ?? errorMessage(error));
  if (offline) return { ...base, kind: 'fatal', statusCode: undefined, message, local: true };
  const status = record(error)?.['status'];
  if (typeof status === 'number') {
    const kind: FailureKind = status === 401 || status === 403 ? 'auth' : RETRYABLE_STATUS.has(status) || status >= 500 ? 'retryable' : 'fatal';
    return { ...base, kind, statusCode: status, message, retryAfterMs: kind === 'retryable' ? retryAfterMs(error) : undefined };
  }
  if (error instanceof SyntaxError || error instanceof MalformedResponseError) return { ...base, kind: 'malformed', statusCode: undefined, message };
  const code = record(error)?.['code'] ?? record(record(error)?.['cause'])?.['code'];
  if (CONNECTION_ERRORS.has(exceptionType) || (typeof code === 'string' && NETWORK_CODES.has(code))) {
    return { ...base, kind: 'retryable', statusCode: undefined, message };
  }
  if (isSdkApiError(error)) {
    // An error event inside a stream: no HTTP status, but the server says what went wrong.
    const type = serverErrorType(error);
    return { ...base, kind: type !== undefined && RETRYABLE_TYPES.has(type) ? 'retryable' : 'fatal', statusCode: undefined, message };
  }
  return { ...base, kind: 'fatal', statusCode: undefined, message, local: true };
}

/** Returns a short description of a failure: `status 429 RateLimitError: slow down`. */
export function describeFailure(failure: Failure): string {
  const status = failure.statusCode === undefined ? '' : `status ${failure.statusCode} `;
  return `${status}${failure.exceptionType}: ${failure.message}`;
}

/** Replaces every occurrence of a secret in a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  return out;
}

/** Where a failure happened, for the final error's message. */
export interface FailureContext {
  readonly api: string;
  readonly model: string;
  readonly baseUrl: string | undefined;
  readonly apiKeyEnvVar: string | undefined;
  readonly retries: number;
  readonly secrets: readonly string[];
}

/**
 * Returns the error a caller sees for a failure the loop will not retry. `timeoutSeconds` is set
 * when the whole-call timeout ended the retries.
 */
export function toModelError(failure: Failure, where: FailureContext, timeoutSeconds?: number): ModelError {
  if (isModelError(failure.error) && failure.kind === 'fatal' && timeoutSeconds === undefined) return failure.error;
  const status = failure.statusCode === undefined ? '' : ` with status ${failure.statusCode}`;
  // Without a status the server never answered: say which address was tried.
  const address = failure.statusCode === undefined && where.baseUrl !== undefined && failure.kind === 'retryable' ? ` at ${where.baseUrl}` : '';
  const message = sentence(address === '' ? redact(failure.message, where.secrets) : `${redact(failure.message, where.secrets).replace(/\.$/, '')}${address}`);
  const retries = `${where.retries} ${where.retries === 1 ? 'retry' : 'retries'}`;
  let text: string;
  switch (timeoutSeconds === undefined ? failure.kind : 'timeout') {
    case 'timeout':
      text = `${where.model}: gave up after config.timeout (${timeoutSeconds}s) with ${retries}; the last attempt failed${status} (${failure.exceptionType}): ${message} ` +
        'Raise the timeout to wait longer (config.timeout; --timeout on the command line).';
      break;
    case 'auth':
      text = `${where.model}: authentication failed${status}: ${message} Check ${where.apiKeyEnvVar ?? 'the API key'} (or the apiKey passed to getModel()).`;
      break;
    case 'malformed':
      text = `${where.model}: the provider returned a malformed response (${message.replace(/\.$/, '')}). Check that ${where.baseUrl ?? 'the base URL'} serves the ${where.api} API.`;
      break;
    case 'retryable':
      text = `${where.model}: request failed after ${retries}${status} (${failure.exceptionType}): ${message} ` +
        'The provider kept failing; try again later, or allow more retries (config.maxRetries / config.timeout; --max-retries / --timeout on the command line).';
      break;
    default:
      text = failure.statusCode === undefined
        ? `${where.model}: the request failed (${failure.exceptionType}): ${message}`
        : `${where.model}: the provider rejected the request${status}: ${message} Fix the request (model name, parameters or messages) and try again.`;
  }
  return new ModelError(text, {
    provider: where.api,
    model: where.model,
    statusCode: failure.statusCode,
    retryable: failure.kind === 'retryable' && timeoutSeconds === undefined,
    exceptionType: failure.exceptionType,
    // A server may echo the key it rejected: keep such a cause out of reach.
    cause: mentionsSecret(failure.error, where.secrets) ? undefined : failure.error,
  });
}

function mentionsSecret(error: unknown, secrets: readonly string[]): boolean {
  let text = errorMessage(error);
  try {
    text += JSON.stringify(record(error)?.['error']) ?? '';
  } catch {
    // An unserialisable body cannot be checked; the message alone decides.
  }
  return secrets.some((s) => s.length >= 4 && text.includes(s));
}
