/**
 * Log objects between memory (camelCase, `types.ts`) and disk (snake_case, Inspect's field
 * order). Conversion itself is `util/wire-case.ts`; this module adds Inspect's key order (the
 * `.json` header reader depends on the root order), drops fields that are never written and
 * fills in the defaults Inspect's reader assumes when reading older or partial logs.
 * @module
 */
import { fromWire, toSnakeCase, toWire } from '../util/wire-case.ts';
import { resolveAttachments } from './condense.ts';
import { LogError } from './errors.ts';
import { resolveEventsData } from './events-data.ts';
import { errorMessage } from '../errors.ts';
import { serializeJson } from './json.ts';
import { logHeader } from './log-header.ts';
import type { EvalLog, EvalPlan, EvalSample, EvalSampleReductions, EvalSampleSummary, EvalSpec, EvalStats } from '../types/log.ts';
import { isRecord } from '../util/guards.ts';

type WireObject = Record<string, unknown>;

/** Root key order of a log (samples and reductions must come after the header fields). */
const LOG_KEYS = [
  'version', 'status', 'eval', 'plan', 'results', 'stats', 'error', 'invalidated', 'log_updates', 'config_updates',
  'tags', 'metadata', 'samples', 'reductions',
];
const SPEC_KEYS = [
  'eval_set_id', 'eval_id', 'run_id', 'created', 'task', 'task_id', 'task_version', 'task_file', 'task_display_name',
  'task_registry_name', 'task_attribs', 'task_args', 'task_args_passed', 'solver', 'solver_args', 'solver_args_passed',
  'tags', 'dataset', 'sandbox', 'model', 'model_generate_config', 'model_base_url', 'model_args', 'model_roles', 'config',
  'revision', 'packages', 'metadata', 'viewer', 'scorers', 'metrics',
];
const SAMPLE_KEYS = [
  'id', 'epoch', 'input', 'choices', 'target', 'sandbox', 'files', 'setup', 'messages', 'output', 'scores', 'metadata',
  'store', 'events', 'timelines', 'model_usage', 'role_usage', 'model_fallbacks', 'started_at', 'completed_at',
  'total_time', 'working_time', 'uuid', 'invalidation', 'error', 'error_retries', 'attachments', 'events_data', 'limit',
  'turn_count', 'token_limit', 'token_limit_type', 'token_limit_usage',
];
const SUMMARY_KEYS = [
  'id', 'epoch', 'input', 'choices', 'target', 'metadata', 'scores', 'model_usage', 'role_usage', 'model_fallbacks',
  'started_at', 'completed_at', 'total_time', 'working_time', 'uuid', 'error', 'limit', 'retries', 'completed',
  'message_count', 'turn_count', 'token_limit', 'token_limit_type', 'token_limit_usage',
];

function ordered(value: WireObject, keys: readonly string[]): WireObject {
  const out: WireObject = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  for (const [key, v] of Object.entries(value)) if (!(key in out)) out[key] = v;
  return out;
}

/** Returns the wire form of a task specification (Inspect's field order). */
export function specToWire(spec: EvalSpec): WireObject {
  return ordered(toWire(spec) as WireObject, SPEC_KEYS);
}

/**
 * Returns the wire form of a sample (Inspect's field order). A sample without scores (an errored
 * one, or a task without scorers) gets `scores: {}` as Inspect writes it: its viewer lists score
 * names with `Object.keys(sample.scores)`.
 */
export function sampleToWire(sample: EvalSample): WireObject {
  const wire = toWire(sample) as WireObject;
  wire.scores ??= {};
  return ordered(wire, SAMPLE_KEYS);
}

/** Returns the wire form of a sample summary (`scores: {}` when it has none, as for samples). */
export function summaryToWire(summary: EvalSampleSummary): WireObject {
  const wire = toWire(summary) as WireObject;
  wire.scores ??= {};
  return ordered(wire, SUMMARY_KEYS);
}

/**
 * Returns solver or scorer params as Inspect records them: top-level keys with their Python
 * (snake_case) names, values verbatim (`{ ignoreCase: true }` → `{ ignore_case: true }`).
 */
export function paramsToWire(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) out[toSnakeCase(key)] = value;
  return out;
}

/** Returns the wire form of reductions. */
export function reductionsToWire(reductions: readonly EvalSampleReductions[]): unknown[] {
  return toWire(reductions) as unknown[];
}

/** Sample scores serialised per chunk by {@link reductionsJsonChunks}. */
const REDUCTION_CHUNK = 1000;

/**
 * Returns the JSON text of the wire form of reductions in pieces of at most a thousand sample
 * scores, the same text `serializeJson(reductionsToWire(reductions))` makes as one string: a
 * task of 100,000 samples never holds the wire copy or the text of all its reductions at once.
 */
export function* reductionsJsonChunks(reductions: readonly EvalSampleReductions[]): Generator<string> {
  yield '[';
  for (let r = 0; r < reductions.length; r++) {
    const { samples, ...rest } = reductions[r]!;
    // The reduction's other keys come first (Inspect's order: scorer, reducer, samples).
    const open = serializeJson({ ...(toWire(rest) as WireObject), samples: [] });
    yield `${r === 0 ? '' : ','}${open.slice(0, -2)}`;
    for (let i = 0; i < samples.length; i += REDUCTION_CHUNK) {
      const text = serializeJson(toWire(samples.slice(i, i + REDUCTION_CHUNK)));
      yield `${i === 0 ? '' : ','}${text.slice(1, -1)}`;
    }
    yield ']}';
  }
  yield ']';
}

