import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { askTimeoutMs, LineReader, terminalAsker } from '../../src/cli/permission-prompt.ts';

/** Lines that arrive when `push` is called, like a terminal's; `end()` ends the input. */
function typedLines(): { reader: LineReader; push: (line: string) => void; end: () => void } {
  const waiting: ((r: IteratorResult<string>) => void)[] = [];
  const queued: IteratorResult<string>[] = [];
  const deliver = (r: IteratorResult<string>): void => {
    const next = waiting.shift();
    if (next === undefined) queued.push(r);
    else next(r);
  };
  const iterator: AsyncIterator<string> = {
    next: () => new Promise((resolve) => {
      const ready = queued.shift();
      if (ready === undefined) waiting.push(resolve);
      else resolve(ready);
    }),
  };
  return { reader: new LineReader(iterator), push: (line) => deliver({ value: line, done: false }), end: () => deliver({ value: undefined, done: true }) };
}

const request = { toolName: 'Bash', input: { command: 'rm -rf build' }, reasons: ['deletes files'] };

describe('the permission question of hookline chat', () => {
  afterEach(() => {
    delete process.env.HOOKLINE_ASK_TIMEOUT;
  });

  it('shows the tool, its input and the reason, and runs the call on y', async () => {
    const { reader, push } = typedLines();
    let shown = '';
    const ask = terminalAsker(reader, (t) => (shown += t), 5000);
    const answer = ask(request);
    push('y');
    assert.equal(await answer, true);
    assert.match(shown, /A hook asks for your permission to run Bash \{"command":"rm -rf build"\}\n {2}why: deletes files\nAllow\? \[y\/N\]/);
  });

  it('denies on n, on anything else, and at the end of input', async () => {
    for (const line of ['n', 'maybe', '']) {
      const { reader, push } = typedLines();
      const answer = terminalAsker(reader, () => undefined, 5000)(request);
      push(line);
      assert.equal(await answer, false, `'${line}' denies`);
    }
    const { reader, end } = typedLines();
    const answer = terminalAsker(reader, () => undefined, 5000)(request);
    end();
    assert.equal(await answer, false);
  });

  it('denies when nobody answers in time, and keeps a late line for the next prompt', async () => {
    const { reader, push } = typedLines();
    let shown = '';
    assert.equal(await terminalAsker(reader, (t) => (shown += t), 20)(request), false);
    assert.match(shown, /no answer: denied/);
    push('next prompt');
    assert.deepEqual(await reader.next(), { value: 'next prompt', done: false });
  });

  it('waits 60 s by default; HOOKLINE_ASK_TIMEOUT sets seconds and a bad value is named', () => {
    assert.equal(askTimeoutMs(), 60_000);
    process.env.HOOKLINE_ASK_TIMEOUT = '2.5';
    assert.equal(askTimeoutMs(), 2500);
    process.env.HOOKLINE_ASK_TIMEOUT = 'never';
    assert.throws(() => askTimeoutMs(), /HOOKLINE_ASK_TIMEOUT must be a number of seconds > 0, got 'never'/);
  });
});
