/**
 * Turning a dataset record (a JSON object or a CSV row) into a {@link Sample}, with checks that
 * name the record's file and line.
 * @module
 */
import { errorMessage } from '../../errors.ts';
import type { ChatMessage } from '../../types/model.ts';
import type { Sample } from '../types.ts';
import { DatasetError, type SampleSource } from './errors.ts';
import { isRecord } from '../../util/guards.ts';

/** Which record fields hold the parts of a sample. */
export interface FieldSpec {
  /** Default `input`. */
  readonly input?: string;
  /** Default `target`. */
  readonly target?: string;
  /** Default `id`. */
  readonly id?: string;
  /** Default `choices`. */
  readonly choices?: string;
  /**
   * Fields copied into the sample's metadata; `true` copies every field not mapped above.
   * Default: the record's own `metadata` object, if any.
   */
  readonly metadata?: readonly string[] | true;
}

/** Builds a sample from a record, for full control over the mapping. */
export type RecordToSample = (record: Record<string, unknown>) => Sample;

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function readInput(value: unknown, field: string, record: Record<string, unknown>, source: SampleSource): string | ChatMessage[] {
  if (value === undefined || value === null) {
    const keys = Object.keys(record);
    throw new DatasetError(
      source,
      `the sample has no '${field}' field (fields: ${keys.length === 0 ? 'none' : keys.join(', ')}). ` +
        `Add it, or name the field that holds the prompt with fields: { input: '<name>' }.`,
    );
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (!Array.isArray(value)) throw new DatasetError(source, `'${field}' is ${typeName(value)}; it must be a string or a list of chat messages. Fix the value.`);
  value.forEach((message: unknown, i) => {
    const ok = isRecord(message) && typeof message.role === 'string' && ROLES.has(message.role) && (typeof message.content === 'string' || Array.isArray(message.content));
    if (!ok) {
      throw new DatasetError(
        source,
        `message ${i + 1} of '${field}' is not a chat message. Give each message a role (system, user, assistant or tool) and a string content.`,
      );
    }
  });
  return value as ChatMessage[];
}

function readStrings(value: unknown, field: string, source: SampleSource): string[] {
  let list = value;
  if (typeof value === 'string' && value.trimStart().startsWith('[')) {
    try {
      list = JSON.parse(value);
    } catch (error) {
      throw new DatasetError(source, `'${field}' looks like a JSON list but is not valid JSON (${errorMessage(error)}). Fix the value.`, { cause: error });
    }
  }
  if (Array.isArray(list) && list.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) return list.map(String);
  throw new DatasetError(source, `'${field}' is ${typeName(value)}; it must be a list of strings (in a CSV cell, a JSON list such as ["a", "b"]). Fix the value.`);
}

function readTarget(value: unknown, field: string, source: SampleSource): string | string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return readStrings(value, field, source);
  throw new DatasetError(source, `'${field}' is ${typeName(value)}; a target must be a string or a list of strings. Fix the value.`);
}

function readId(value: unknown, field: string, source: SampleSource): string | number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new DatasetError(source, `'${field}' is ${typeName(value)}; an id must be a string or a number. Fix the value.`);
}

function readMetadata(record: Record<string, unknown>, spec: FieldSpec, mapped: ReadonlySet<string>, source: SampleSource): Record<string, unknown> | undefined {
  if (spec.metadata === true) {
    const entries = Object.entries(record).filter(([key]) => !mapped.has(key));
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  if (spec.metadata !== undefined) {
    const entries = spec.metadata.filter((key) => Object.hasOwn(record, key)).map((key) => [key, record[key]] as const);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  let metadata = record.metadata;
  if (metadata === undefined || metadata === null || metadata === '') return undefined;
  if (typeof metadata === 'string') {
    try {
      metadata = JSON.parse(metadata);
    } catch {
      // reported below as not an object
    }
  }
  if (!isRecord(metadata)) {
    throw new DatasetError(source, `'metadata' is ${typeName(record.metadata)}; it must be an object (in a CSV cell, a JSON object). Fix the value, or choose metadata fields with fields: { metadata: [...] }.`);
  }
  return metadata;
}

/** Returns the sample a record describes under a field mapping (defaults: input, target, id, choices). */
export function sampleFromRecord(record: Record<string, unknown>, spec: FieldSpec, source: SampleSource): Sample {
  const names = { input: spec.input ?? 'input', target: spec.target ?? 'target', id: spec.id ?? 'id', choices: spec.choices ?? 'choices' };
  const input = readInput(record[names.input], names.input, record, source);
  const target = readTarget(record[names.target], names.target, source);
  const id = readId(record[names.id], names.id, source);
  const rawChoices = record[names.choices];
  const choices = rawChoices === undefined || rawChoices === null || rawChoices === '' ? undefined : readStrings(rawChoices, names.choices, source);
  const metadata = readMetadata(record, spec, new Set(Object.values(names)), source);
  return {
    input,
    ...(target === undefined ? {} : { target }),
    ...(id === undefined ? {} : { id }),
    ...(choices === undefined ? {} : { choices }),
    ...(metadata === undefined ? {} : { metadata }),
  };
}

/** Options shared by every dataset reader. */
export interface RecordOptions {
  /** Field mapping (ignored when `sampleFields` is given). */
  readonly fields?: FieldSpec;
  /** Builds each sample from its record (full control over the mapping). */
  readonly sampleFields?: RecordToSample;
}

/** Returns a function turning one record into a checked sample, per the options. */
export function recordReader(options: RecordOptions): (record: unknown, source: SampleSource) => Sample {
  const { fields, sampleFields } = options;
  if (fields !== undefined && sampleFields !== undefined) {
    throw new DatasetError({}, 'give either fields or sampleFields, not both. Keep sampleFields for full control, or fields for a simple mapping.');
  }
  return (record, source) => {
    if (!isRecord(record)) throw new DatasetError(source, `expected a JSON object for a sample, found ${typeName(record)}. Write each sample as an object such as {"input": "...", "target": "..."}.`);
    if (sampleFields === undefined) return sampleFromRecord(record, fields ?? {}, source);
    let sample: unknown;
    try {
      sample = sampleFields(record);
    } catch (error) {
      throw new DatasetError(source, `sampleFields failed: ${errorMessage(error)}. Fix the record or the sampleFields function.`, { cause: error });
    }
    if (!isRecord(sample)) throw new DatasetError(source, `sampleFields returned ${typeName(sample)}, not a sample. Return an object with at least an 'input'.`);
    return sampleFromRecord(sample, {}, source);
  };
}
