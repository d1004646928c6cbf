/**
 * Type-level tests of scoped hooks: `npm run typecheck` fails if a handler for an event the kind
 * never emits, or a wrong payload field, compiles. The runtime part only loads the file.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { component, type ScopedHookMap, type ScopedHookName } from '../../src/hooks/sources/scoped/index.ts';
import { getModel } from '../../src/model/index.ts';
import { defineTool } from '../../src/tools/index.ts';

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

function typeChecks(): void {
  const toolNames: Equal<ScopedHookName<'tool'>, 'onToolCreate' | 'onPreToolUse' | 'onPostToolUse' | 'onPostToolUseFailure' | 'onPermissionRequest' | 'onToolStart' | 'onToolResult' | 'onStepAction' | 'onStepObservation' | 'onAgentAction' | 'onAgentObservation'> = true;
  void toolNames;
  const model = getModel('mockllm/model', { hooks: { onLlmStart: (p) => void p.input, onModelUsage: (p) => void p.usage } });
  // @ts-expect-error: models never emit onPreToolUse
  getModel('mockllm/model', { hooks: { onPreToolUse: () => undefined } });
  const tool = defineTool({
    name: 't', description: '', parameters: { type: 'object' }, execute: () => 1,
    hooks: { onToolResult: (p) => void p.toolResponse },
  });
  // @ts-expect-error: tools never emit onLlmStart
  defineTool({ name: 't', description: '', parameters: { type: 'object' }, execute: () => 1, hooks: { onLlmStart: () => undefined } });
  const agent = new Agent({ model, tools: [tool], hooks: { onAgentStart: (p) => void p.prompt, onToolStart: (p) => void p.toolInput } });
  // @ts-expect-error: agents never receive onToolCreate
  agent.hooks.on('onToolCreate', () => undefined);
  // @ts-expect-error: PostToolUse has no prompt
  tool.hooks.on('onToolResult', (p) => void p.prompt);
  // Decide events of instance hooks may return decisions.
  tool.hooks.on('onToolStart', () => ({ decision: 'block', reason: 'no', updatedInput: { a: 1 } }));
  // @ts-expect-error: observers return nothing meaningful
  model.hooks.on('onLlmResult', () => ({ decision: 'block' }));
  // @ts-expect-error: component('model') never receives onStop
  component('model').on('onStop', () => undefined);
  component('agent').on('onAgentResult', (p) => void p.ending.kind);
  // @ts-expect-error: a handler map of one kind is not one of another
  const wrong: ScopedHookMap<'model'> = { onAgentCreate: () => undefined };
  void wrong;
}

it('type-checks scoped hooks (compile-time test)', () => {
  assert.equal(typeof typeChecks, 'function', 'the checks compile');
});
