/**
 * One representative payload per event, for the command-hook stdin examples of
 * `docs/hooks-reference.md`. Typed against the catalog, so a payload change that these examples
 * do not follow fails the typecheck. Values are fixed (no clocks, no random ids) so the
 * generated reference is reproducible.
 * @module
 */
import type { HookEventName, PayloadOf } from '../src/hooks/catalog.ts';
import type { EvalLog, EvalPlan, EvalSample, EvalSampleSummary, EvalSpec } from '../src/types/log.ts';
import type { ChatMessage, ModelOutput } from '../src/types/model.ts';

const ids = { evalSetId: undefined, runId: 'Fq3kRZ8vU5b2YqLwVtN7aA', evalId: 'hX2mT9cQeR4sLpW8nB6yKd' } as const;
const sampleId = 'Tz7pQ2wE9rY4uI8oP3aS6d';
const session = {
  sessionId: '0b8f6d2e-4c1a-4f8e-9b3d-7a2c5e1f0d94',
  transcriptPath: '/home/user/.hookline/sessions/2025-01-01T12-00-00_0b8f6d2e.jsonl',
  cwd: '/home/user/project',
  model: 'openai/gpt-4o-mini',
  permissionMode: 'default',
  component: { kind: 'agent', name: 'assistant', id: 'agent-1' },
} as const;
const turnId = 'turn-Lk4jH7gF2dS9aQ1wE5rT8y';
const model = { kind: 'model', name: 'openai/gpt-4o-mini', id: 'model-1' } as const;
const tool = { kind: 'tool', name: 'bash', id: 'tool-1' } as const;
const modelIds = { ...ids, sampleId, taskName: 'arithmetic', sessionId: undefined } as const;
/** Spread, not written inline: the model events gain `component` one at a time. */
const byModel: { readonly component: typeof model } = { component: model };

const input: ChatMessage[] = [{ role: 'user', content: 'What is 2 + 2?', source: 'input' }];
const output: ModelOutput = {
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ message: { role: 'assistant', content: '4', source: 'generate', model: 'gpt-4o-mini-2024-07-18' }, stopReason: 'stop' }],
  completion: '4',
  usage: { inputTokens: 14, outputTokens: 1, totalTokens: 15 },
  time: 0.42,
};
const summary: EvalSampleSummary = {
  id: 1, epoch: 1, input: 'What is 2 + 2?', target: '4', metadata: {}, modelUsage: {}, roleUsage: {}, uuid: sampleId, completed: false,
};
const spec: EvalSpec = {
  runId: ids.runId, evalId: ids.evalId, created: '2025-01-01T12:00:00+00:00', task: 'arithmetic', taskId: 'Wq8eR2tY6uI0oP4aS1dF3g', taskVersion: 0,
  taskAttribs: {}, taskArgs: {}, taskArgsPassed: {}, dataset: { name: 'arithmetic', samples: 10 }, model: 'openai/gpt-4o-mini',
  modelGenerateConfig: {}, modelArgs: {}, config: { epochs: 1 }, packages: { hookline: '0.1.0' },
};
const plan: EvalPlan = { name: 'plan', steps: [{ solver: 'generate', params: {}, paramsPassed: {} }], config: {} };
const log: EvalLog = {
  version: 2, status: 'success', eval: spec, plan, invalidated: false, tags: [], metadata: {},
  results: { totalSamples: 10, completedSamples: 10, scores: [{ name: 'match', scorer: 'match', params: {}, metrics: { accuracy: { name: 'accuracy', value: 0.9, params: {} } } }] },
  stats: { startedAt: '2025-01-01T12:00:00+00:00', completedAt: '2025-01-01T12:00:04+00:00', modelUsage: {}, roleUsage: {}, connectionLimitHistory: [] },
};
const sample: EvalSample = {
  id: 1, epoch: 1, input: 'What is 2 + 2?', target: '4', messages: [...input, output.choices[0]!.message], output,
  scores: { match: { value: 'C', answer: '4', history: [] } }, metadata: {}, store: {}, events: [],
  modelUsage: { 'openai/gpt-4o-mini': output.usage! }, roleUsage: {}, uuid: sampleId, attachments: {},
  startedAt: '2025-01-01T12:00:00.000000+00:00', completedAt: '2025-01-01T12:00:00.500000+00:00', totalTime: 0.5, workingTime: 0.45,
};

