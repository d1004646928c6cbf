/**
 * The open spans of the OpenTelemetry hooks, as a tree keyed by the ids hook payloads carry
 * (run id, eval id, sample uuid, session id, tool-use id, …). Parents are found from those ids,
 * never from an ambient context, so concurrent samples and sessions cannot mix their spans.
 * Ending a node ends its open descendants first: a span is never left open by an exit path
 * that skipped its end event.
 * @module
 */
import { type Attributes, type Context, context, type Span, type SpanKind, SpanStatusCode, type TimeInput, trace, type Tracer } from '@opentelemetry/api';

/** What a node of the tree stands for. */
export type SpanNodeKind = 'evalSet' | 'run' | 'task' | 'sample' | 'attempt' | 'session' | 'turn' | 'model' | 'tool';

/** One open span with its place in the tree. */
export interface SpanNode {
  readonly kind: SpanNodeKind;
  /** The id the node is found by (unique per kind). */
  readonly key: string;
  readonly span: Span;
  readonly parent: SpanNode | undefined;
  readonly children: Set<SpanNode>;
  /** Model calls: the model name, to pair retries and results with their call. */
  readonly label: string;
  /** Turns: when a Stop event was seen with nothing after it (the turn's end if nothing follows). */
  stoppedAt: number | undefined;
  /** The context with this span active, made when the first child starts. */
  context: Context | undefined;
}

/** How a span ends. */
export interface SpanOutcome {
  /** Sets status ERROR with this description. */
  readonly error?: string | undefined;
  /** Recorded as an exception event (with status ERROR). */
  readonly exception?: unknown;
  /** Set on the span before it ends. */
  readonly attributes?: Attributes | undefined;
  readonly endTime?: TimeInput | undefined;
}

/** The outcome given to descendants still open when their ancestor ends. */
export function leakedOutcome(kind: SpanNodeKind, parent: SpanNodeKind): SpanOutcome {
  return {
    error: `${kind} span ended by its ${parent} span: its end event never came (the call failed, was denied, or was cancelled)`,
    attributes: { 'hookline.span.incomplete': true },
  };
}

/** Records an exception value (an Error, an EvalError-like object or anything else) on a span. */
export function recordError(span: Span, exception: unknown): string {
  if (exception instanceof Error) {
    span.recordException(exception);
    return exception.message;
  }
  if (exception !== null && typeof exception === 'object' && typeof (exception as { message?: unknown }).message === 'string') {
    const { message, traceback } = exception as { message: string; traceback?: unknown };
    span.recordException({ name: 'Error', message, ...(typeof traceback === 'string' && traceback !== '' ? { stack: traceback } : {}) });
    return message;
  }
  const message = String(exception);
  span.recordException(message);
  return message;
}

/** Open spans by kind and key, with start and end helpers. */
export class SpanTree {
  private readonly nodes: Record<SpanNodeKind, Map<string, SpanNode>> = {
    evalSet: new Map(), run: new Map(), task: new Map(), sample: new Map(), attempt: new Map(),
    session: new Map(), turn: new Map(), model: new Map(), tool: new Map(),
  };

  constructor(private readonly tracer: () => Tracer) {}

  /** The open node of a kind with this key. */
  get(kind: SpanNodeKind, key: string | undefined): SpanNode | undefined {
    return key === undefined ? undefined : this.nodes[kind].get(key);
  }

  /** Every open node without a parent (for shutdown, and root model calls). */
  roots(): SpanNode[] {
    const out: SpanNode[] = [];
    for (const map of Object.values(this.nodes)) for (const node of map.values()) if (node.parent === undefined) out.push(node);
    return out;
  }

  /** Number of open spans. */
  get size(): number {
    let n = 0;
    for (const map of Object.values(this.nodes)) n += map.size;
    return n;
  }

  /**
   * Starts a span as a child of `parent`; without one, as a child of the caller's active span
   * (a user's own span around `evaluate()`), else as a root. An open node with the same kind and
   * key is ended first, as leaked.
   */
  open(kind: SpanNodeKind, key: string, name: string, parent: SpanNode | undefined, attributes: Attributes, spanKind: SpanKind, label = ''): SpanNode {
    const existing = this.get(kind, key);
    if (existing !== undefined) this.close(existing, { error: `a new ${kind} span with the same id started`, attributes: { 'hookline.span.incomplete': true } });
    let ctx: Context;
    if (parent === undefined) ctx = context.active();
    else ctx = parent.context ??= trace.setSpan(context.active(), parent.span);
    const span = this.tracer().startSpan(name, { kind: spanKind, attributes }, ctx);
    const node: SpanNode = { kind, key, span, parent, children: new Set(), label, stoppedAt: undefined, context: undefined };
    parent?.children.add(node);
    this.nodes[kind].set(key, node);
    return node;
  }

  /** Ends a node after its open descendants (which end as leaked). Ending twice does nothing. */
  close(node: SpanNode, outcome: SpanOutcome = {}): void {
    const map = this.nodes[node.kind];
    if (map.get(node.key) !== node) return;
    map.delete(node.key);
    if (node.children.size !== 0) for (const child of [...node.children]) this.close(child, leakedOutcome(child.kind, node.kind));
    node.parent?.children.delete(node);
    const { span } = node;
    if (outcome.attributes !== undefined) span.setAttributes(outcome.attributes);
    if (outcome.exception !== undefined) {
      const message = recordError(span, outcome.exception);
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error ?? message });
    } else if (outcome.error !== undefined) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error });
    }
    span.end(outcome.endTime);
  }

  /** Ends the node of a kind with this key, if open. */
  closeKey(kind: SpanNodeKind, key: string | undefined, outcome?: SpanOutcome): void {
    const node = this.get(kind, key);
    if (node !== undefined) this.close(node, outcome);
  }

  /** Ends every open child of `node` of the given kind. */
  closeChildren(node: SpanNode, kind: SpanNodeKind, outcome: SpanOutcome): void {
    if (node.children.size === 0) return;
    for (const child of [...node.children]) if (child.kind === kind) this.close(child, outcome);
  }

  /** Ends every open span (children first), e.g. at shutdown. */
  closeAll(outcome: SpanOutcome): void {
    for (const root of this.roots()) this.close(root, outcome);
  }
}
