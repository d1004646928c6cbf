/**
 * Test helpers for hook authors (`hookline/testing`): an event recorder and a fresh hook state.
 * @module
 */
export { EventRecorder, type RecordedEvent, recordEvents } from './recorder.ts';
export { resetHooks } from './reset.ts';
