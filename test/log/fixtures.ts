/**
 * Realistic log objects for the log tests: a spec and plan, and samples with messages, tool
 * calls, every event kind hookline records, scores (one NaN), usage, an error and a limit.
 * @module
 */
import type { ChatMessage, ModelOutput, ModelUsage } from '../../src/types/model.ts';
import type { TranscriptEvent } from '../../src/types/events.ts';
import type { EvalPlan, EvalResults, EvalSample, EvalSampleReductions, EvalSpec, EvalStats } from '../../src/types/log.ts';

export const CREATED = '2026-08-22T12:00:00+00:00';

/** A task spec with user data whose keys must stay as they are. */
export function makeSpec(overrides: Partial<EvalSpec> = {}): EvalSpec {
  return {
    evalSetId: 'SET1',
    evalId: 'EVAL1',
    runId: 'RUN1',
    created: CREATED,
    task: 'math_word/problems',
    taskId: 'TaskId_1',
    taskVersion: 0,
    taskAttribs: { needs_sandbox: false },
    taskArgs: { max_len: 10, nestedArg: { keep_me: true } },
    taskArgsPassed: { max_len: 10 },
    tags: ['zeta', 'alpha'],
    dataset: { name: 'problems', samples: 3, sampleIds: [1, 2, 'three'], shuffled: false },
    model: 'mockllm/model',
    modelGenerateConfig: { maxTokens: 100, temperature: 0.5 },
    modelArgs: { base_url_override: 'x' },
    config: { epochs: 2, failOnError: false, epochsReducer: ['mean'] },
    packages: { hookline: '0.1.0' },
    metadata: { owner_team: 'evals', camelKey: 1 },
    scorers: [{ name: 'match', options: { ignore_case: true }, metrics: [{ name: 'hookline/accuracy', options: {} }] }],
    ...overrides,
  };
}

/** A two-step plan. */
export function makePlan(): EvalPlan {
  return {
    name: 'plan',
    steps: [
      { solver: 'system_message', params: { template: 'Be brief' }, paramsPassed: { template: 'Be brief' } },
      { solver: 'generate', params: {}, paramsPassed: {} },
    ],
    config: { maxRetries: 3 },
  };
}

const usage = (n: number): ModelUsage => ({ inputTokens: 10 * n, outputTokens: 5, totalTokens: 10 * n + 5, reasoningTokens: 1 });

function output(text: string, messages: ChatMessage[]): ModelOutput {
  const last = messages[messages.length - 1];
  const message = last?.role === 'assistant' ? last : { role: 'assistant' as const, content: text, source: 'generate' as const };
  return { model: 'mockllm/model', choices: [{ message, stopReason: 'stop' }], completion: text, usage: usage(2), time: 0.25 };
}

function ts(ms: number): string {
  return `2026-08-22T12:00:00.${String(ms * 1000).padStart(6, '0')}+00:00`;
}

/** Options of {@link makeSample}. */
export interface SampleOptions {
  epoch?: number;
  nanScore?: boolean;
  error?: boolean;
  limit?: boolean;
  padding?: number;
}

