/**
 * Resetting the process-wide hook state between tests.
 * @module
 */
import { resetHookBus } from '../hooks/bus.ts';
import { resetStartupState } from '../hooks/startup.ts';

/** Empties the hook bus and forgets that start-up (plugins, banner, required check) ran. */
export function resetHooks(): void {
  resetHookBus();
  resetStartupState();
}
