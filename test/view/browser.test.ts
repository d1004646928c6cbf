/**
 * `hookline view` end to end: Inspect's log viewer in headless Chromium (Debian's package,
 * installed by scripts/ci-install-chromium.sh) against the view server. Skipped, loudly, only
 * when /usr/bin/chromium is missing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { LogWriter } from '../../src/log/index.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { startViewServer, type ViewServer } from '../../src/view/server.ts';
import { readMembers } from '../log/helpers.ts';
import { agenticLog, badLogs, builtViewer, callNote, finishedLog, logFolder, plainSample, runningLog } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  process.stderr.write(`\n!!! SKIPPING the hookline view browser tests: ${CHROMIUM} is missing. Install it with scripts/ci-install-chromium.sh (CI does). !!!\n\n`);
}

/** Waits (bounded) until the page's text matches, then returns the text. */
async function waitForText(page: Page, pattern: RegExp, timeout = 30_000): Promise<string> {
  // Runs in the page, where `document` exists (this project compiles without the DOM library).
  await page.waitForFunction((source) => new RegExp(source).test((globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText), pattern.source, { timeout, polling: 250 });
  return page.innerText('body');
}

describe('hookline view in Chromium', { skip: hasChromium ? false : `${CHROMIUM} is missing (run scripts/ci-install-chromium.sh)` }, () => {
  let server: ViewServer;
  let browser: BrowserContext;
  let page: Page;
  let running: LogWriter;
  const shots = mkdtempSync(join(tmpdir(), 'hookline-view-shots-'));

  before(async () => {
    resetHooks();
    const logDir = logFolder();
    const log = await finishedLog(logDir);
    running = await runningLog(logDir, log.eval, 2);
    server = await startViewServer({ logDir, assetsDir: builtViewer(), port: 0 });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'hookline-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.goto(server.url);
  });
  after(async () => {
    await browser?.close();
    await running?.close();
    await server?.close();
    process.stdout.write(`hookline view screenshots: ${shots}\n`);
  });

  it('lists the logs of the folder with their task, model and score', async () => {
    const text = await waitForText(page, /viewer_demo[\s\S]*mockllm\/model[\s\S]*1\.0/);
    assert.ok(text.includes('still_running'), 'the log being written is listed too');
    await page.screenshot({ path: join(shots, 'list.png') });
  });

  it('shows a log with its scores and every sample of both epochs, the errored ones marked', async () => {
    await page.getByText('viewer_demo', { exact: true }).first().click();
    const text = await waitForText(page, /ACCURACY[\s\S]*SAMPLE SUM/i);
    assert.match(text, /2 of 6 samples \(33%\) had errors/, 'the viewer counts the errored samples');
    assert.equal((text.match(/Error/g) ?? []).length >= 2, true, 'both epochs of the failing sample are marked as errors');
    await page.screenshot({ path: join(shots, 'log.png') });
  });

  it('shows the error of an errored sample', async () => {
    await page.getByText('This one fails.').first().click();
    await waitForText(page, /planned failure for the viewer test/);
    await page.screenshot({ path: join(shots, 'errored-sample.png') });
    await page.keyboard.press('Escape');
  });

  it('shows the tool call of a sample in its transcript', async () => {
    await page.goBack();
    await waitForText(page, /SAMPLE SUM/i);
    await page.getByText('What is 1 + 2? Use the tool.').first().click();
    await page.getByText('Transcript', { exact: true }).first().click();
    const text = await waitForText(page, /add[\s\S]*\b3\b/);
    assert.match(text, /\badd\b/, 'the tool event names the tool');
    await page.screenshot({ path: join(shots, 'tool-sample.png') });
    // The system message is stored once as an attachment (a condensed log): the viewer shows its text.
    await page.getByText('Messages', { exact: true }).first().click();
    await waitForText(page, /You are a careful assistant for the viewer test\. Answer briefly/);
    await page.screenshot({ path: join(shots, 'messages.png') });
  });

  it('shows a log that is still being written, and updates it as samples arrive', async () => {
    await page.goto(server.url);
    await page.getByText('still_running', { exact: true }).first().click();
    await waitForText(page, /Question 2/);
    await running.logSample(plainSample(3, 'answer 3'));
    await page.goto(server.url);
    await page.getByText('still_running', { exact: true }).first().click();
    await waitForText(page, /Question 3/, 60_000);
    await page.screenshot({ path: join(shots, 'running.png') });
  });

  it('shows a .json log with errored samples, tool calls and epochs in full', async () => {
    const logDir = logFolder();
    await finishedLog(logDir, 'json');
    const other = await startViewServer({ logDir, assetsDir: builtViewer(), port: 0 });
    try {
      await page.goto(other.url);
      await waitForText(page, /viewer_demo[\s\S]*1\.0/);
      await page.getByText('viewer_demo', { exact: true }).first().click();
      const text = await waitForText(page, /ACCURACY[\s\S]*SAMPLE SUM/i);
      assert.match(text, /2 of 6 samples \(33%\) had errors/, 'the errored samples are counted, not a crash');
      await page.getByText('What is 1 + 2? Use the tool.').first().click();
      await page.getByText('Transcript', { exact: true }).first().click();
      await waitForText(page, /add\(a: 1, b: 2\)/);
      await page.screenshot({ path: join(shots, 'json-tool-sample.png') });
    } finally {
      await other.close();
    }
  });

  it('shows the input messages of every model call of a condensed multi-turn sample (events_data)', async () => {
    const logDir = logFolder();
    const log = await agenticLog(logDir);
    const member = (await readMembers(log.location!)).find((m) => m.name.startsWith('samples/'))!.value as { events: Array<{ event: string; input?: unknown[]; input_refs?: unknown }>; events_data?: unknown };
    const models = member.events.filter((e) => e.event === 'model');
    assert.ok(member.events_data !== undefined && models.length === 4 && models.every((e) => e.input!.length === 0 && e.input_refs !== undefined), 'the sample is stored with pooled model inputs');
    const other = await startViewServer({ logDir, assetsDir: builtViewer(), port: 0 });
    try {
      await page.goto(other.url);
      await waitForText(page, /agentic_demo/);
      await page.getByText('agentic_demo', { exact: true }).first().click();
      await page.getByText('Start the multi-turn conversation.').first().click();
      await page.getByText('Transcript', { exact: true }).first().click();
      // Each note is only in its own model call's input: the viewer shows it only if the pool was resolved.
      const text = await waitForText(page, new RegExp(`${callNote(1)}[\\s\\S]*${callNote(4)}`));
      for (let turn = 1; turn <= 4; turn++) assert.ok(text.includes(callNote(turn)), `model call ${turn} shows its input`);
      await page.screenshot({ path: join(shots, 'agentic-sample.png') });
    } finally {
      await other.close();
    }
  });

  it('names a corrupt log and one of a newer format instead of showing a blank page', async () => {
    const logDir = logFolder();
    const log = await finishedLog(logDir);
    badLogs(logDir, log.eval);
    const other = await startViewServer({ logDir, assetsDir: builtViewer(), port: 0 });
    try {
      await page.goto(other.url);
      const text = await waitForText(page, /viewer_demo[\s\S]*1\.0/);
      assert.match(text, /corrupt_AAAA\.eval \(unreadable\)/, 'the corrupt log is listed as unreadable, and the others still load');
      for (const [name, reason] of [['corrupt_AAAA', /Cannot read this log: .*corrupt_AAAA\.eval/], ['future_BBBB', /format version 99; this viewer reads logs up to version 2/]] as const) {
        await page.goto(other.url);
        await page.getByText(name).first().click();
        await waitForText(page, /unreadable log: see its Error tab/);
        await page.getByText('Error', { exact: true }).first().click();
        await waitForText(page, reason);
        await page.screenshot({ path: join(shots, `${name}.png`) });
      }
    } finally {
      await other.close();
    }
  });
});
