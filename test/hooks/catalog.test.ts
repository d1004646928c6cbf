import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalog, EVENT_NAMES, eventForWireName, isHookEventName, resolveEventName } from '../../src/hooks/catalog.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';

describe('event catalog', () => {
  it('lists every event of the design, with unique wire names', () => {
    const design = [
      'onEvalSetStart', 'onEvalSetEnd', 'onRunStart', 'onRunEnd', 'onTaskStart', 'onTaskEnd',
      'onSampleInit', 'onSampleStart', 'onSampleAttemptStart', 'onSampleEvent', 'onSampleScoring', 'onSampleAttemptEnd', 'onSampleEnd',
      'onModelCreate', 'onBeforeModelGenerate', 'onAfterModelGenerate', 'onModelRetry', 'onModelUsage', 'onModelCacheUsage',
      'onAgentCreate', 'onSessionStart', 'onSessionEnd', 'onUserPromptSubmit', 'onStop', 'onAgentResult',
      'onToolCreate', 'onPreToolUse', 'onPostToolUse', 'onPostToolUseFailure', 'onPermissionRequest', 'onNotification', 'onPreCompact', 'onPostCompact',
      'onStepStart', 'onStepEnd', 'onStepAction', 'onStepObservation', 'onSubagentStart', 'onSubagentStop', 'onInterrupt',
    ];
    assert.deepEqual([...EVENT_NAMES].sort(), design.sort(), 'the catalog holds exactly the designed events (add a new one here too)');
    const wires = EVENT_NAMES.map((e) => catalog[e].wire);
    assert.equal(new Set(wires).size, wires.length);
    for (const name of EVENT_NAMES) {
      assert.equal(catalog[name].wire, name.slice(2), `wire name of ${name} is the method name without "on"`);
      assert.equal(eventForWireName(catalog[name].wire), name);
    }
  });

  it('maps every promptulate alias to its canonical event', () => {
    const expected: Record<string, string> = {
      onLlmStart: 'onBeforeModelGenerate',
      onToolStart: 'onPreToolUse',
      onToolResult: 'onPostToolUse',
      onAgentStart: 'onUserPromptSubmit',
      onLlmResult: 'onAfterModelGenerate',
      onLlmCreate: 'onModelCreate',
      onAgentAction: 'onStepAction',
      onAgentObservation: 'onStepObservation',
    };
    for (const [alias, canonical] of Object.entries(expected)) assert.equal(resolveEventName(alias), canonical);
    const allAliases = EVENT_NAMES.flatMap((e) => catalog[e].aliases);
    assert.deepEqual(new Set(allAliases), new Set(Object.keys(expected)));
    assert.equal(resolveEventName('onNothing'), undefined);
    assert.equal(isHookEventName('onLlmStart'), false);
  });

  it('gives each event one capability, and only onBeforeModelGenerate mutates', () => {
    const mutate = EVENT_NAMES.filter((e) => catalog[e].capability === 'mutate');
    assert.deepEqual(mutate, ['onBeforeModelGenerate']);
    const decide = EVENT_NAMES.filter((e) => catalog[e].capability === 'decide');
    assert.deepEqual(decide, ['onSessionStart', 'onUserPromptSubmit', 'onStop', 'onPreToolUse', 'onPostToolUse', 'onPostToolUseFailure', 'onPermissionRequest', 'onPreCompact', 'onSubagentStart', 'onSubagentStop']);
  });

  it('documents when and how often every event fires', () => {
    for (const name of EVENT_NAMES) {
      assert.ok(catalog[name].when.length > 10, name);
      assert.ok(catalog[name].cardinality.length > 5, name);
    }
  });

  it('has a Hooks method slot for every event and alias (no drift between types and runtime)', () => {
    // The compile-time proof is _MethodsMatchCatalog in hooks-class.ts; here the runtime side:
    // a subclass implementing every name registers for exactly the catalog's events.
    const names = [...EVENT_NAMES, ...EVENT_NAMES.flatMap((e) => catalog[e].aliases)];
    const proto = Object.create(Hooks.prototype) as Record<string, unknown>;
    for (const n of names) proto[n] = () => undefined;
    assert.equal(new Set(names.map((n) => resolveEventName(n))).size, EVENT_NAMES.length);
  });
});
