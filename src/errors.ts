/**
 * The error hierarchy. Every hookline error has a stable `code`, keeps its `cause`, and says how
 * to fix the problem. Use {@link isHooklineError} rather than `instanceof`: it also recognises
 * errors thrown by a second copy of the library (a plugin's own dependency).
 * @module
 */

/** Stable error codes. */
export type HooklineErrorCode =
  | 'HOOK_FAILED'
  | 'HOOK_TIMEOUT'
  | 'INVALID_HOOK'
  | 'PLUGIN_LOAD_FAILED'
  | 'REQUIRED_HOOKS_MISSING'
  | 'LIMIT_EXCEEDED'
  | 'CANCELLED'
  | 'CONFIG_INVALID'
  | 'PREREQUISITE'
  | 'MODEL_ERROR'
  | 'DATASET_INVALID'
  | 'TOOL_ERROR'
  | 'LOG_INVALID';

const BRAND = Symbol.for('hookline.error');

/** Base class of every error hookline throws on purpose. */
export class HooklineError extends Error {
  /** Stable, machine-readable code. */
  readonly code: HooklineErrorCode;
  readonly [BRAND] = true;

  constructor(code: HooklineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Tells whether a value is a hookline error (from any copy of the library). */
export function isHooklineError(value: unknown): value is HooklineError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Which limit a {@link LimitExceededError} reports. */
export type LimitKind = 'context' | 'time' | 'working' | 'message' | 'token' | 'turn' | 'cost' | 'operator' | 'custom';

/**
 * Thrown to stop a sample because a limit was reached. A hook may throw it on purpose: the bus
 * lets it through (skipping later hooks of that emission) and the eval runtime records the limit
 * on the sample instead of an error.
 */
export class LimitExceededError extends HooklineError {
  readonly type: LimitKind;
  readonly value: number;
  readonly limit: number;

  constructor(type: LimitKind, options: { value: number; limit: number; message?: string; cause?: unknown }) {
    super('LIMIT_EXCEEDED', options.message ?? `${type} limit exceeded (${options.value} of ${options.limit})`, {
      cause: options.cause,
    });
    this.type = type;
    this.value = options.value;
    this.limit = options.limit;
  }
}

/** Tells whether a value is a {@link LimitExceededError} (from any copy of the library). */
export function isLimitExceededError(value: unknown): value is LimitExceededError {
  return isHooklineError(value) && value.code === 'LIMIT_EXCEEDED';
}

/** The operation was cancelled (an AbortSignal fired, or the user interrupted). */
export class CancelledError extends HooklineError {
  constructor(message = 'The operation was cancelled.', options?: { cause?: unknown }) {
    super('CANCELLED', message, options);
  }
}

/** Tells whether an error means cancellation (hookline's, or a DOM-style AbortError). */
export function isCancellation(value: unknown): boolean {
  if (isHooklineError(value)) return value.code === 'CANCELLED';
  return value instanceof Error && value.name === 'AbortError';
}

/** A hook failed and its policy says the failure must propagate. */
export class HookError extends HooklineError {
  readonly hook: string;
  readonly event: string;

  constructor(hook: string, event: string, cause: unknown, code: 'HOOK_FAILED' | 'HOOK_TIMEOUT' = 'HOOK_FAILED') {
    super(code, `Hook '${hook}' failed on ${event}: ${errorMessage(cause)}`, { cause });
    this.hook = hook;
    this.event = event;
  }
}

/** A hook registration or definition is invalid. */
export class InvalidHookError extends HooklineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_HOOK', message, options);
  }
}

/** A plugin package could not be loaded. */
export class PluginLoadError extends HooklineError {
  readonly packageName: string;

  constructor(packageName: string, cause: unknown) {
    super(
      'PLUGIN_LOAD_FAILED',
      `Could not load hook plugin package '${packageName}': ${errorMessage(cause)}. ` +
        'Fix or reinstall the package, or uninstall it.',
      { cause },
    );
    this.packageName = packageName;
  }
}

/** Something the run needs is missing (required hooks, a conflicting eval-set id, …). */
export class PrerequisiteError extends HooklineError {
  constructor(message: string, options?: { cause?: unknown; code?: 'PREREQUISITE' | 'REQUIRED_HOOKS_MISSING' }) {
    super(options?.code ?? 'PREREQUISITE', message, options);
  }
}

/** A configuration file or option is malformed. */
export class ConfigError extends HooklineError {
  /** The file the problem is in, when there is one. */
  readonly file: string | undefined;

  constructor(message: string, options?: { cause?: unknown; file?: string }) {
    super('CONFIG_INVALID', message, options);
    this.file = options?.file;
  }
}

/** The message of any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
