/**
 * Spans of agent sessions, turns, model calls and tool calls. Parents come from the payload's
 * ids: a call inside a session belongs to the session's current turn, a call inside an eval
 * sample to the sample's current attempt. A model call is paired with its retries and result
 * through its (live) input array, which stays the same object across the call's HTTP attempts.
 * @module
 */
import { type Attributes, SpanKind } from '@opentelemetry/api';
import type { PostToolUse, PreToolUse, SessionContext, SessionEnd, SessionStart, Stop, UserPromptSubmit } from '../../hooks/payloads/agent.ts';
import type { AfterModelGenerate, BeforeModelGenerate, ComponentRef, EvalContextIds, ModelRetry } from '../../hooks/payloads/model.ts';
import {
  contextAttributes,
  HL,
  inputMessages,
  jsonAttribute,
  outputMessages,
  requestAttributes,
  responseAttributes,
  splitModelName,
} from './attributes.ts';
import type { SpanNode, SpanTree } from './span-tree.ts';

/** Tool calls still open when their turn or step moved on: denied by a hook, or the tool threw. */
const NO_RESULT = { attributes: { 'hookline.tool.outcome': 'no_result', 'hookline.span.incomplete': true } } as const;

/** Pairs a model call's payloads with its span, and carries the content option. */
export class CallSpans {
  private readonly modelByInput = new WeakMap<object, SpanNode>();
  private counter = 0;

  constructor(
    private readonly tree: SpanTree,
    private readonly captureContent: boolean,
  ) {}

  /** The span a model or tool call inside this context belongs to (undefined: a root). */
  private parentOf(ids: EvalContextIds): SpanNode | undefined {
    const { tree } = this;
    if (ids.sessionId !== undefined) {
      const session = tree.get('turn', ids.sessionId) ?? tree.get('session', ids.sessionId);
      if (session !== undefined) return session;
    }
    return tree.get('attempt', ids.sampleId) ?? tree.get('sample', ids.sampleId) ?? tree.get('task', ids.evalId) ?? tree.get('run', ids.runId);
  }

  /** Marks activity under a parent: a turn is not over, earlier tool calls without a result are. */
  private touch(parent: SpanNode | undefined): void {
    if (parent === undefined) return;
    if (parent.kind === 'turn') parent.stoppedAt = undefined;
    this.tree.closeChildren(parent, 'tool', NO_RESULT);
  }

  /** BeforeModelGenerate: a new chat span, or one more HTTP attempt of an open call. */
  beforeModelGenerate(p: BeforeModelGenerate): void {
    const known = this.modelByInput.get(p.input);
    if (known !== undefined && this.tree.get('model', known.key) === known) {
      known.span.addEvent('hookline.model.attempt');
      return;
    }
    const parent = this.parentOf(p);
    this.touch(parent);
    const attributes = contextAttributes(p, requestAttributes(p.modelName, p.config));
    const node = this.tree.open('model', String(++this.counter), `chat ${splitModelName(p.modelName).model}`, parent, attributes, SpanKind.CLIENT, p.modelName);
    this.modelByInput.set(p.input, node);
  }

  /** The open call of this model under the payload's parent, newest first or oldest first. */
  private openCall(ids: EvalContextIds, modelName: string, newest: boolean): SpanNode | undefined {
    const parent = this.parentOf(ids);
    const calls = parent === undefined ? this.tree.roots() : [...parent.children];
    const matching = calls.filter((n) => n.kind === 'model' && n.label === modelName);
    return newest ? matching.at(-1) : matching[0];
  }

  /** ModelRetry: an event on the call's span (before its back-off sleep). */
  modelRetry(p: ModelRetry): void {
    const node = this.openCall(p, p.modelName, true);
    if (node === undefined) return;
    const attributes: Attributes = { 'hookline.retry.attempt': p.attempt, 'hookline.retry.wait_seconds': p.waitTime };
    if (p.exceptionType !== undefined) attributes['error.type'] = p.exceptionType;
    if (p.statusCode !== undefined) attributes['http.response.status_code'] = p.statusCode;
    node.span.addEvent('hookline.model.retry', attributes);
  }

  /** AfterModelGenerate: response attributes (content when enabled) and the end of the chat span. */
  afterModelGenerate(p: AfterModelGenerate): void {
    let node = this.modelByInput.get(p.input);
    if (node === undefined || this.tree.get('model', node.key) !== node) node = this.openCall(p, p.modelName, false);
    if (node === undefined) {
      // Registered in the middle of the call: a span from the call's duration.
      const parent = this.parentOf(p);
      node = this.tree.open('model', String(++this.counter), `chat ${splitModelName(p.modelName).model}`, parent, contextAttributes(p, requestAttributes(p.modelName, {})), SpanKind.CLIENT, p.modelName);
    }
    node.span.setAttributes(responseAttributes(p.output, p.usage, p.cached));
    if (this.captureContent) {
      node.span.setAttribute('gen_ai.input.messages', inputMessages(p.input));
      node.span.setAttribute('gen_ai.output.messages', outputMessages(p.output));
    }
    this.tree.close(node, p.output.error === undefined ? {} : { error: p.output.error });
  }

