/**
 * Warnings: every non-fatal problem (a hook that threw, a skipped untrusted command hook, an
 * overflowing queue) goes through {@link warn}. The default sink prints to stderr; hosts install
 * their own (the eval runtime records them in the sample transcript).
 * @module
 */
import { currentContext } from './context.ts';

/** A warning with its origin. */
export interface Warning {
  readonly message: string;
  /** A stable identifier of where the warning comes from, e.g. `hooks`, `command-hooks`. */
  readonly source: string;
  readonly error?: unknown;
}

/** Receives warnings. */
export type WarningSink = (warning: Warning) => void;

const stderrSink: WarningSink = (w) => {
  process.stderr.write(`hookline: warning: ${w.message}\n`);
};

let sinks: WarningSink[] = [stderrSink];

/**
 * Reports a warning to every sink, and records it in the transcript of the sample or session in
 * progress (as a `logger` event). Sinks that throw are ignored.
 */
export function warn(message: string, source = 'hookline', error?: unknown): void {
  const warning: Warning = error === undefined ? { message, source } : { message, source, error };
  currentContext().transcript?.record({
    event: 'logger',
    message: { name: `hookline.${source}`, level: 'warning', message, created: Date.now(), filename: '', module: source, lineno: 0 },
    timestamp: '',
    workingStart: 0,
  });
  for (const sink of sinks) {
    try {
      sink(warning);
    } catch {
      // A broken sink must not turn a warning into a failure.
    }
  }
}

/**
 * Replaces the sinks (the stderr sink included) until the returned function is called; used by
 * tests and by hosts that display warnings themselves.
 */
export function captureWarnings(sink: WarningSink): () => void {
  const previous = sinks;
  sinks = [sink];
  return () => {
    sinks = previous;
  };
}

/** Adds a sink next to the current ones; returns its removal. */
export function addWarningSink(sink: WarningSink): () => void {
  sinks = [...sinks, sink];
  return () => {
    sinks = sinks.filter((s) => s !== sink);
  };
}
