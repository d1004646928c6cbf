import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { csvDataset, DatasetError, jsonDataset, memoryDataset } from '../../src/eval/dataset/index.ts';
import { isHooklineError } from '../../src/errors.ts';
import { tempDir } from '../helpers.ts';

const fixtures = new URL('../fixtures/eval/', import.meta.url).pathname;
const fixture = (name: string): string => join(fixtures, name);

/** Asserts that `fn` throws a DatasetError at `file:line` whose message contains every fragment. */
function throwsAt(fn: () => unknown, file: string, line: number | undefined, ...fragments: string[]): DatasetError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof DatasetError, `expected a DatasetError, got ${String(caught)}`);
  assert.ok(isHooklineError(caught) && caught.code === 'DATASET_INVALID', 'code DATASET_INVALID');
  assert.equal(caught.file, file);
  assert.equal(caught.line, line);
  const prefix = line === undefined ? `${file}:` : `${file}:${line}:`;
  assert.ok(caught.message.startsWith(prefix), `message starts with ${prefix}: ${caught.message}`);
  for (const fragment of fragments) assert.ok(caught.message.includes(fragment), `message mentions ${fragment}: ${caught.message}`);
  return caught;
}

describe('jsonDataset (JSON Lines)', () => {
  it('reads samples with ids, targets, choices, metadata and chat input; blank lines skipped', () => {
    const dataset = jsonDataset(fixture('qa.jsonl'));
    assert.equal(dataset.name, 'qa');
    assert.equal(dataset.location, fixture('qa.jsonl'));
    assert.equal(dataset.shuffled, false);
    assert.equal(dataset.samples.length, 3);
    const [first, second, third] = dataset.samples;
    assert.deepEqual(first, { id: 'q1', input: 'What is 2 + 2?', target: '4', metadata: { topic: 'math' } });
    assert.deepEqual(second, { id: 2, input: 'Capital of France?', target: ['Paris', 'paris'], choices: ['Paris', 'Rome'] });
    assert.equal(third!.id, 7);
    assert.ok(Array.isArray(third!.input), 'chat input kept as messages');
  });

  it('names the file and line of a line that is not JSON', () => {
    throwsAt(() => jsonDataset(fixture('bad-line.jsonl')), fixture('bad-line.jsonl'), 3, 'not valid JSON', 'fix the line');
  });

  it('names the line of a sample without input and lists its fields', () => {
    throwsAt(() => jsonDataset(fixture('missing-input.jsonl')), fixture('missing-input.jsonl'), 2, "no 'input' field", 'question, target', 'fields: { input');
  });

  it('maps other field names with fields', () => {
    const file = join(tempDir(), 'questions.jsonl');
    writeFileSync(file, '{"question": "one", "answer": 1, "key": "k1", "level": 3}\n{"question": "two", "answer": 2, "key": "k2"}\n');
    const dataset = jsonDataset(file, { fields: { input: 'question', target: 'answer', id: 'key', metadata: ['level'] }, limit: 1, name: 'mine' });
    assert.equal(dataset.name, 'mine');
    assert.deepEqual(dataset.samples, [{ id: 'k1', input: 'one', target: '1', metadata: { level: 3 } }]);
    const both = (): unknown => jsonDataset(fixture('missing-input.jsonl'), { fields: { input: 'question' } });
    throwsAt(both, fixture('missing-input.jsonl'), 1, "no 'question' field");
  });

  it('rejects duplicate ids, naming both lines', () => {
    throwsAt(() => jsonDataset(fixture('duplicate-ids.jsonl')), fixture('duplicate-ids.jsonl'), 3, 'duplicate sample id "a"', `${fixture('duplicate-ids.jsonl')}:1`);
  });

  it('rejects ids containing / or _epoch_', () => {
    throwsAt(() => jsonDataset(fixture('slash-id.jsonl')), fixture('slash-id.jsonl'), 1, '"x/1"', "'/'");
    throwsAt(() => jsonDataset(fixture('epoch-id.jsonl')), fixture('epoch-id.jsonl'), 1, '_epoch_');
  });

  it('applies sampleFields and reports its failures at the line', () => {
    const dataset = jsonDataset(fixture('missing-input.jsonl'), {
      sampleFields: (record) => ({ input: String(record.question ?? record.input), target: 'x', metadata: { raw: record } }),
    });
    assert.equal(dataset.samples[1]!.input, 'two');
    assert.deepEqual(dataset.samples[1]!.metadata, { raw: { question: 'two', target: '2' } });
    const failing = (): unknown =>
      jsonDataset(fixture('qa.jsonl'), {
        sampleFields: (record) => {
          if (record.id === 7) throw new Error('no chat inputs here');
          return { input: 'x' };
        },
      });
    throwsAt(failing, fixture('qa.jsonl'), 4, 'sampleFields failed: no chat inputs here');
  });

  it('shuffles reproducibly with a seed, after assigning ids, then limits', () => {
    const dir = tempDir();
    const file = join(dir, 'many.jsonl');
    writeFileSync(file, Array.from({ length: 20 }, (_, i) => JSON.stringify({ input: `q${i + 1}` })).join('\n'));
    const a = jsonDataset(file, { shuffle: true, seed: 42 });
    const b = jsonDataset(file, { shuffle: true, seed: 42 });
    assert.equal(a.shuffled, true);
    assert.deepEqual(a.samples.map((s) => s.id), b.samples.map((s) => s.id));
    assert.notDeepEqual(a.samples.map((s) => s.id), Array.from({ length: 20 }, (_, i) => i + 1));
    for (const sample of a.samples) assert.equal(sample.input, `q${String(sample.id)}`);
    const limited = jsonDataset(file, { shuffle: true, seed: 42, limit: 5 });
    assert.deepEqual(limited.samples.map((s) => s.id), a.samples.slice(0, 5).map((s) => s.id));
  });

  it('reports a missing file with its path', () => {
    const missing = join(tempDir(), 'nope.jsonl');
    throwsAt(() => jsonDataset(missing), missing, undefined, 'dataset file not found', missing);
  });
});

