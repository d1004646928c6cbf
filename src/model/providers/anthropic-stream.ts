/**
 * Assembles an Anthropic message stream (SSE events) into the body a non-streaming call would
 * have returned, so both paths share one conversion.
 * @module
 */
import { MalformedResponseError } from '../failure.ts';
import { isRecord } from '../../util/guards.ts';

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads every event and returns a message-shaped body (tool inputs stay JSON text when they do not parse). */
export async function assembleAnthropicStream(stream: AsyncIterable<unknown>): Promise<Record<string, unknown>> {
  let message: Record<string, unknown> | undefined;
  const blocks: Record<string, unknown>[] = [];
  const json = new Map<number, string>();
  for await (const event of stream) {
    if (!isRecord(event)) throw new MalformedResponseError('a stream event is not a JSON object');
    const index = typeof event['index'] === 'number' ? event['index'] : 0;
    switch (event['type']) {
      case 'message_start':
        if (!isRecord(event['message'])) throw new MalformedResponseError('message_start has no message');
        message = { ...event['message'] };
        break;
      case 'content_block_start':
        if (isRecord(event['content_block'])) blocks[index] = { ...event['content_block'] };
        break;
      case 'content_block_delta': {
        const block = blocks[index];
        const delta = event['delta'];
        if (block === undefined || !isRecord(delta)) break;
        if (delta['type'] === 'text_delta') block['text'] = str(block['text']) + str(delta['text']);
        else if (delta['type'] === 'input_json_delta') json.set(index, (json.get(index) ?? '') + str(delta['partial_json']));
        else if (delta['type'] === 'thinking_delta') block['thinking'] = str(block['thinking']) + str(delta['thinking']);
        else if (delta['type'] === 'signature_delta') block['signature'] = str(block['signature']) + str(delta['signature']);
        break;
      }
      case 'message_delta':
        if (message === undefined) break;
        if (isRecord(event['delta'])) Object.assign(message, event['delta']);
        if (isRecord(event['usage'])) message['usage'] = { ...(isRecord(message['usage']) ? message['usage'] : {}), ...event['usage'] };
    }
  }
  if (message === undefined) throw new MalformedResponseError('the stream ended without a message_start event');
  for (const [index, text] of json) {
    const block = blocks[index];
    if (block !== undefined && text !== '') block['input'] = text;
  }
  message['content'] = blocks.filter((b) => b !== undefined);
  return message;
}
