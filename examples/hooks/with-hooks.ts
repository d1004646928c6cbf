/**
 * The arithmetic eval with the two example hooks registered (importing a hook module registers
 * its class).
 *
 *   npx hookline eval examples/hooks/with-hooks.ts
 */
import './recording-hook.ts';
import './metrics-to-file.ts';

export { arithmetic } from '../arithmetic.ts';
