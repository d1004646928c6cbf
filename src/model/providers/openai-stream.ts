/**
 * Assembles an OpenAI chat completion stream (SSE chunks) into the body a non-streaming call
 * would have returned, so both paths share one conversion.
 * @module
 */
import { MalformedResponseError } from '../failure.ts';
import { isRecord } from '../../util/guards.ts';

interface ToolCallAcc {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

interface ChoiceAcc {
  index: number;
  message: { role: 'assistant'; content: string | null; reasoning_content?: string; tool_calls?: ToolCallAcc[] };
  finish_reason: string | null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function addToolDeltas(choice: ChoiceAcc, deltas: unknown): void {
  if (!Array.isArray(deltas)) return;
  const calls = (choice.message.tool_calls ??= []);
  for (const d of deltas) {
    if (!isRecord(d)) continue;
    const index = typeof d['index'] === 'number' ? d['index'] : calls.length;
    const call = (calls[index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
    if (typeof d['id'] === 'string' && d['id'] !== '') call.id = d['id'];
    const fn = d['function'];
    if (isRecord(fn)) {
      call.function.name += str(fn['name']);
      call.function.arguments += str(fn['arguments']);
    }
  }
}

/** Reads every chunk and returns a chat-completion-shaped body. */
export async function assembleOpenAiStream(stream: AsyncIterable<unknown>): Promise<Record<string, unknown>> {
  const choices: ChoiceAcc[] = [];
  const body: Record<string, unknown> = { object: 'chat.completion', choices };
  let chunks = 0;
  for await (const chunk of stream) {
    if (!isRecord(chunk)) throw new MalformedResponseError('a stream chunk is not a JSON object');
    chunks++;
    if (typeof chunk['id'] === 'string') body['id'] = chunk['id'];
    if (typeof chunk['model'] === 'string') body['model'] = chunk['model'];
    if (typeof chunk['created'] === 'number') body['created'] = chunk['created'];
    if (isRecord(chunk['usage'])) body['usage'] = chunk['usage'];
    const list = chunk['choices'];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isRecord(c)) continue;
      const index = typeof c['index'] === 'number' ? c['index'] : 0;
      const choice = (choices[index] ??= { index, message: { role: 'assistant', content: null }, finish_reason: null });
      const delta = c['delta'];
      if (isRecord(delta)) {
        if (typeof delta['content'] === 'string') choice.message.content = (choice.message.content ?? '') + delta['content'];
        const reasoning = str(delta['reasoning_content']) || str(delta['reasoning']);
        if (reasoning !== '') choice.message.reasoning_content = (choice.message.reasoning_content ?? '') + reasoning;
        addToolDeltas(choice, delta['tool_calls']);
      }
      if (typeof c['finish_reason'] === 'string') choice.finish_reason = c['finish_reason'];
    }
  }
  if (chunks === 0) throw new MalformedResponseError('the stream ended without any chunk');
  return body;
}
