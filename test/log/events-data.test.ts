/**
 * Pooled model inputs (`events_data`): the writer's pooling, the reader's resolution, and their
 * round trip over random message histories (fast-check).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { condensedSampleToWire } from '../../src/log/condensed-sample.ts';
import { compressRefs, resolveEventsData } from '../../src/log/events-data.ts';
import { poolModelEvents } from '../../src/log/events-pool.ts';
import { LogError, parseJson, serializeJson } from '../../src/log/index.ts';
import { sampleFromWire, sampleToWire } from '../../src/log/wire.ts';
import type { ModelEvent, TranscriptEvent } from '../../src/types/events.ts';
import type { EvalSample } from '../../src/types/log.ts';
import type { ChatMessage } from '../../src/types/model.ts';
import { validateLog } from './schema.ts';

function modelEvent(input: ChatMessage[], requestMessages?: unknown[]): ModelEvent {
  const event: ModelEvent = {
    event: 'model', timestamp: '2026-01-01T00:00:00.000000+00:00', workingStart: 0, model: 'mockllm/model', input, tools: [], toolChoice: 'auto', config: {},
    output: { model: 'mockllm/model', choices: [], completion: '' },
  };
  if (requestMessages !== undefined) event.call = { request: { model: 'model', messages: requestMessages, temperature: 0 }, response: { ok: true } };
  return event;
}

function sampleWith(events: TranscriptEvent[], messages: ChatMessage[] = []): EvalSample {
  return {
    id: 1, epoch: 1, input: 'start', target: '', messages, output: { model: 'mockllm/model', choices: [], completion: '' },
    metadata: {}, store: {}, events, modelUsage: {}, roleUsage: {}, attachments: {}, scores: {},
  };
}

/** What a reader returns for the sample written uncondensed. */
function readUncondensed(sample: EvalSample): EvalSample {
  return sampleFromWire(parseJson(serializeJson(sampleToWire(sample))), 'uncondensed');
}

/** What a reader returns for the sample written condensed. */
function readCondensed(sample: EvalSample): EvalSample {
  return sampleFromWire(parseJson(serializeJson(condensedSampleToWire(sample))), 'condensed');
}

describe('events_data ranges', () => {
  it('turns pool positions into [start, end) ranges, end exclusive', () => {
    assert.deepEqual(compressRefs([0, 1, 2, 3]), [[0, 4]]);
    assert.deepEqual(compressRefs([0, 3, 4, 5, 9]), [[0, 1], [3, 6], [9, 10]]);
    assert.deepEqual(compressRefs([2, 5, 8]), [[2, 3], [5, 6], [8, 9]]);
    assert.deepEqual(compressRefs([3, 3]), [[3, 4], [3, 4]], 'a repeated position starts a new range');
    assert.deepEqual(compressRefs([]), []);
  });
});

describe('pooling model inputs', () => {
  it('stores each message of a growing conversation once and references it from every model call', () => {
    const conversation: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }];
    const events: TranscriptEvent[] = [];
    for (let turn = 0; turn < 4; turn++) {
      events.push(modelEvent(conversation.slice(), conversation.slice()));
      conversation.push({ role: 'assistant', content: `reply ${turn}` }, { role: 'user', content: `more ${turn}` });
    }
    const wire = condensedSampleToWire(sampleWith(events));
    const data = wire.events_data as { messages: unknown[]; calls: unknown[] };
    assert.equal(data.messages.length, 8, 'eight distinct messages over four calls');
    assert.equal(data.calls.length, 8, 'and the same eight request messages');
    const written = wire.events as Array<{ input: unknown[]; input_refs: unknown; call: { request: Record<string, unknown>; call_refs: unknown; call_key: string } }>;
    assert.deepEqual(written.map((e) => e.input_refs), [[[0, 2]], [[0, 4]], [[0, 6]], [[0, 8]]], 'each call references a prefix of the pool');
    assert.ok(written.every((e) => e.input.length === 0), 'inputs are emptied');
    assert.deepEqual(written[3]!.call, { request: { model: 'model', temperature: 0 }, response: { ok: true }, call_refs: [[0, 8]], call_key: 'messages' }, 'the request keeps everything but its messages');
    assert.deepEqual(validateLog(wire, 'EvalSample'), [], 'the condensed sample validates against Inspect\'s schema');
  });

  it('stores a copied message (same content, another object) once', () => {
    const system: ChatMessage = { role: 'system', content: 'Be brief.' };
    const events = [modelEvent([system, { role: 'user', content: 'a' }]), modelEvent([structuredClone(system), { role: 'user', content: 'b' }])];
    const pooled = poolModelEvents(events);
    assert.equal(pooled?.messages.length, 3, 'the copy of the system message is found by its content');
  });

  it('writes no events_data when nothing repeats: one model call, or calls that share no message', () => {
    const one = sampleWith([modelEvent([{ role: 'user', content: 'only once' }], [{ role: 'user', content: 'only once' }])]);
    assert.equal(condensedSampleToWire(one).events_data, undefined, 'a single model call is written as it is');
    const disjoint = sampleWith([modelEvent([{ role: 'user', content: 'a' }]), modelEvent([{ role: 'user', content: 'b' }])]);
    assert.equal(poolModelEvents(disjoint.events), undefined, 'nothing shared, nothing pooled');
    assert.equal((condensedSampleToWire(disjoint).events as Array<{ input: unknown[] }>)[1]!.input.length, 1, 'inputs stay inline');
  });

  it('moves long text of pooled messages into attachments, and reads it back whole', () => {
    const long: ChatMessage = { role: 'user', content: 'long '.repeat(40) };
    const sample = sampleWith([modelEvent([long]), modelEvent([long, { role: 'assistant', content: 'ok' }])], [long]);
    const wire = condensedSampleToWire(sample);
    assert.match(JSON.stringify(wire.events_data), /attachment:\/\//, 'the pool holds a reference to the attachment');
    assert.equal(Object.keys(wire.attachments as object).length, 1, 'the long text is stored once');
    assert.deepEqual(readCondensed(sample), readUncondensed(sample), 'the reader restores the sample');
  });
});