/** Returns `_journal/start.json`: the version, the spec and the plan. */
export function startToWire(spec: EvalSpec, plan: EvalPlan): WireObject {
  return { version: 2, eval: specToWire(spec), plan: toWire(plan) };
}

/**
 * Returns the wire form of a log with root keys in Inspect's order. `location` is never
 * written; samples and reductions only when `withSamples` is true (the `.json` form).
 */
export function logToWire(log: EvalLog, withSamples = true): WireObject {
  // The header is copied without touching `samples`: on a finished log, reading them loads them from the file.
  const { location: _location, eval: spec, ...header } = logHeader(log);
  const wire = toWire(header) as WireObject;
  wire.version = 2;
  wire.eval = specToWire(spec);
  if (withSamples && log.samples !== undefined) wire.samples = log.samples.map(sampleToWire);
  if (withSamples && log.reductions !== undefined) wire.reductions = reductionsToWire(log.reductions);
  return ordered(wire, LOG_KEYS);
}

/** Returns empty stats, as a log that has not finished carries them. */
export function emptyStats(startedAt = ''): EvalStats {
  return { startedAt, completedAt: '', modelUsage: {}, roleUsage: {}, connectionLimitHistory: [] };
}

/** Returns sorted `eval.tags` (root `tags` must match them). */
export function rootTags(spec: EvalSpec): string[] {
  return [...(spec.tags ?? [])].sort();
}

const LOG_STATUSES: ReadonlySet<string> = new Set(['started', 'success', 'cancelled', 'error']);

/**
 * Reads a log header (or a whole `.json` log) from its parsed wire form, filling in what older
 * Inspect versions left out. `where` names the file (and member) for error messages.
 */
export function logFromWire(raw: unknown, where: string, file?: string): EvalLog {
  const options = file === undefined ? undefined : { file };
  if (!isRecord(raw)) throw new LogError(`${where} is not a JSON object, so it is not an eval log.`, options);
  if (Array.isArray(raw.samples)) raw.samples.forEach((s: unknown, i) => resolvePools(s, `${where} (samples[${i}])`, file));
  const camel = fromWire(raw) as WireObject;
  const spec = camel.eval;
  if (!isRecord(spec) || typeof spec.task !== 'string' || typeof spec.model !== 'string') {
    throw new LogError(`${where} has no valid 'eval' section (task specification with 'task' and 'model'), so it is not an eval log.`, options);
  }
  if (camel.version !== undefined && typeof camel.version !== 'number') {
    throw new LogError(`${where} has a non-numeric 'version' (${JSON.stringify(camel.version)}); eval logs have version 2.`, options);
  }
  if (camel.status !== undefined && !LOG_STATUSES.has(camel.status as string)) {
    throw new LogError(`${where} has an unknown 'status' (${JSON.stringify(camel.status)}); eval logs have started, success, cancelled or error.`, options);
  }
  const evalSpec = spec as unknown as EvalSpec;
  const log = {
    ...camel,
    version: camel.version ?? 2,
    status: camel.status ?? 'started',
    plan: camel.plan ?? { name: 'plan', steps: [], config: {} },
    stats: camel.stats ?? emptyStats(),
    invalidated: camel.invalidated ?? false,
    tags: camel.tags ?? rootTags(evalSpec),
    metadata: camel.metadata ?? evalSpec.metadata ?? {},
  } as unknown as EvalLog;
  if (log.samples !== undefined) log.samples = (log.samples as unknown[]).map((s, i) => checkSample(s, `${where} (samples[${i}])`, file));
  return log;
}

/** Reads the `_journal/start.json` of an unfinished `.eval` log as a log with status 'started'. */
export function startFromWire(raw: unknown, where: string, file?: string): EvalLog {
  if (!isRecord(raw)) throw new LogError(`${where} is not a JSON object, so it is not an eval log journal.`, file === undefined ? undefined : { file });
  return logFromWire({ version: raw.version, status: 'started', eval: raw.eval, plan: raw.plan }, where, file);
}

/** Reads one sample from its wire form, with Inspect's defaults for missing fields. */
export function sampleFromWire(raw: unknown, where: string, file?: string): EvalSample {
  resolvePools(raw, where, file);
  return checkSample(fromWire(raw), where, file);
}

/**
 * Puts pooled model inputs (`events_data`) back into a parsed wire-form sample, before the
 * camelCase copy (which then gives every event its own message objects).
 */
function resolvePools(raw: unknown, where: string, file: string | undefined): void {
  if (!isRecord(raw) || raw.events_data === undefined) return;
  try {
    resolveEventsData(raw);
  } catch (error) {
    throw new LogError(`${where}: ${errorMessage(error)}`, { cause: error, ...(file === undefined ? {} : { file }) });
  }
}

function checkSample(value: unknown, where: string, file: string | undefined): EvalSample {
  if (!isRecord(value) || (typeof value.id !== 'string' && typeof value.id !== 'number') || typeof value.epoch !== 'number') {
    throw new LogError(`${where} is not a sample: it needs a string or number 'id' and a numeric 'epoch'.`, file === undefined ? undefined : { file });
  }
  resolveAttachments(value);
  return {
    messages: [],
    output: { model: '', choices: [], completion: '' },
    metadata: {},
    store: {},
    events: [],
    modelUsage: {},
    roleUsage: {},
    attachments: {},
    ...value,
  } as unknown as EvalSample;
}

/** Reads reductions from their wire form. */
export function reductionsFromWire(raw: unknown, where: string, file?: string): EvalSampleReductions[] {
  if (!Array.isArray(raw)) throw new LogError(`${where} is not a JSON list of sample reductions.`, file === undefined ? undefined : { file });
  return fromWire(raw) as EvalSampleReductions[];
}
