/**
 * `hookline/testing`: helpers for hook authors and their tests: an event recorder, a scripted
 * model, and a fresh hook state between tests.
 * @module
 */
// Hosts started from here (the scripted model) see the built-in integrations too.
import '../integrations/startup.ts';

export { EventRecorder, type RecordedEvent, recordEvents } from './recorder.ts';
export { resetHooks } from './reset.ts';
export { callTool, say, type ScriptedModel, scriptedModel, type ScriptedStep } from './scripted-model.ts';
