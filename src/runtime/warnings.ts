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

/** How many times the same warning is printed in full before repeats are only counted. */
export const REPEATED_WARNINGS_SHOWN = 3;

/**
 * Distinct warning texts counted at most. Past it, a new text counts as one of "other warnings",
 * so that a warning made unique per sample neither floods stderr nor grows memory with the run.
 */
export const MAX_DISTINCT_WARNINGS = 1000;

/**
 * Repeats per warning text. Digits and ids (22-character sample and event uuids) are ignored, so
 * "sample 7" and "sample 8" count as one.
 */
const repeats = new Map<string, { count: number; first: string }>();

const SHORT_ID = /\b[2-9A-HJ-NP-Za-km-z]{22}\b/g;
const OTHER_WARNINGS = '(other warnings)';

function repeatKey(message: string): string {
  const key = message.replace(SHORT_ID, '<id>').replace(/\d+/g, '#');
  return repeats.has(key) || repeats.size < MAX_DISTINCT_WARNINGS ? key : OTHER_WARNINGS;
}

const stderrSink: WarningSink = (w) => {
  const key = repeatKey(w.message);
  const seen = repeats.get(key) ?? { count: 0, first: key === OTHER_WARNINGS ? `other warnings, first: ${w.message}` : w.message };
  seen.count++;
  repeats.set(key, seen);
  if (seen.count <= REPEATED_WARNINGS_SHOWN) {
    const more = seen.count === REPEATED_WARNINGS_SHOWN ? ' (further repeats of this warning are counted, not shown)' : '';
    process.stderr.write(`hookline: warning: ${w.message}${more}\n`);
  }
};

/**
 * Returns the summary of warnings that repeated past {@link REPEATED_WARNINGS_SHOWN} (one line
 * each, with how many were not shown), or undefined; the counts start again. The CLI prints it
 * when a command ends.
 */
export function repeatedWarningsSummary(): string | undefined {
  const lines: string[] = [];
  for (const { count, first } of repeats.values()) {
    if (count > REPEATED_WARNINGS_SHOWN) lines.push(`  ${count}× ${first.length > 200 ? `${first.slice(0, 200)}…` : first}`);
  }
  repeats.clear();
  return lines.length === 0 ? undefined : `hookline: repeated warnings (first ${REPEATED_WARNINGS_SHOWN} of each shown above):\n${lines.join('\n')}\n`;
}

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