describe('resolving events_data', () => {
  it('leaves a sample without events_data as it is', () => {
    const raw = { id: 1, epoch: 1, events: [{ event: 'model', input: [{ role: 'user', content: 'x' }] }] };
    assert.deepEqual(resolveEventsData(structuredClone(raw)), raw);
  });

  it('names the event and the range when a reference lies outside the pool', () => {
    const raw = {
      id: 'a', epoch: 1, events: [{ event: 'info', data: 1 }, { event: 'model', input: [], input_refs: [[0, 1], [1, 4]] }],
      events_data: { messages: [{ role: 'user', content: 'x' }, { role: 'user', content: 'y' }], calls: [] },
    };
    assert.throws(
      () => sampleFromWire(raw, 'log.eval (samples/a_epoch_1.json)', 'log.eval'),
      (error: unknown) => error instanceof LogError && /samples\/a_epoch_1\.json.*events\[1\]\.input_refs\[1\] = \[1, 4\] lies outside events_data\.messages, which holds 2 entries/.test(error.message),
    );
  });

  it('rejects a malformed range with its position', () => {
    const raw = { id: 1, epoch: 1, events: [{ event: 'model', input: [], input_refs: [[0]] }], events_data: { messages: [], calls: [] } };
    assert.throws(() => sampleFromWire(raw, 'here'), /events\[0\]\.input_refs\[0\] is not a \[start, end\] range of integers/);
  });
});

/** Random histories: model calls whose inputs draw (with repeats, copies and long texts) from a set of messages. */
const historyArbitrary = fc
  .array(fc.record({ role: fc.constantFrom('user' as const, 'assistant' as const), text: fc.oneof(fc.string({ maxLength: 12 }), fc.string({ minLength: 101, maxLength: 160 })) }), { minLength: 1, maxLength: 8 })
  .chain((specs) => {
    const messages: ChatMessage[] = specs.map((s) => ({ role: s.role, content: s.text }));
    const input = fc.array(fc.record({ index: fc.nat({ max: messages.length - 1 }), copy: fc.boolean() }), { maxLength: 10 });
    return fc.record({
      messages: fc.constant(messages),
      calls: fc.array(fc.record({ input, withRequest: fc.boolean(), otherEvent: fc.boolean() }), { minLength: 1, maxLength: 8 }),
    });
  });

describe('condense → resolve round trip (property)', () => {
  it('reads back every random history exactly as it was written uncondensed', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ messages, calls }) => {
        const events: TranscriptEvent[] = [];
        for (const call of calls) {
          const input = call.input.map(({ index, copy }) => (copy ? structuredClone(messages[index]!) : messages[index]!));
          events.push(modelEvent(input, call.withRequest ? input.slice().reverse() : undefined));
          if (call.otherEvent) events.push({ event: 'info', timestamp: '2026-01-01T00:00:00.000000+00:00', workingStart: 0, data: { note: messages[0]!.content } });
        }
        const sample = sampleWith(events, messages);
        assert.deepEqual(readCondensed(sample), readUncondensed(sample), 'condensed and uncondensed read back the same');
      }),
      { numRuns: 300, seed: 1313 },
    );
  });
});
