/**
 * Scoped hooks, promptulate style, offline on `mockllm/model`: a calculator agent whose agent,
 * model and tool print their own create / start / result lines (instance scope), next to hooks
 * that watch every tool and every model (component scope).
 *
 *   node --import tsx examples/scoped-hooks.ts
 *
 * On one emission, global hooks run first, then component hooks, then instance hooks (an
 * agent's before its tool's or model's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AfterModelGenerate,
  Agent,
  type AgentResult,
  component,
  componentHooks,
  defineTool,
  getModel,
  Hooks,
  modelOutputForToolCall,
  modelOutputFromText,
  type UserPromptSubmit,
} from 'hookline';

// Component scope: a handler for every tool, present and future.
component('tool').on('onToolStart', ({ toolName, toolInput }) => {
  console.log(`[every tool] ${toolName} started with ${JSON.stringify(toolInput)}`);
});
component('tool').on('onToolResult', ({ toolName, toolResponse }) => {
  console.log(`[every tool] ${toolName} returned ${JSON.stringify(toolResponse)}`);
});

// Component scope, class form: every model.
@componentHooks('model', { name: 'llm-printer', description: 'Prints what every model returns' })
class LlmPrinter extends Hooks {
  override onLlmResult({ component: model, output }: AfterModelGenerate): void {
    const call = output.choices[0]?.message.toolCalls?.[0];
    console.log(`[every model] ${model.name} returned ${call === undefined ? JSON.stringify(output.completion) : `a call to ${call.function}`}`);
  }
}
void LlmPrinter;

// Instance scope: a hooks class for one agent.
class AgentPrinter extends Hooks {
  override onAgentCreate(): void {
    console.log('[agent] created');
  }
  override onAgentStart({ prompt }: UserPromptSubmit): void {
    console.log(`[agent] started with prompt: ${prompt}`);
  }
  override onAgentResult({ result, ending }: AgentResult): void {
    console.log(`[agent] result (${ending.kind}): ${result}`);
  }
}

// Instance scope: a handler map for one tool (promptulate's names work as aliases).
const calculator = defineTool({
  name: 'calculator',
  description: 'Evaluates a <op> b',
  parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
  execute: ({ expression }: { expression: string }) => {
    const [a, op, b] = expression.split(' ');
    const x = Number(a);
    const y = Number(b);
    return op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
  },
  hooks: {
    onToolCreate: () => {
      console.log('[calculator] created');
    },
    onToolStart: ({ toolInput }) => {
      console.log(`[calculator] started with ${String(toolInput.expression)}`);
    },
    onToolResult: ({ toolResponse }) => {
      console.log(`[calculator] result: ${JSON.stringify(toolResponse)}`);
    },
  },
});

// Instance scope for one model: a scripted mockllm that calls the tool once, then answers.
const model = getModel('mockllm/model', {
  customOutputs: [
    modelOutputForToolCall('mockllm/model', 'calculator', { expression: '6 * 7' }),
    modelOutputFromText('mockllm/model', 'The answer is 42.'),
  ],
  hooks: {
    onLlmCreate: ({ modelName }) => {
      console.log(`[llm] ${modelName} created`);
    },
    onLlmStart: ({ input }) => {
      console.log(`[llm] started with ${input.length} message(s)`);
    },
  },
});

const transcripts = mkdtempSync(join(tmpdir(), 'hookline-scoped-hooks-'));
try {
  const agent = new Agent({ name: 'math-agent', model, tools: [calculator], transcriptDir: transcripts, hooks: new AgentPrinter() });
  const result = await agent.run('What is 6 * 7?');
  console.log(`final answer: ${result.text}`);
} finally {
  rmSync(transcripts, { recursive: true, force: true });
}
