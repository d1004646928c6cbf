/**
 * A metrics-to-file hook: appends one JSON line per finished task (model, status, metrics,
 * token usage) to `HOOKLINE_METRICS_FILE` (default `./metrics.jsonl`) — the shape dashboards and
 * experiment trackers ingest.
 */
import { appendFileSync } from 'node:fs';
import { Hooks, hooks, type TaskEnd } from 'hookline';

@hooks({ name: 'metrics-to-file', description: 'Appends task metrics to a JSONL file' })
export class MetricsToFile extends Hooks {
  override onTaskEnd({ runId, evalId, log }: TaskEnd): void {
    const metrics: Record<string, number> = {};
    for (const score of log.results?.scores ?? []) {
      for (const [key, metric] of Object.entries(score.metrics)) metrics[`${score.name}/${key}`] = metric.value;
    }
    const tokens = Object.values(log.stats.modelUsage).reduce((n, u) => n + u.totalTokens, 0);
    const line = {
      time: new Date().toISOString(),
      run_id: runId,
      eval_id: evalId,
      task: log.eval.task,
      model: log.eval.model,
      status: log.status,
      samples: log.results?.completedSamples ?? 0,
      metrics,
      total_tokens: tokens,
      log: log.location,
    };
    appendFileSync(process.env.HOOKLINE_METRICS_FILE ?? 'metrics.jsonl', `${JSON.stringify(line)}\n`);
  }
}
