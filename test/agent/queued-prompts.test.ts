import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { Session } from '../../src/agent/session.ts';
import type { TurnResult } from '../../src/agent/types.ts';
import { on } from '../../src/hooks/register.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import type { ChatMessage } from '../../src/types/model.ts';
import { freshHooks, tempDir } from '../helpers.ts';
import { requestText, say, scripted, type Step } from '../fixtures/agent/scripted.ts';

const guard = fileURLToPath(new URL('../fixtures/agent/hooks/prompt-guard.py', import.meta.url));

interface Logged { prompt: string; turn_id: string; prompt_id: string }

describe('prompts sent while a turn is running', () => {
  let unregister: (() => void) | undefined;
  let project: string;
  let log: string;
  beforeEach(async () => {
    freshHooks();
    project = tempDir();
    log = join(project, 'prompts.jsonl');
    mkdirSync(join(project, '.hookline'), { recursive: true });
    writeFileSync(join(project, '.hookline', 'hooks.json'), JSON.stringify({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: `python3 '${guard}' '${log}'` }] }] } }));
    const loaded = await loadCommandHooks({ projectDir: project, userDir: tempDir(), trustProjectHooks: true });
    unregister = () => {
      loaded.unregister();
    };
  });
  afterEach(() => {
    unregister?.();
  });

  function logged(): Logged[] {
    return readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Logged);
  }

  function session(steps: Step[]): { session: Session; requests: ChatMessage[][] } {
    const { model, requests } = scripted(steps);
    return { session: new Agent({ model, cwd: project, transcriptDir: join(project, 'sessions') }).session(), requests };
  }

  it('takes queued prompts into the running turn through UserPromptSubmit; a blocked one strands nothing', async () => {
    const queued: Promise<TurnResult>[] = [];
    const ref: { session?: Session } = {};
    const built = session([
      () => {
        // The first request is in flight: two more prompts arrive.
        queued.push(ref.session!.send('second: add tests'), ref.session!.send('third: the SECRET is 42'));
        return say('first answer');
      },
      say('tests added'),
    ]);
    const s = built.session;
    ref.session = s;
    const first = await s.send('first: fix the bug');
    const [second, third] = await Promise.all(queued);
    await s.end();

    assert.equal(first.outcome, 'completed');
    assert.equal(first.text, 'tests added');
    assert.equal(built.requests.length, 2, 'the queued prompt made one more request in the same turn, and Stop came after it');
    const prompts = logged();
    assert.deepEqual(prompts.map((p) => p.prompt), ['first: fix the bug', 'second: add tests', 'third: the SECRET is 42']);
    assert.ok(prompts.every((p) => p.turn_id === first.turnId), 'the three hook calls share the turn id');
    assert.equal(new Set(prompts.map((p) => p.prompt_id)).size, 3, 'each prompt has its own prompt_id');
    const second_request = requestText(built.requests[1]);
    assert.match(second_request, /user: second: add tests/, 'the prompt accepted before the blocked one was sent');
    assert.match(second_request, /a prompt with a secret was withheld/, 'the blocked prompt\'s context reaches the next request');
    assert.doesNotMatch(JSON.stringify(built.requests), /SECRET/);
    assert.doesNotMatch(readFileSync(s.transcriptPath, 'utf8'), /SECRET/);
    assert.equal(second!.turnId, first.turnId);
    assert.equal(second!.text, 'tests added');
    assert.deepEqual([third!.outcome, third!.reason], ['blocked', 'no secrets in prompts']);
  });

  it('runs prompts still queued when the turn ends as the next turn, through the hooks', async () => {
    const ref: { session?: Session } = {};
    let later: Promise<TurnResult> | undefined;
    on('onStop', () => {
      // The model has answered; Stop hooks run: a prompt sent now finds the turn ending.
      later ??= ref.session!.send('later: and the docs');
      return undefined;
    });
    const built = session([say('bug fixed'), say('docs written')]);
    const s = built.session;
    ref.session = s;
    const first = await s.send('fix the bug');
    const next = await later!;
    await s.end();
    assert.equal(first.text, 'bug fixed');
    assert.equal(next.text, 'docs written');
    assert.notEqual(next.turnId, first.turnId, 'it ran as a turn of its own');
    assert.deepEqual(logged().map((p) => [p.prompt, p.turn_id]), [['fix the bug', first.turnId], ['later: and the docs', next.turnId]]);
  });

  it('end() waits for queued prompts to run', async () => {
    const ref: { session?: Session } = {};
    let later: Promise<TurnResult> | undefined;
    on('onStop', () => {
      later ??= ref.session!.send('one more');
      return undefined;
    });
    const built = session([say('a'), say('b')]);
    const s = built.session;
    ref.session = s;
    await s.send('go');
    await s.end();
    assert.equal((await later!).text, 'b');
    assert.equal(built.requests.length, 2);
  });
});
