import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { InvalidHookError } from '../../src/errors.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { eventForWireName, resolveEventName } from '../../src/hooks/catalog.ts';
import { describeHookSet, hookSetHash } from '../../src/hooks/hook-set.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import { component } from '../../src/hooks/sources/scoped/component.ts';
import { defineEvent } from '../../src/hooks/user-events.ts';
import { defineTool, type Tool } from '../../src/tools/index.ts';
import { mathModel } from '../fixtures/scoped/calculator.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { fixture, hooksFor, makeProject } from '../command-hooks/helpers.ts';

interface ReviewDone {
  readonly reviewer: string;
  readonly approved: boolean;
}

interface PublishRequest {
  readonly target: string;
}

const reviewDone = defineEvent<ReviewDone>()({ name: 'onReviewDone', when: 'A review finishes.', matcherField: 'reviewer' });
const beforePublish = defineEvent<PublishRequest>()({ name: 'onBeforePublish', wire: 'PrePublish', decision: true, when: 'Before a report is published.' });
const toolOnly = defineEvent<ReviewDone>()({ name: 'onToolReview', when: 'A tool reviews its input.', scope: ['tool'] });

describe('user-defined events', () => {
  beforeEach(freshHooks);

  it('delivers the typed payload to function hooks, and builds it only when someone listens', async () => {
    let built = 0;
    const build = (): ReviewDone => {
      built++;
      return { reviewer: 'ana', approved: true };
    };
    assert.equal(reviewDone.emit(build), undefined, 'nobody listens: no promise');
    assert.equal(built, 0, 'the payload is not built without listeners');
    const seen: string[] = [];
    const off = on(reviewDone, ({ reviewer, approved }) => {
      seen.push(`${reviewer}:${String(approved)}`);
    });
    await reviewDone.emit(build);
    off();
    await reviewDone.emit(build);
    assert.deepEqual(seen, ['ana:true']);
    assert.equal(built, 1);
  });

  it('calls the method of its name on a class hook that lists the event', async () => {
    const seen: string[] = [];
    class ReviewLogger extends Hooks {
      onReviewDone(payload: ReviewDone): void {
        seen.push(payload.reviewer);
      }
    }
    hooks({ name: 'review-logger', events: [reviewDone] }, ReviewLogger);
    await reviewDone.emit(() => ({ reviewer: 'bo', approved: false }));
    assert.deepEqual(seen, ['bo']);
  });

  it('merges the decisions of a decide event: any block wins and reasons are kept in order', async () => {
    assert.equal(beforePublish.decide(() => ({ target: 'site' })), undefined, 'no listeners: no decision');
    on(beforePublish, () => ({ additionalContext: 'checked links' }));
    on(beforePublish, ({ target }) => (target === 'prod' ? { decision: 'block', reason: 'freeze week' } : undefined));
    const prod = await beforePublish.decide(() => ({ target: 'prod' }));
    assert.deepEqual([prod?.blocked, prod?.reasons, prod?.additionalContext], [true, ['freeze week'], ['checked links']]);
    const site = await beforePublish.decide(() => ({ target: 'site' }));
    assert.equal(site?.blocked, false);
  });

  it('gives every hook the same frozen payload', async () => {
    const failures: unknown[] = [];
    on(reviewDone, (payload) => {
      try {
        (payload as { reviewer: string }).reviewer = 'mallory';
      } catch (error) {
        failures.push(error);
      }
    });
    const seen: string[] = [];
    on(reviewDone, ({ reviewer }) => {
      seen.push(reviewer);
    });
    await reviewDone.emit(() => ({ reviewer: 'ana', approved: true }));
    assert.deepEqual(seen, ['ana']);
    assert.ok(failures[0] instanceof TypeError, 'the write to a frozen payload throws');
  });

  it('reaches component hooks, the enclosing agent\'s hooks and the emitting tool\'s own hooks, in that order', async () => {
    const order: string[] = [];
    const reviewer: Tool = defineTool({
      name: 'calculator',
      description: 'Reviews an expression',
      parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'], additionalProperties: false },
      execute: async ({ expression }: { expression: string }) => {
        await reviewDone.emit(() => ({ reviewer: expression, approved: true }), reviewer.hooks.handlers);
        return 'ok';
      },
    });
    reviewer.hooks.on(reviewDone, ({ reviewer: who }) => {
      order.push(`tool:${who}`);
    });
    component('tool').on(reviewDone, () => {
      order.push('component');
    });
    on(reviewDone, () => {
      order.push('global');
    });
    const dir = tempDir();
    const agent = new Agent({ transcriptDir: dir, cwd: dir, model: mathModel('1 + 1', 'done'), tools: [reviewer] });
    agent.hooks.on(reviewDone, () => {
      order.push('agent');
    });
    await agent.run('review 1 + 1');
    assert.deepEqual(order, ['global', 'component', 'agent', 'tool:1 + 1']);
  });

  it("rejects a scoped hook of a kind outside the event's scope, naming the kinds that receive it", () => {
    const dir = tempDir();
    const agent = new Agent({ transcriptDir: dir, cwd: dir, model: mathModel('1 + 1', 'done') });
    assert.throws(() => agent.hooks.on(toolOnly, () => undefined), (e: unknown) => e instanceof InvalidHookError && /never receive 'onToolReview'/.test(e.message) && /Attach it to a tool/.test(e.message));
  });

  it('runs command hooks configured under its wire name, with the payload as snake_case stdin', async () => {
    const out = join(tempDir(), 'record.jsonl');
    const { projectDir, userDir } = makeProject(undefined, hooksFor('ReviewDone', { matcher: 'ana', commands: [fixture('record.mjs', out)] }));
    const loaded = await loadCommandHooks({ projectDir, userDir });
    assert.deepEqual(loaded.errors, []);
    await reviewDone.emit(() => ({ reviewer: 'bo', approved: false }));
    await reviewDone.emit(() => ({ reviewer: 'ana', approved: true }));
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse((JSON.parse(line) as { stdin: string }).stdin) as Record<string, unknown>);
    assert.equal(lines.length, 1, 'the matcher selects the reviewer field');
    assert.deepEqual([lines[0]!.hook_event_name, lines[0]!.reviewer, lines[0]!.approved], ['ReviewDone', 'ana', true]);
  });

  it('lets a command hook block a decide event by its wire name', async () => {
    const { projectDir, userDir } = makeProject(undefined, hooksFor('PrePublish', { commands: [fixture('block-json.sh', 'not on Fridays')] }));
    await loadCommandHooks({ projectDir, userDir });
    const decision = await beforePublish.decide(() => ({ target: 'prod' }));
    assert.deepEqual([decision?.blocked, decision?.reasons], [true, ['not on Fridays']]);
  });

  it('names the event in the hook-set record, so hooking it changes the hash', () => {
    const before = hookSetHash();
    on(reviewDone, () => undefined, { name: 'review-audit' });
    on('onRunStart', () => undefined, { name: 'review-audit-run' });
    const set = describeHookSet();
    assert.deepEqual(set.find((h) => h.name === 'review-audit')?.events, ['ReviewDone']);
    assert.notEqual(hookSetHash(), before);
    assert.equal(getHookBus().list().length, 2);
  });

  it('resolves by name and wire name like catalog events', () => {
    assert.equal(resolveEventName('onReviewDone'), 'onReviewDone');
    assert.equal(eventForWireName('PrePublish'), 'onBeforePublish');
  });

  it('returns the same handle when defined again identically, and refuses taken or malformed names', () => {
    assert.equal(defineEvent<ReviewDone>()({ name: 'onReviewDone', when: 'A review finishes.', matcherField: 'reviewer' }), reviewDone);
    const rejects = (define: () => unknown, pattern: RegExp): void => {
      assert.throws(define, (e: unknown) => e instanceof InvalidHookError && pattern.test(e.message));
    };
    rejects(() => defineEvent<ReviewDone>()({ name: 'onReviewDone', decision: true, when: 'Other.' }), /already defined differently/);
    rejects(() => defineEvent<ReviewDone>()({ name: 'onSampleEnd', when: 'Clash.' }), /already a hookline event/);
    rejects(() => defineEvent<ReviewDone>()({ name: 'onToolStart', when: 'Alias clash.' }), /already a hookline event or alias/);
    rejects(() => defineEvent<ReviewDone>()({ name: 'onMyStop', wire: 'Stop', when: 'Wire clash.' }), /wire name 'Stop' is already used by onStop/);
    rejects(() => defineEvent<ReviewDone>()({ name: 'reviewDone', when: 'Bad name.' }), /must be 'on' and a capital letter/);
    rejects(() => defineEvent<ReviewDone>()({ name: 'onReviewStarted', when: '' }), /say when the event fires/);
  });

  it('warns about nothing when a class lists the event and implements it', () => {
    const warnings = recordWarnings();
    try {
      class Quiet extends Hooks {
        onBeforePublish(): undefined {
          return undefined;
        }
      }
      hooks({ name: 'quiet', events: [beforePublish] }, Quiet);
      assert.deepEqual(warnings.messages(), []);
      assert.deepEqual(getHookBus().get('quiet')?.entries.map((e) => e.event), ['onBeforePublish']);
    } finally {
      warnings.restore();
    }
  });
});
