/**
 * Helpers shared by the test suites.
 * @module
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetHooks } from '../src/testing/reset.ts';
import { captureWarnings, type Warning } from '../src/runtime/warnings.ts';

/** Starts capturing warnings; returns the list and a restore function. */
export function recordWarnings(): { warnings: Warning[]; messages: () => string[]; restore: () => void } {
  const warnings: Warning[] = [];
  const restore = captureWarnings((w) => warnings.push(w));
  return { warnings, messages: () => warnings.map((w) => w.message), restore };
}

/** A fresh hook bus and start-up state (call in beforeEach): the shipped `resetHooks()`. */
export const freshHooks = resetHooks;

/** A new empty temporary folder. */
export function tempDir(prefix = 'hookline-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
