/**
 * Fixtures for eval runtime tests: small tasks on mockllm, the fail-n solver of Inspect's tests.
 * @module
 */
import { defineSolver } from '../../src/eval/solvers/index.ts';
import { generate } from '../../src/eval/solvers/index.ts';
import { includes } from '../../src/eval/scorers/index.ts';
import { task, type Task, type TaskOptions } from '../../src/eval/task.ts';
import type { Solver } from '../../src/eval/types.ts';
import type { HookEventName } from '../../src/hooks/catalog.ts';
import type { RecordedEvent } from '../../src/testing/recorder.ts';

/**
 * Inspect's fail-n solver: a counter shared across attempts and samples; the first n-1 calls
 * raise `Simulated failure k`, later calls pass through to generate.
 */
export function failN(n: number): Solver {
  let calls = 0;
  return defineSolver('fail_n', { n }, async (state, gen) => {
    calls++;
    if (calls < n) throw new Error(`Simulated failure ${calls}`);
    return await gen(state);
  });
}

/** A task of `samples` prompts answered by mockllm's default output, scored with includes(). */
export function mockTask(options: Partial<TaskOptions> & { samples?: number } = {}): Task {
  const { samples = 1, ...rest } = options;
  return task({
    name: 'mock_task',
    dataset: Array.from({ length: samples }, (_, i) => ({ id: i + 1, input: `Question ${i + 1}`, target: 'Default output' })),
    solver: generate(),
    scorer: includes(),
    ...rest,
  });
}

const SAMPLE_EVENTS = new Set<HookEventName>([
  'onSampleInit', 'onSampleStart', 'onSampleAttemptStart', 'onSampleScoring', 'onSampleAttemptEnd', 'onSampleEnd',
]);

/** The lifecycle events of one sample uuid, in order (sample events excluded). */
export function sampleSequence(events: readonly RecordedEvent[], sampleId: string): string[] {
  return events
    .filter((e) => SAMPLE_EVENTS.has(e.event) && (e.payload as { sampleId?: string }).sampleId === sampleId)
    .map((e) => {
      const p = e.payload as { attempt?: number; willRetry?: boolean; error?: unknown };
      const short = e.event.replace(/^onSample/, '').replace(/^./, (c) => c.toLowerCase());
      if (e.event === 'onSampleAttemptStart') return `${short}(${p.attempt})`;
      if (e.event === 'onSampleAttemptEnd') return `${short}(${p.attempt},${p.error === undefined ? 'ok' : 'err'},${p.willRetry})`;
      return short;
    });
}

/** The distinct sample uuids of onSampleInit, in order. */
export function initIds(events: readonly RecordedEvent[]): string[] {
  return events.filter((e) => e.event === 'onSampleInit').map((e) => (e.payload as { sampleId: string }).sampleId);
}