/** A representative payload of every event. */
export const EXAMPLE_PAYLOADS: { readonly [E in HookEventName]: PayloadOf<E> } = {
  onEvalSetStart: { evalSetId: 'Nv5bC8xZ1aQ7wE3rT9yU2i', logDir: 'logs/my-eval-set' },
  onEvalSetEnd: { evalSetId: 'Nv5bC8xZ1aQ7wE3rT9yU2i', logDir: 'logs/my-eval-set' },
  onRunStart: { evalSetId: undefined, runId: ids.runId, taskNames: ['arithmetic'] },
  onRunEnd: { evalSetId: undefined, runId: ids.runId, exception: undefined, logs: [] },
  onTaskStart: { ...ids, spec, plan },
  onTaskEnd: { ...ids, log },
  onSampleInit: { ...ids, sampleId, summary },
  onSampleStart: { ...ids, sampleId, summary },
  onSampleAttemptStart: { ...ids, sampleId, summary, attempt: 1 },
  onSampleEvent: { ...ids, sampleId, event: { event: 'info', source: 'solver', data: { note: 'thinking' }, timestamp: '2025-01-01T12:00:00.100000+00:00', workingStart: 0.1 } },
  onSampleScoring: { ...ids, sampleId },
  onSampleAttemptEnd: { ...ids, sampleId, summary, attempt: 1, error: undefined, willRetry: false },
  onSampleEnd: { ...ids, sampleId, sample },
  onModelCreate: { modelName: 'openai/gpt-4o-mini', baseUrl: undefined, config: { temperature: 0 }, component: model },
  onBeforeModelGenerate: { ...modelIds, modelName: 'openai/gpt-4o-mini', input, tools: [], toolChoice: 'auto', config: { temperature: 0 }, cache: undefined, component: model },
  onAfterModelGenerate: { ...modelIds, modelName: 'openai/gpt-4o-mini', input, output, usage: output.usage, cached: false, duration: 0.43, component: model },
  onModelRetry: { ...modelIds, ...byModel, modelName: 'openai/gpt-4o-mini', attempt: 1, waitTime: 3, exceptionType: 'RateLimitError', statusCode: 429 },
  onModelUsage: { ...modelIds, ...byModel, modelName: 'openai/gpt-4o-mini', usage: output.usage!, callDuration: 0.42, retries: 0 },
  onModelCacheUsage: { ...modelIds, ...byModel, modelName: 'openai/gpt-4o-mini', usage: output.usage! },
  onAgentCreate: { component: session.component, model: 'openai/gpt-4o-mini', tools: ['bash', 'read_file'], system: 'You are a helpful assistant.' },
  onSessionStart: { ...session, source: 'startup' },
  onSessionEnd: { ...session, reason: 'other' },
  onUserPromptSubmit: { ...session, turnId, prompt: 'List the files in this folder.', promptId: '5b0c2e8a-61f4-4d2b-9a3e-0f7d1c9e2a44' },
  onStop: { ...session, turnId, stopHookActive: false, lastAssistantMessage: 'There are three files: a.txt, b.txt and c.txt.' },
  onAgentResult: { ...session, turnId, result: 'There are three files: a.txt, b.txt and c.txt.', ending: { kind: 'completed' }, modelCalls: 2, usage: { inputTokens: 412, outputTokens: 38, totalTokens: 450 } },
  onStepStart: { ...session, turnId, step: 1 },
  onStepEnd: { ...session, turnId, step: 1, outcome: 'tool_calls', text: '', toolCalls: 1, error: undefined },
  onToolCreate: { component: tool, toolName: 'bash', description: 'Runs a shell command.' },
  onPreToolUse: { ...session, turnId, toolName: 'Bash', toolInput: { command: 'ls' }, toolUseId: 'call_7Yk2', promptId: '5b0c2e8a-61f4-4d2b-9a3e-0f7d1c9e2a44', component: tool, agent: session.component },
  onPostToolUse: {
    ...session, turnId, toolName: 'Bash', toolInput: { command: 'ls' }, toolUseId: 'call_7Yk2', promptId: '5b0c2e8a-61f4-4d2b-9a3e-0f7d1c9e2a44', component: tool, agent: session.component,
    toolResponse: { stdout: 'a.txt\nb.txt\nc.txt\n', stderr: '', interrupted: false, isImage: false, exitCode: 0 }, durationMs: 12,
  },
  onPostToolUseFailure: { ...session, turnId, toolName: 'Bash', toolInput: { command: 'ls' }, toolUseId: 'call_7Yk2', promptId: '5b0c2e8a-61f4-4d2b-9a3e-0f7d1c9e2a44', component: tool, agent: session.component, error: "Tool 'Bash' failed: spawn /bin/sh ENOENT", isInterrupt: false },
  onPermissionRequest: { ...session, turnId, toolName: 'Bash', toolInput: { command: 'rm -rf build' }, toolUseId: 'call_7Yk2', promptId: '5b0c2e8a-61f4-4d2b-9a3e-0f7d1c9e2a44', component: tool, agent: session.component, reasons: ["the permission rule ask: Bash(rm:*) needs the user's permission"], permissionSuggestions: [{ type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'rm:*' }], behavior: 'allow', destination: 'localSettings' }] },
  onNotification: { ...ids, sessionId: session.sessionId, transcriptPath: session.transcriptPath, cwd: session.cwd, message: 'hookline needs your permission to use Bash', title: 'Permission needed', notificationType: 'permission_prompt', agent: session.component },
  onSubagentStart: { ...session, turnId, agentId: 'agent-5c1d9e', agentType: 'code-reviewer', parent: { agentType: 'agent', agentId: undefined, sessionId: session.sessionId } },
  onSubagentStop: {
    ...session, turnId, agentId: 'agent-5c1d9e', agentType: 'code-reviewer', parent: { agentType: 'agent', agentId: undefined, sessionId: session.sessionId },
    stopHookActive: false, agentTranscriptPath: '/home/user/.hookline/sessions/subagents/7d0c1f.jsonl', lastAssistantMessage: 'No problems found in src/.',
  },
  onStepAction: { ...session, turnId, toolName: 'Bash', toolInput: { command: 'ls' }, toolUseId: 'call_7Yk2', promptId: '5b0c2e8a-61f4-4d2b-9a3e-0f7d1c9e2a44', component: tool, agent: session.component, step: 1 },
  onStepObservation: {
    ...session, turnId, toolName: 'Bash', toolInput: { command: 'ls' }, toolUseId: 'call_7Yk2', promptId: '5b0c2e8a-61f4-4d2b-9a3e-0f7d1c9e2a44', component: tool, agent: session.component, step: 1,
    observation: 'Exit code: 0\nstdout:\na.txt\nb.txt\nc.txt', isError: false, toolResponse: { stdout: 'a.txt\nb.txt\nc.txt\n', stderr: '', interrupted: false, isImage: false, exitCode: 0 },
  },
  onPreCompact: { ...session, turnId, trigger: 'auto', customInstructions: '' },
  onInterrupt: { ...session, turnId },
  onPostCompact: { ...session, turnId, trigger: 'auto', compactSummary: 'The user asked to tidy the build folder; three files were listed and none deleted yet.' },
};

/** The project folder used as `cwd` in the examples. */
export const EXAMPLE_PROJECT_DIR = '/home/user/project';