/** A complete sample with a realistic transcript. */
export function makeSample(id: string | number, options: SampleOptions = {}): EvalSample {
  const epoch = options.epoch ?? 1;
  const messages: ChatMessage[] = [
    { id: `m1-${id}`, role: 'system', content: 'Be brief', source: 'input' },
    { id: `m2-${id}`, role: 'user', content: [{ type: 'text', text: `What is ${String(id)} + 1?${'x'.repeat(options.padding ?? 0)}` }], source: 'input' },
    {
      id: `m3-${id}`,
      role: 'assistant',
      content: '',
      source: 'generate',
      model: 'model',
      toolCalls: [{ id: 'call_1', function: 'add', arguments: { left_operand: 1, rightOperand: 2 }, type: 'function' }],
    },
    { id: `m4-${id}`, role: 'tool', content: '3', toolCallId: 'call_1', function: 'add' },
    { id: `m5-${id}`, role: 'assistant', content: 'The answer is 3', source: 'generate', model: 'model' },
  ];
  const out = output('The answer is 3', messages);
  const tools = [
    {
      name: 'add',
      description: 'Adds two numbers',
      parameters: {
        type: 'object' as const,
        properties: { left_operand: { type: 'number', description: 'left' }, rightOperand: { type: 'number' } },
        required: ['left_operand', 'rightOperand'],
        additionalProperties: false,
      },
    },
  ];
  const events: TranscriptEvent[] = [
    { event: 'span_begin', id: 'init', name: 'init', type: 'init', timestamp: ts(1), workingStart: 0, spanId: 'init', uuid: `u1-${id}` },
    {
      event: 'sample_init',
      sample: { input: `What is ${String(id)} + 1?`, target: '3', id, metadata: { source_file: 'a.jsonl' } },
      state: { messages: [], tools: [], tool_choice: 'auto', store: {}, output: { model: 'mockllm/model', choices: [], completion: '' }, completed: false, metadata: {} },
      timestamp: ts(2),
      workingStart: 0,
      spanId: 'init',
    },
    { event: 'span_end', id: 'init', timestamp: ts(3), workingStart: 0, spanId: 'init' },
    { event: 'span_begin', id: 'solvers', name: 'solvers', type: 'solvers', timestamp: ts(4), workingStart: 0.001 },
    { event: 'span_begin', id: 'gen', parentId: 'solvers', name: 'generate', type: 'solver', timestamp: ts(5), workingStart: 0.001, spanId: 'gen' },
    {
      event: 'model',
      model: 'mockllm/model',
      role: 'grader',
      input: messages.slice(0, 2),
      tools,
      toolChoice: 'auto',
      config: { maxTokens: 100 },
      output: out,
      call: { request: { messages: [{ role: 'user' }], max_tokens: 100 }, response: { id: 'resp_1', usage: { prompt_tokens: 20 } }, time: 0.2 },
      completed: ts(6),
      workingTime: 0.2,
      timestamp: ts(5),
      workingStart: 0.002,
      spanId: 'gen',
    },
    {
      event: 'tool',
      type: 'function',
      id: 'call_1',
      function: 'add',
      arguments: { left_operand: 1, rightOperand: 2 },
      result: '3',
      events: [],
      completed: ts(7),
      workingTime: 0.01,
      timestamp: ts(6),
      workingStart: 0.21,
      spanId: 'gen',
    },
    {
      event: 'state',
      changes: [{ op: 'add', path: '/messages/1', value: { role: 'assistant', content: 'The answer is 3', tool_calls: [] }, replaced: null }],
      timestamp: ts(7),
      workingStart: 0.22,
      spanId: 'gen',
    },
    { event: 'store', changes: [{ op: 'add', path: '/myKey', value: { nested_value: 1 }, replaced: null }], timestamp: ts(8), workingStart: 0.22 },
    {
      event: 'logger',
      message: { level: 'info', message: 'thinking', created: 1787400000000.5, filename: 'solver.ts', module: 'solver', lineno: 12 },
      timestamp: ts(8),
      workingStart: 0.23,
    },
    { event: 'info', source: 'custom_solver', data: { step_count: 2, camelCase: true }, timestamp: ts(9), workingStart: 0.23 },
    { event: 'span_end', id: 'gen', timestamp: ts(10), workingStart: 0.24, spanId: 'gen' },
    { event: 'span_end', id: 'solvers', timestamp: ts(10), workingStart: 0.24 },
    { event: 'span_begin', id: 'scorers', name: 'scorers', type: 'scorers', timestamp: ts(11), workingStart: 0.25 },
    {
      event: 'score',
      score: { value: options.nanScore === true ? NaN : 'C', answer: '3', explanation: 'exact match', history: [] },
      target: '3',
      intermediate: false,
      scorer: 'match',
      timestamp: ts(12),
      workingStart: 0.25,
    },
    { event: 'span_end', id: 'scorers', timestamp: ts(13), workingStart: 0.26 },
  ];
  const sample: EvalSample = {
    id,
    epoch,
    input: `What is ${String(id)} + 1?`,
    target: '3',
    messages,
    output: out,
    scores: {
      match: { value: options.nanScore === true ? NaN : 'C', answer: '3', explanation: 'exact match', history: [] },
      my_scorer: { value: { part_a: 1, partB: Infinity, missing: null }, metadata: { grader_notes: 'fine' }, history: [] },
    },
    metadata: { source_file: 'a.jsonl', nestedMeta: { snake_key: [1, 2] }, long_text: 'word '.repeat(400) },
    store: { 'Counter:value': 2, some_key: { innerKey: 1 } },
    events,
    modelUsage: { 'mockllm/model': usage(2) },
    roleUsage: { grader_role: usage(1) },
    startedAt: CREATED,
    completedAt: '2026-08-22T12:00:01+00:00',
    totalTime: 1,
    workingTime: 0.5,
    uuid: `SU-${String(id)}-${epoch}`,
    attachments: {},
  };
  if (options.error === true) {
    const error = { message: 'RuntimeError: boom', traceback: 'Traceback…\n  at solver', tracebackAnsi: 'Traceback…' };
    sample.error = error;
    sample.errorRetries = [error];
    sample.events.push({ event: 'error', error, timestamp: ts(14), workingStart: 0.3 });
  }
  if (options.limit === true) {
    sample.limit = { type: 'message', limit: 5 };
    sample.events.push({ event: 'sample_limit', type: 'message', message: 'Message limit 5 exceeded', limit: 5, timestamp: ts(14), workingStart: 0.3 });
  }
  return sample;
}

/** Stats of a finished task. */
export function makeStats(): EvalStats {
  return {
    startedAt: CREATED,
    completedAt: '2026-08-22T12:00:05+00:00',
    modelUsage: { 'mockllm/model': usage(6) },
    roleUsage: { grader_role: usage(3) },
    connectionLimitHistory: [],
  };
}

/** Results of one scorer. */
export function makeResults(total: number): EvalResults {
  return {
    totalSamples: total,
    completedSamples: total,
    scores: [
      {
        name: 'match',
        scorer: 'match',
        params: { ignore_case: true },
        metrics: { accuracy: { name: 'accuracy', value: 1, params: {} }, stderr: { name: 'stderr', value: NaN, params: {} } },
        scoredSamples: total,
        unscoredSamples: 0,
      },
    ],
  };
}

/** Reductions of one scorer. */
export function makeReductions(ids: (string | number)[]): EvalSampleReductions[] {
  return [{ scorer: 'match', samples: ids.map((id) => ({ value: 1, answer: '3', history: [], sampleId: id })) }];
}
