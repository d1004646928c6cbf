/**
 * Creating the {@link TaskState} of a sample, and its {@link Target}.
 * @module
 */
import { textOf } from '../model/output.ts';
import type { Model } from '../model/index.ts';
import type { ChatMessage, ModelOutput } from '../types/model.ts';
import type { Sample, Target, TaskState } from './types.ts';

/** Wraps a sample's target (a string, a list, or nothing). */
export function createTarget(target: string | readonly string[] | undefined): Target {
  const values = target === undefined ? [''] : typeof target === 'string' ? [target] : [...target];
  return Object.freeze({ values: Object.freeze(values), text: values.join(' ') });
}

/** The sample input as messages: a string becomes one user message. */
export function inputMessages(input: string | readonly ChatMessage[]): ChatMessage[] {
  return typeof input === 'string' ? [{ role: 'user', content: input, source: 'input' }] : structuredClone([...input]);
}

/** An output with no choices yet, for the given model. */
export function emptyOutput(model: string): ModelOutput {
  return { model, choices: [], completion: '' };
}

/** Options of {@link createTaskState}. */
export interface TaskStateOptions {
  readonly model: Model;
  readonly sample: Sample & { readonly id: string | number };
  readonly epoch: number;
  readonly uuid: string;
  readonly signal?: AbortSignal;
}

/** Creates the initial state of one sample run: the input as messages, an empty output. */
export function createTaskState(options: TaskStateOptions): TaskState {
  const { sample } = options;
  const messages = inputMessages(sample.input);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  return {
    model: options.model,
    sampleId: sample.id,
    uuid: options.uuid,
    epoch: options.epoch,
    input: sample.input,
    inputText: typeof sample.input === 'string' ? sample.input : lastUser === undefined ? '' : textOf(lastUser.content),
    messages,
    output: emptyOutput(options.model.name),
    target: createTarget(sample.target),
    choices: sample.choices,
    metadata: { ...(sample.metadata ?? {}) },
    store: {},
    tools: [],
    toolChoice: undefined,
    completed: false,
    signal: options.signal ?? new AbortController().signal,
  };
}
