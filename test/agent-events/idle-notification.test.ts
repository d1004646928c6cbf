import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/agent.ts';
import { IDLE_NOTIFICATION_MESSAGE, idleNotificationDelayMs, IdleNotifier } from '../../src/agent/idle-notification.ts';
import type { Notification } from '../../src/hooks/payloads/agent-events.ts';
import { freshHooks, sleep, tempDir } from '../helpers.ts';
import { hookline } from '../cli/run-cli.ts';
import { say, scripted } from '../fixtures/agent/scripted.ts';
import { FakeLlmServer, openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { startChat, waitFor } from './cli-process.ts';
import { readJsonLines, script } from './harness.ts';

describe('Notification idle_prompt in chat', () => {
  let server: FakeLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  /** A project whose Notification hook (matcher idle_prompt) appends its stdin to idle.jsonl, and a model answering `answers` in order. */
  async function setup(answers: string[]): Promise<{ dir: string; idleLog: string; env: Record<string, string> }> {
    const dir = tempDir();
    const idleLog = join(dir, 'idle.jsonl');
    mkdirSync(join(dir, '.hookline'), { recursive: true });
    writeFileSync(join(dir, '.hookline', 'hooks.json'), JSON.stringify({ hooks: {
      Notification: [{ matcher: 'idle_prompt', hooks: [script('append-stdin.sh', idleLog)] }],
    } }));
    server = await FakeLlmServer.start();
    server.onRequest(() => ({ body: openaiCompletion({ content: answers.shift() ?? 'no more answers' }) }));
    return { dir, idleLog, env: { LOCAL_BASE_URL: server.openaiBaseUrl, LOCAL_API_KEY: 'k' } };
  }

  it('fires once per idle period after the agent answered, with the session fields, and again after the next answer', async () => {
    const { dir, idleLog, env } = await setup(['first answer', 'second answer']);
    const chat = startChat(dir, { ...env, HOOKLINE_IDLE_NOTIFICATION: '0.2' });
    chat.child.stdin.write('hello\n');
    await waitFor('the first answer was printed', () => chat.stdout().includes('first answer'));
    await waitFor('the idle notification fired', () => readJsonLines(idleLog).length > 0);
    // Several idle delays pass with the prompt still waiting: the period has had its notification.
    await sleep(1000);
    assert.equal(readJsonLines(idleLog).length, 1, 'one notification per idle period');
    chat.child.stdin.write('again\n');
    await waitFor('the second answer was printed', () => chat.stdout().includes('second answer'));
    await waitFor('the second idle period was notified', () => readJsonLines(idleLog).length === 2);
    chat.child.stdin.end();
    assert.deepEqual(await chat.exited, { code: 0, signal: null }, chat.stderr());

    const sessionId = /^session (\S+)$/m.exec(chat.stderr())?.[1];
    const transcriptPath = /^transcript (.+)$/m.exec(chat.stderr())?.[1];
    const [first] = readJsonLines(idleLog);
    assert.deepEqual(first, {
      session_id: sessionId,
      transcript_path: transcriptPath,
      cwd: dir,
      hook_event_name: 'Notification',
      message: IDLE_NOTIFICATION_MESSAGE,
      title: 'Waiting for input',
      notification_type: 'idle_prompt',
    });
  });

  it('cancels the timer when input arrives or input ends, and never keeps the process alive', async () => {
    const { dir, idleLog, env } = await setup(['the answer']);
    const chat = startChat(dir, env, ['--idle-notification', '30']);
    chat.child.stdin.write('hello\n');
    await waitFor('the answer was printed', () => chat.stdout().includes('the answer'));
    chat.child.stdin.end();
    // Had the timer kept the process alive, it would have fired after 30 s and logged a line.
    assert.deepEqual(await chat.exited, { code: 0, signal: null }, chat.stderr());
    assert.equal(existsSync(idleLog), false, 'no idle notification after the input ended');
  });

  it('is off with --idle-notification 0, and a bad value is an error naming the option', async () => {
    const { dir, idleLog, env } = await setup(['the answer']);
    const chat = startChat(dir, { ...env, HOOKLINE_IDLE_NOTIFICATION: '0.05' }, ['--idle-notification', '0']);
    chat.child.stdin.write('hello\n');
    await waitFor('the answer was printed', () => chat.stdout().includes('the answer'));
    await sleep(500);
    chat.child.stdin.end();
    assert.deepEqual(await chat.exited, { code: 0, signal: null }, chat.stderr());
    assert.equal(existsSync(idleLog), false, 'the option overrides the environment variable and 0 turns it off');

    const bad = await hookline(['chat', '--idle-notification', 'soon'], { cwd: dir, input: '' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--idle-notification must be a number of seconds ≥ 0 .*got 'soon'/);
  });

  it('is never sent by run -p', async () => {
    const { dir, idleLog, env } = await setup(['the answer']);
    const run = await hookline(['run', '-p', 'hello', '-m', 'openai-api/local/test-model', '--trust-project-hooks', '--transcript-dir', join(dir, 's')], { cwd: dir, env: { ...env, HOOKLINE_IDLE_NOTIFICATION: '0.01' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'the answer\n');
    assert.equal(existsSync(idleLog), false, 'run -p has no prompt that waits');
  });
});

describe('IdleNotifier', () => {
  beforeEach(freshHooks);

  it('delivers idle_prompt to the agent\'s instance hooks, and input before the delay cancels it', async () => {
    const received: Notification[] = [];
    let notified: () => void = () => undefined;
    const fired = new Promise<void>((resolve) => (notified = resolve));
    const { model } = scripted([say('ok')]);
    const agent = new Agent({ model, transcriptDir: tempDir(), hooks: { onNotification: (p) => {
      received.push(p);
      notified();
    } } });
    const session = agent.session();
    await session.send('hi');

    const cancelled = new IdleNotifier(session, agent, { delayMs: 20 });
    cancelled.waiting();
    cancelled.inputArrived();
    const notifier = new IdleNotifier(session, agent, { delayMs: 20 });
    notifier.waiting();
    // The notifier's timer is unref'd: without something else alive the process would just end.
    const keepAlive = setInterval(() => undefined, 1000);
    await fired.finally(() => clearInterval(keepAlive));
    await notifier.dispose();
    await cancelled.dispose();
    await session.end();
    assert.equal(received.length, 1, 'only the notifier left waiting fired');
    assert.equal(received[0]!.notificationType, 'idle_prompt');
    assert.equal(received[0]!.sessionId, session.id);
    assert.deepEqual(received[0]!.agent, agent.component);
  });

  it('reads the delay from the option, else HOOKLINE_IDLE_NOTIFICATION, else 60 s', () => {
    assert.equal(idleNotificationDelayMs(undefined, {}), 60_000);
    assert.equal(idleNotificationDelayMs(undefined, { HOOKLINE_IDLE_NOTIFICATION: '1.5' }), 1500);
    assert.equal(idleNotificationDelayMs('0', { HOOKLINE_IDLE_NOTIFICATION: '5' }), 0);
    assert.throws(() => idleNotificationDelayMs(undefined, { HOOKLINE_IDLE_NOTIFICATION: '-1' }), /HOOKLINE_IDLE_NOTIFICATION must be a number of seconds ≥ 0/);
  });
});