describe('jsonDataset (JSON array)', () => {
  it('reads an array of sample objects with auto ids', () => {
    const dataset = jsonDataset(fixture('samples.json'));
    assert.equal(dataset.name, 'samples');
    assert.deepEqual(dataset.samples, [
      { id: 1, input: 'First?', target: '1' },
      { id: 'second', input: 'Second?', target: '2', metadata: { level: 2 } },
    ]);
  });

  it('names the line of a broken element', () => {
    throwsAt(() => jsonDataset(fixture('bad-array.json')), fixture('bad-array.json'), 10, 'sample 3 of the array (from line 7)', 'not valid JSON');
  });

  it('names the line where an element without input starts', () => {
    throwsAt(() => jsonDataset(fixture('no-input-array.json')), fixture('no-input-array.json'), 4, "no 'input' field", 'prompt');
  });

  it('reads a .json file holding JSON Lines, and rejects a single pretty-printed object', () => {
    const dir = tempDir();
    const lines = join(dir, 'lines.json');
    writeFileSync(lines, '{"input": "a"}\n{"input": "b"}\n');
    assert.equal(jsonDataset(lines).samples.length, 2);
    const single = join(dir, 'single.json');
    writeFileSync(single, '{\n  "input": "a"\n}\n');
    throwsAt(() => jsonDataset(single), single, 1, 'single JSON object');
  });

  it('reports a missing comma between elements at its line', () => {
    const file = join(tempDir(), 'comma.json');
    writeFileSync(file, '[\n{"input": "a"}\n{"input": "b"}\n]');
    throwsAt(() => jsonDataset(file), file, 3, 'expected "," or "]"');
  });
});

describe('csvDataset', () => {
  it('reads quoted fields, escaped quotes, embedded newlines, CRLF and a BOM', () => {
    const dataset = csvDataset(fixture('quoted.csv'), { fields: { metadata: ['notes'] } });
    assert.equal(dataset.name, 'quoted');
    assert.deepEqual(dataset.samples, [
      { id: '1', input: 'Say "hello", please', target: 'hello', metadata: { notes: 'plain' } },
      { id: '2', input: 'Line one\r\nline two', target: 'two', metadata: { notes: 'multi\nline note' } },
      { id: '3', input: '', target: 'empty', metadata: { notes: '' } },
    ]);
  });

  it('reports a ragged row with its line and field counts', () => {
    throwsAt(() => csvDataset(fixture('ragged.csv')), fixture('ragged.csv'), 3, '3 fields but the header has 2');
  });

  it('counts lines inside quoted fields when reporting later rows', () => {
    const file = join(tempDir(), 'later.csv');
    writeFileSync(file, 'input,target\n"a\nb\nc",1\nx,1,2\n');
    throwsAt(() => csvDataset(file), file, 5, '3 fields');
  });

  it('reports an unclosed quote at the line it opens', () => {
    throwsAt(() => csvDataset(fixture('unclosed.csv')), fixture('unclosed.csv'), 2, 'never closed');
  });

  it('reports text after a closing quote', () => {
    throwsAt(() => csvDataset(fixture('after-quote.csv')), fixture('after-quote.csv'), 2, 'after the closing quote');
  });

  it('uses another delimiter', () => {
    const dataset = csvDataset(fixture('semicolon.csv'), { delimiter: ';', fields: { metadata: true } });
    assert.deepEqual(dataset.samples[0], { id: 1, input: 'a;b', target: 'ab', metadata: { source: 'x' } });
  });

  it('maps columns and puts the remaining ones in metadata', () => {
    const dataset = csvDataset(fixture('mapped.csv'), { fields: { input: 'question', target: 'answer', metadata: true } });
    assert.deepEqual(dataset.samples[1], { id: 2, input: 'What is 2+3?', target: '5', metadata: { difficulty: 'hard', source: 'web' } });
  });

  it('names the header line when the input column is missing', () => {
    throwsAt(() => csvDataset(fixture('mapped.csv')), fixture('mapped.csv'), 1, "no 'input' column", 'question, answer, difficulty, source');
  });

  it('reads choices given as a JSON list in a cell', () => {
    const file = join(tempDir(), 'choices.csv');
    writeFileSync(file, 'input,choices,target\nPick one,"[""red"", ""blue""]",A\n');
    assert.deepEqual(csvDataset(file).samples[0]!.choices, ['red', 'blue']);
  });
});

describe('memoryDataset', () => {
  it('assigns ids 1, 2, 3 by position and keeps explicit ones', () => {
    const dataset = memoryDataset([{ input: 'a' }, { input: 'b', id: 'b' }, { input: 'c' }], 'inline');
    assert.equal(dataset.name, 'inline');
    assert.deepEqual(dataset.samples.map((s) => s.id), [1, 'b', 3]);
  });

  it('rejects 1 and "1" as the same id, naming the sample position', () => {
    let caught: unknown;
    try {
      memoryDataset([{ input: 'a', id: 1 }, { input: 'b', id: '1' }]);
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof DatasetError, 'a DatasetError');
    assert.ok(caught.message.startsWith('sample 2: duplicate sample id "1"'), caught.message);
  });

  it('rejects a sample without input', () => {
    assert.throws(() => memoryDataset([{ input: 'a' }, { target: 'x' } as never]), /^DatasetError: sample 2: the sample has no 'input' field/);
  });
});
