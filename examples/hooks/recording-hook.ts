/**
 * A recording hook: prints one line per lifecycle event of an eval.
 *
 *   npx hookline eval examples/hooks/with-hooks.ts
 *
 * Register it by importing this module before a run (task files can import it), or ship it in a
 * plugin package whose package.json has a `"hookline"` field naming a module that imports it.
 */
import {
  Hooks,
  hooks,
  type ModelUsageData,
  type RunEnd,
  type RunStart,
  type SampleAttemptEnd,
  type SampleEnd,
  type TaskEnd,
  type TaskStart,
} from 'hookline';

@hooks({ name: 'recording-hook', description: 'Prints every run, task, sample and model-usage event' })
export class RecordingHook extends Hooks {
  /** Lines printed so far (handy in tests). */
  static readonly lines: string[] = [];

  private print(line: string): void {
    RecordingHook.lines.push(line);
    if (process.env.RECORDING_HOOK_QUIET === undefined) process.stderr.write(`[recording-hook] ${line}\n`);
  }

  override onRunStart(data: RunStart): void {
    this.print(`run ${data.runId} starts: ${data.taskNames.join(', ')}`);
  }

  override onTaskStart(data: TaskStart): void {
    this.print(`task ${data.spec.task} starts on ${data.spec.model} (${data.plan.steps.map((s) => s.solver).join(' → ')})`);
  }

  override onSampleAttemptEnd(data: SampleAttemptEnd): void {
    if (data.error !== undefined) this.print(`sample ${data.summary.id} attempt ${data.attempt} failed: ${data.error.message}`);
  }

  override onSampleEnd({ sample }: SampleEnd): void {
    const scores = Object.entries(sample.scores ?? {}).map(([name, s]) => `${name}=${JSON.stringify(s.value)}`);
    this.print(`sample ${sample.id} (epoch ${sample.epoch}) ends: ${scores.join(' ') || 'no score'}`);
  }

  override onModelUsage(data: ModelUsageData): void {
    this.print(`model ${data.modelName}: ${data.usage.totalTokens} tokens in ${(data.callDuration * 1000).toFixed(1)} ms`);
  }

  override onTaskEnd(data: TaskEnd): void {
    this.print(`task ${data.log.eval.task} ends: ${data.log.status}`);
  }

  override onRunEnd(data: RunEnd): void {
    this.print(`run ${data.runId} ends${data.exception === undefined ? '' : ' with an error'}: ${data.logs.length} log(s)`);
  }
}