  /** SessionStart: the session span, a child of the sample attempt it runs in, if any. */
  sessionStart(p: SessionStart): void {
    const attributes: Attributes = {
      ...agentAttributes(p.component, p.model, p.sessionId),
      ...contextAttributes(p),
      'hookline.session.source': p.source,
      'hookline.session.permission_mode': p.permissionMode,
    };
    const parent = this.parentOf({ ...p, sessionId: undefined });
    this.tree.open('session', p.sessionId, `agent_session ${p.component.name}`, parent, attributes, SpanKind.INTERNAL, p.component.name);
  }

  /** SessionEnd: ends the current turn (at its Stop), then the session and anything left open. */
  sessionEnd(p: SessionEnd): void {
    this.endTurn(this.tree.get('turn', p.sessionId));
    this.tree.closeKey('session', p.sessionId, { attributes: { 'hookline.session.end_reason': p.reason } });
  }

  /** The session's turn with this id: the current one, or a new one that ends the previous. */
  private turn(ctx: SessionContext | (EvalContextIds & { sessionId: string }), turnId: string, agent: ComponentRef | undefined, model: string | undefined): SpanNode {
    const current = this.tree.get('turn', ctx.sessionId);
    if (current?.label === turnId) return current;
    this.endTurn(current);
    const parent = this.tree.get('session', ctx.sessionId) ?? this.parentOf({ ...ctx, sessionId: undefined });
    const attributes: Attributes = { ...agentAttributes(agent, model, ctx.sessionId), ...contextAttributes(ctx), [HL.turnId]: turnId, 'gen_ai.operation.name': 'invoke_agent' };
    return this.tree.open('turn', ctx.sessionId, `invoke_agent ${agent?.name ?? 'agent'}`, parent, attributes, SpanKind.INTERNAL, turnId);
  }

  /** Ends a turn at the time of its last Stop (when nothing happened after it), else now. */
  private endTurn(node: SpanNode | undefined): void {
    if (node === undefined) return;
    this.tree.closeChildren(node, 'tool', NO_RESULT);
    this.tree.close(node, node.stoppedAt === undefined ? {} : { endTime: node.stoppedAt });
  }

  /** UserPromptSubmit: starts the turn (the prompt is recorded when content capture is on). */
  userPromptSubmit(p: UserPromptSubmit): void {
    const node = this.turn(p, p.turnId, p.component, p.model);
    if (this.captureContent) node.span.setAttribute('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: p.prompt }] }]));
  }

  /**
   * Stop: the reply is complete. The turn span stays open until the next turn or the session's
   * end (a blocking Stop hook keeps the turn going), and then ends at this moment.
   */
  stop(p: Stop): void {
    const node = this.turn(p, p.turnId, p.component, p.model);
    this.tree.closeChildren(node, 'tool', NO_RESULT);
    node.stoppedAt = Date.now();
    if (this.captureContent && p.lastAssistantMessage !== null) {
      node.span.setAttribute('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: p.lastAssistantMessage }] }]));
    }
  }

  /** PreToolUse: an execute_tool span (arguments recorded when content capture is on). */
  preToolUse(p: PreToolUse): void {
    const parent = p.sessionId !== undefined && p.turnId !== undefined && this.tree.get('session', p.sessionId) !== undefined
      ? this.turn({ ...p, sessionId: p.sessionId }, p.turnId, p.agent, p.model)
      : this.parentOf(p);
    if (parent?.kind === 'turn') parent.stoppedAt = undefined;
    const attributes: Attributes = {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': p.toolName,
      'gen_ai.tool.call.id': p.toolUseId,
      'gen_ai.tool.type': 'function',
      ...contextAttributes(p),
    };
    if (p.turnId !== undefined) attributes[HL.turnId] = p.turnId;
    if (this.captureContent) attributes['gen_ai.tool.call.arguments'] = jsonAttribute(p.toolInput);
    this.tree.open('tool', p.toolUseId, `execute_tool ${p.toolName}`, parent, attributes, SpanKind.INTERNAL, p.toolName);
  }

  /** PostToolUse: ends the tool span (result recorded when content capture is on). */
  postToolUse(p: PostToolUse): void {
    const node = this.tree.get('tool', p.toolUseId);
    if (node === undefined) return;
    if (this.captureContent) node.span.setAttribute('gen_ai.tool.call.result', jsonAttribute(p.toolResponse));
    this.tree.close(node, { attributes: { 'hookline.tool.outcome': 'result' } });
  }
}

function agentAttributes(agent: ComponentRef | undefined, model: string | undefined, sessionId: string): Attributes {
  const out: Attributes = { 'gen_ai.conversation.id': sessionId, [HL.sessionId]: sessionId };
  if (agent !== undefined) {
    out['gen_ai.agent.name'] = agent.name;
    out['gen_ai.agent.id'] = agent.id;
  }
  if (model !== undefined) {
    const { provider, model: requested } = splitModelName(model);
    out['gen_ai.provider.name'] = provider;
    out['gen_ai.request.model'] = requested;
  }
  return out;
}
